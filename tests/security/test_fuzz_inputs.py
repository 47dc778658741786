"""Property-based tests: hostile input at every public form and at the ICS importer.

Whatever arrives (unicode, control characters, NUL bytes, huge strings, dates
that are not dates), the answer is never a 500 and a refused submission writes
nothing.
"""

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import Calendar, Event
from events.services import ImportFailed, import_ics
from jobs.models import JobPost
from tests.events.factories import EventFactory
from tests.events.rule_work import rule_work_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50).map(lambda s: s * 400),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            "javascript:alert(1)",
            "2026-02-30",
            "31/12/2026",
            "9999-99-99",
            "-1",
            "1e309",
            "../../etc/passwd",
            "' OR 1=1 --",
            "\U0001d513\U0001d536 \U0001f40d \u202e\u200b" * 50,  # astral, RTL override, zero width
            "",
        ]
    ),
)


def form_data(field_names):
    return st.fixed_dictionaries(dict.fromkeys(field_names, hostile_text))


EVENT_FIELDS = [
    "calendar", "title", "description", "timezone", "start_date", "start_time", "end_date",
    "end_time", "repeat", "repeat_until", "website_url", "registration_url", "cfp_deadline",
    "tags", "venue_name", "venue_address", "city", "country", "attendance", "region",
    "organiser_name", "organiser_email",
]  # fmt: skip
JOB_FIELDS = [
    "title", "company_name", "company_website", "city", "region", "country", "remote",
    "time_zones", "job_types", "category", "description", "requirements", "apply_url",
    "apply_email", "contact_email", "allows_agencies",
]  # fmt: skip
SIGNUP_FIELDS = ["email", "username", "password1", "password2"]


def signed_in_client(user):
    client = Client()
    client.force_login(user)
    return client


@FUZZ
@given(data=form_data(EVENT_FIELDS))
def test_event_submission_never_fails_and_refusals_write_nothing(data):
    user = UserFactory(username="fuzz-events")
    before = Event.objects.count()
    response = signed_in_client(user).post(reverse("events:submit"), data)
    assert response.status_code < 500
    if response.status_code == 200:  # the form came back with errors
        assert Event.objects.count() == before


@FUZZ
@given(data=form_data(JOB_FIELDS), action=st.sampled_from(["save", "preview", "submit"]))
def test_job_posting_never_fails_and_refusals_write_nothing(data, action):
    user = UserFactory(username="fuzz-jobs")
    before = JobPost.objects.count()
    response = signed_in_client(user).post(reverse("jobs:job-create"), {**data, action: "1"})
    assert response.status_code < 500
    if response.status_code == 200:
        assert JobPost.objects.count() == before


@FUZZ
@given(data=form_data(SIGNUP_FIELDS))
def test_sign_up_never_fails_and_refusals_write_nothing(data):
    before = get_user_model().objects.count()
    response = Client().post(reverse("account_signup"), data)
    assert response.status_code < 500
    if response.status_code == 200:
        assert get_user_model().objects.count() == before


@FUZZ
@given(data=form_data(["first_name", "last_name"]))
def test_profile_form_never_fails(data):
    user = UserFactory(username="fuzz-profile")
    response = signed_in_client(user).post(reverse("community:profile"), data)
    assert response.status_code < 500


@FUZZ
@given(
    url=st.sampled_from(
        [
            "jobs:index",
            "jobs:feed-rss",
            "representatives:group-list",
            "events:index",
        ]
    ),
    params=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "category",
                "job_type",
                "remote",
                "country",
                "region",
                "page",
                "online",
                "search",
                "attendance",
                "tag",
                "limit",
            ]
        ),
        hostile_text,
        max_size=5,
    ),
)
def test_public_lists_and_filters_never_fail(url, params):
    assert Client().get(reverse(url), params).status_code < 500


@FUZZ
@given(
    calendar=st.sampled_from(["python-events", "user-group-events"]),
    params=st.dictionaries(
        st.sampled_from(["q", "country", "region", "category", "online", "page", "limit"]),
        hostile_text,
        max_size=4,
    ),
    view=st.sampled_from(
        [
            "events:calendar",
            "events:calendar-past",
            "events:calendar-widget",
            "events:calendar-json",
            "events:calendar-rss",
        ]
    ),
)
def test_calendar_pages_and_feeds_never_fail(calendar, params, view):
    response = Client().get(reverse(view, kwargs={"calendar": calendar}), params)
    assert response.status_code < 500


VEVENT_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "BEGIN:VEVENT", "END:VEVENT", "UID:fuzz-1", "SUMMARY:Fuzz meetup",
                "DTSTART:20270101T090000Z", "DTEND:20270101T100000Z", "DTSTART;VALUE=DATE:2027",
                "DTSTART;TZID=Mars/Olympus:20270101T090000", "RRULE:FREQ=SOMETIMES",
                "RRULE:FREQ=WEEKLY;COUNT=-3", "EXDATE:notadate", "STATUS:CANCELLED",
                "URL:javascript:alert(1)", "DESCRIPTION:<script>x</script>",
                "DTEND:19000101T000000Z", "BEGIN:VTIMEZONE", "END:VTIMEZONE",
            ]
        ),
        st.text(max_size=80).map(lambda s: s.replace("\r", "").replace("\n", "")),
    ),
    max_size=25,
)  # fmt: skip


@FUZZ
@given(lines=VEVENT_LINES, raw=st.binary(max_size=200), use_raw=st.booleans())
def test_ics_importer_refuses_garbage_cleanly_and_never_half_imports(lines, raw, use_raw):
    calendar = Calendar.objects.get(slug="user-group-events")
    body = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fuzz//", *lines])
    data = raw if use_raw else (body + "\r\nEND:VCALENDAR\r\n").encode()
    before = Event.objects.count()
    try:
        result = import_ics(calendar=calendar, data=data)
    except ImportFailed:
        assert Event.objects.count() == before
        return
    assert Event.objects.count() == before + result.created
    for event in Event.objects.filter(calendar=calendar):
        event.full_clean()  # whatever was imported is a whole, valid event


# --- issue 23 §7: admin list parameters, recurrence fields, the importer's dates -----------

ADMIN_CHANGELISTS = {
    "/admin/events/event/": [
        "status__exact", "calendar__id__exact", "country", "start__year", "start__month",
        "start__day", "start__gte", "start__lt", "category__exact", "duplicates",
        "is_featured__exact", "q", "o", "p", "e",
    ],
    "/admin/jobs/jobpost/": [
        "queue", "claim", "category__exact", "remote__exact", "country", "q", "o", "p",
    ],
    "/admin/representatives/region/": ["status__exact", "q", "o", "p"],
    "/admin/representatives/usergroup/": [
        "is_trusted__exact", "last_import_status__exact", "region__id__exact", "q", "o",
    ],
}  # fmt: skip

numberish = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.sampled_from(["9999", "10000", "0", "00", "1e3", "2026-13-01", "9" * 20, "\x00"]),
)


@FUZZ
@given(
    changelist=st.sampled_from(sorted(ADMIN_CHANGELISTS)),
    data=st.data(),
)
def test_admin_list_parameters_never_fail(superuser, changelist, data):
    names = ADMIN_CHANGELISTS[changelist]
    params = data.draw(
        st.dictionaries(st.sampled_from(names), st.one_of(hostile_text, numberish), max_size=4)
    )
    response = signed_in_client(superuser).get(changelist, params)
    assert response.status_code < 500


RULE_PARTS = st.one_of(
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "MINUTELY", "SECONDLY",
                     "SOMETIMES", ""]).map(lambda f: f"FREQ={f}"),
    st.integers(-5, 10**12).map(lambda n: f"INTERVAL={n}"),
    st.integers(-5, 10**12).map(lambda n: f"COUNT={n}"),
    st.sampled_from(["UNTIL=99991231T235959Z", "UNTIL=00010101", "UNTIL=20270230",
                     "UNTIL=20280101T000000Z", "UNTIL=2028", "UNTIL=20271231"]),
    st.sampled_from(["BYDAY=MO", "BYDAY=+5FR", "BYDAY=-1SU,53MO", "BYMONTHDAY=31",
                     "BYMONTHDAY=30;BYMONTH=2", "BYMONTH=13", "BYSETPOS=366", "BYYEARDAY=366",
                     "BYWEEKNO=53", "BYHOUR=1,2,3", "BYMINUTE=0", "WKST=XX", "X-NAME=1",
                     "BYEASTER=0"]),
    hostile_text,
)  # fmt: skip


@FUZZ
@given(
    parts=st.lists(RULE_PARTS, min_size=1, max_size=5),
    start=st.datetimes(min_value=datetime(1890, 1, 1), max_value=datetime(2040, 1, 1)),
    zone=st.sampled_from(["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "America/Los_Angeles"]),
)
def test_recurrence_rules_are_refused_cleanly_and_accepted_ones_expand_in_bounded_work(
    parts, start, zone
):
    local = start.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    event = EventFactory.build(
        start=local, end=local + timedelta(hours=2), timezone=zone, recurrence_rule=";".join(parts)
    )
    # At most one 400-year calendar cycle of periods per expansion, never to the year 9999.
    with rule_work_budget(3 * 400 * 366):
        try:
            event.full_clean()
        except ValidationError:
            return
        now = datetime.now(UTC)
        event.occurrences(now, now + timedelta(days=62))
        event.next_occurrence(now)
        event.compute_series_end()


@FUZZ
@given(
    data=form_data(["title"]),
    repeat=st.sampled_from(["", "weekly", "fortnightly", "monthly", "daily", "\x00"]),
    dates=st.fixed_dictionaries(
        dict.fromkeys(
            ["start_date", "end_date", "repeat_until"],
            st.one_of(
                st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(str),
                st.sampled_from(["9999-12-31", "0001-01-01", "2026-02-30", ""]),
            ),
        )
    ),
    all_day=st.booleans(),
)
def test_event_recurrence_fields_never_fail(data, repeat, dates, all_day):
    user = UserFactory(username="fuzz-recurrence")
    post = {
        "calendar": Calendar.objects.get(slug="python-events").pk,
        "category": "conference",
        "timezone": "America/Los_Angeles",
        "start_time": "" if all_day else "09:00",
        "end_time": "" if all_day else "18:00",
        "repeat": repeat,
        "attendance_mode": "in_person",
        "website_url": "https://example.org/",
        "organiser_email": "fuzz@example.org",
        **data,
        **dates,
    }
    before = Event.objects.count()
    response = signed_in_client(user).post(reverse("events:submit"), post)
    assert response.status_code < 500
    if response.status_code == 200:
        assert Event.objects.count() == before


ICS_DATE_VALUES = st.sampled_from(
    ["00010101T000000", "00010101", "18991231T235959Z", "99991231T235959Z", "99991231",
     "20270101T090000", "20270101", "20270230T090000", "2027", "99991231T230000"]
)  # fmt: skip
ICS_DATE_PARAMS = st.sampled_from(
    ["", ";VALUE=DATE", ";TZID=Asia/Tokyo", ";TZID=Pacific/Kiritimati", ";TZID=Etc/GMT+12",
     ";TZID=America/Los_Angeles", ";TZID=Mars/Olympus"]
)  # fmt: skip


@FUZZ
@given(
    props=st.lists(
        st.tuples(
            st.sampled_from(["DTSTART", "DTEND", "EXDATE", "RECURRENCE-ID", "RRULE"]),
            ICS_DATE_PARAMS,
            ICS_DATE_VALUES,
        ),
        max_size=6,
    ),
    freq=st.sampled_from(["WEEKLY", "MINUTELY", "SECONDLY;COUNT=2000000000", "DAILY"]),
)
def test_ics_importer_dates_are_refused_cleanly(props, freq):
    calendar = Calendar.objects.get(slug="user-group-events")
    lines = ["BEGIN:VEVENT", "UID:fuzz-dates", "SUMMARY:Fuzz dates"]
    for name, params, value in props:
        if name == "RRULE":
            lines.append(f"RRULE:FREQ={freq};UNTIL={value}")
        else:
            lines.append(f"{name}{params}:{value}")
    body = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fuzz//", *lines])
    data = (body + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    before = Event.objects.count()
    with rule_work_budget(3 * 400 * 366):
        try:
            result = import_ics(calendar=calendar, data=data)
        except ImportFailed:
            assert Event.objects.count() == before
            return
    assert Event.objects.count() == before + result.created
    for event in Event.objects.filter(calendar=calendar):
        event.full_clean()
