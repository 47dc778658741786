"""Property-based tests: hostile input at every public form and at the ICS importer.

Whatever arrives (unicode, control characters, NUL bytes, huge strings, dates
that are not dates), the answer is never a 500 and a refused submission writes
nothing.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import Calendar, Event
from events.services import ImportFailed, import_ics
from jobs.models import JobPost
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
