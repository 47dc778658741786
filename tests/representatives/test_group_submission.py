"""Anyone signed in submits a group; the region's representatives or the calendar
volunteers approve or decline it on the shared workflow; duplicates are refused."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from community import roles
from community.workflow import ActionRefused, TransitionRefused
from representatives.models import GroupReview, Region, UserGroup
from representatives.services import (
    MAX_WAITING_SUBMISSIONS,
    DuplicateGroup,
    group_approve,
    group_decline,
    group_submit,
)
from tests.factories import UserFactory
from tests.representatives.factories import RepresentativeFactory, UserGroupFactory

pytestmark = pytest.mark.django_db
SUBMIT = reverse("representatives:group-submit")


def form(**overrides):
    return {
        "name": "PyLadies Ghent",
        "city": "Ghent",
        "country": "BE",
        "website": "https://ghent.pyladies.example.org/",
        "ics_url": "",
        "social_links": "https://fosstodon.org/@pyladiesghent\n\nhttps://discord.example.org/ghent",
        "languages": ["nl", "en"],
        "meeting_frequency": "monthly",
        "contact_name": "Ines",
        "contact_email": "ines@private.example",
        **overrides,
    }


def submit(client, user, **overrides):
    client.force_login(user)
    return client.post(SUBMIT, form(**overrides))


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(SUBMIT)
    assert response.status_code == 302
    assert "login" in response.url


def test_a_member_submits_a_group_that_waits_for_review(
    client, member, django_capture_on_commit_callbacks, mailoutbox
):
    rep = RepresentativeFactory(user=UserFactory(email="rep@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, member)
    assert response.status_code == 302
    group = UserGroup.objects.get(name="PyLadies Ghent")
    assert group.review_status == GroupReview.SUBMITTED
    assert group.region.slug == "europe"  # derived from Belgium
    assert group.submitted_by == member
    assert group.languages == ["nl", "en"]
    assert group.social_links == [
        "https://fosstodon.org/@pyladiesghent",
        "https://discord.example.org/ghent",
    ]
    assert [(h.from_status, h.to_status, h.by) for h in group.history.all()] == [
        ("", "submitted", member)
    ]
    # The region's representative is told, after the commit.
    assert [m.to for m in mailoutbox] == [[rep.user.email]]
    assert "PyLadies Ghent" in mailoutbox[0].subject
    # Not public until approved, but the submitter sees it waiting.
    assert client.get(group.get_absolute_url()).status_code == 404
    assert b"PyLadies Ghent" not in client.get(reverse("representatives:group-list")).content
    assert "Waiting for review" in client.get(SUBMIT).content.decode()


def test_a_submission_in_a_country_nobody_represents_goes_to_the_calendar_volunteers(
    client, member, calendar_volunteer, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, member, country="JP", city="Sapporo", name="Python Sapporo")
    assert [m.to for m in mailoutbox] == [[calendar_volunteer.email]]


def test_a_calendar_volunteer_whose_account_is_closed_is_not_mailed(
    client, member, calendar_volunteer, django_capture_on_commit_callbacks, mailoutbox
):
    UserFactory(
        username="gone", email="gone@example.org", role=roles.CALENDAR_VOLUNTEERS, is_active=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, member, country="JP", city="Sapporo", name="Python Sapporo")
    assert [m.to for m in mailoutbox] == [[calendar_volunteer.email]]


@pytest.mark.parametrize(
    ("name", "city"),
    [("python kraków", "KRAKÓW"), ("Python Krakow", "krakow"), ("Python  Kraków!", "Kraków")],
)
def test_the_same_name_in_the_same_city_is_refused_with_a_link(client, member, name, city):
    existing = UserGroupFactory(name="Python Kraków", city="Kraków", country="PL")
    response = submit(client, member, name=name, city=city, country="PL", website="")
    assert response.status_code == 200
    html = response.content.decode()
    assert "is already in the directory" in html
    assert f'href="{existing.get_absolute_url()}"' in html
    assert UserGroup.objects.count() == 1


def test_the_same_name_in_another_city_is_another_group(member):
    UserGroupFactory(name="PyLadies", city="Berlin", country="DE")
    group = group_submit(by=member, name="PyLadies", city="Ghent", country="BE")
    assert group.review_status == GroupReview.SUBMITTED


def test_the_same_website_is_refused_whatever_its_spelling(client, member):
    UserGroupFactory(
        name="PyGhent", city="Gent", country="BE", website="https://pyghent.example.org"
    )
    response = submit(client, member, website="http://www.PyGhent.example.org/")
    assert "is already in the directory" in response.content.decode()
    assert not UserGroup.objects.filter(name="PyLadies Ghent").exists()


def test_a_group_waiting_for_review_is_named_but_not_linked(client, member):
    UserGroupFactory(
        name="PyLadies Ghent", city="Ghent", country="BE", review_status=GroupReview.SUBMITTED
    )
    html = submit(client, member).content.decode()
    assert "already been submitted and is waiting for review" in html
    assert "/regions/groups/pyladies" not in html


def test_a_declined_submission_does_not_block_a_better_one(member):
    UserGroupFactory(
        name="PyLadies Ghent", city="Ghent", country="BE", review_status=GroupReview.DECLINED
    )
    group = group_submit(by=member, name="PyLadies Ghent", city="Ghent", country="BE")
    assert group.review_status == GroupReview.SUBMITTED


def test_the_database_refuses_a_duplicate_that_skips_the_check():
    UserGroupFactory(name="Python Kraków", city="Kraków", country="PL")
    with pytest.raises(IntegrityError):
        UserGroupFactory(name="PYTHON KRAKOW", city="krakow", country="PL")


def test_two_submissions_at_once_give_one_group_and_a_duplicate_refusal(member, monkeypatch):
    first = group_submit(by=member, name="Python Kraków", city="Kraków", country="PL")
    real = UserGroup.duplicates
    calls = []

    def check_ran_before_the_first_commit(self):
        calls.append(self)
        return UserGroup.objects.none() if len(calls) == 1 else real(self)

    monkeypatch.setattr(UserGroup, "duplicates", check_ran_before_the_first_commit)
    with pytest.raises(DuplicateGroup) as refused:
        group_submit(by=member, name="Python Krakow", city="krakow", country="PL")
    assert refused.value.existing == first
    assert UserGroup.objects.count() == 1


def test_an_unknown_country_code_is_a_clear_message(client, member):
    response = submit(client, member, country="ZZ")
    assert response.status_code == 200
    assert "“ZZ” is not a country code we know" in response.content.decode()
    assert not UserGroup.objects.exists()


def test_a_lower_case_country_code_is_understood(client, member):
    submit(client, member, country="be")
    assert UserGroup.objects.get().country == "BE"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "javascript:alert(1)", "not javascript: links"),
        ("website", "ftp://example.org/", "not ftp: links"),
        ("social_links", "https://ok.example.org\njavascript:alert(1)", "not javascript: links"),
    ],
)
def test_links_that_are_not_http_are_refused_in_words(client, member, field, value, message):
    response = submit(client, member, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not UserGroup.objects.exists()


def test_more_than_five_social_links_are_refused(client, member):
    links = "\n".join(f"https://s{n}.example.org/" for n in range(6))
    response = submit(client, member, social_links=links)
    assert "no more than 5" in response.content.decode()


def test_a_member_has_at_most_five_groups_waiting(member):
    for n in range(MAX_WAITING_SUBMISSIONS):
        group_submit(by=member, name=f"Group {n}", city="Ghent", country="BE")
    with pytest.raises(ActionRefused, match="waiting for review"):
        group_submit(by=member, name="One more", city="Ghent", country="BE")


def waiting_group(member, country="BE"):
    return group_submit(by=member, name="PyLadies Ghent", city="Ghent", country=country)


def test_the_regions_representative_approves_and_the_submitter_is_told(
    member, django_capture_on_commit_callbacks, mailoutbox
):
    rep = RepresentativeFactory()
    group = waiting_group(member)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        group_approve(group=group, by=rep.user)
    group.refresh_from_db()
    assert group.review_status == GroupReview.APPROVED
    assert group.history.last().by == rep.user
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert group.get_absolute_url() in mailoutbox[0].body


def test_the_approval_mail_names_the_group_and_gives_its_page(
    member, calendar_volunteer, django_capture_on_commit_callbacks, mailoutbox
):
    group = waiting_group(member)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        group_approve(group=group, by=calendar_volunteer)
    [mail] = mailoutbox
    assert mail.subject == "[PSF Community] PyLadies Ghent is in the user group directory"
    assert "Thank you: PyLadies Ghent is now listed" in mail.body
    assert f"Its page: http://127.0.0.1:8000{group.get_absolute_url()}" in mail.body


def test_the_decline_mail_names_the_group_and_links_the_submitters_groups(
    member, calendar_volunteer, django_capture_on_commit_callbacks, mailoutbox
):
    group = waiting_group(member)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        group_decline(group=group, by=calendar_volunteer, reason="Not a Python group.")
    [mail] = mailoutbox
    assert mail.subject == (
        "[PSF Community] PyLadies Ghent was not added to the user group directory"
    )
    assert "Sorry: PyLadies Ghent was not added" in mail.body
    assert f"Your submitted groups: http://127.0.0.1:8000{SUBMIT}" in mail.body


def test_mail_links_have_one_slash_when_the_site_url_ends_with_one(
    member, calendar_volunteer, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.SITE_URL = "https://portal.example.org/"
    group = waiting_group(member)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        group_decline(group=group, by=calendar_volunteer, reason="Not a Python group.")
    body = mailoutbox[0].body
    assert f"Your submitted groups: https://portal.example.org{SUBMIT}" in body
    assert "//regions" not in body


def test_a_group_without_a_submitter_to_write_to_is_decided_without_mail(
    calendar_volunteer, django_capture_on_commit_callbacks, mailoutbox
):
    added_in_the_admin = UserGroupFactory(review_status=GroupReview.SUBMITTED)
    no_address = UserGroupFactory(
        review_status=GroupReview.SUBMITTED, submitted_by=UserFactory(email="")
    )
    with django_capture_on_commit_callbacks(execute=True):
        group_approve(group=added_in_the_admin, by=calendar_volunteer)
        group_decline(group=no_address, by=calendar_volunteer, reason="Not a Python group.")
    assert mailoutbox == []
    assert added_in_the_admin.review_status == GroupReview.APPROVED
    assert no_address.review_status == GroupReview.DECLINED


def test_a_calendar_volunteer_approves_a_group_of_any_region(member, calendar_volunteer):
    group = waiting_group(member, country="JP")
    group_approve(group=group, by=calendar_volunteer)
    assert UserGroup.objects.public().filter(pk=group.pk).exists()


def test_a_representative_of_another_region_cannot_review(member):
    asia = RepresentativeFactory(region=Region.objects.get(slug="asia"))
    group = waiting_group(member)
    with pytest.raises(ActionRefused, match="representatives of the group's region"):
        group_approve(group=group, by=asia.user)
    with pytest.raises(ActionRefused):
        group_approve(group=group, by=member)
    group.refresh_from_db()
    assert group.review_status == GroupReview.SUBMITTED


def test_declining_needs_a_reason_that_the_submitter_reads(
    member, calendar_volunteer, django_capture_on_commit_callbacks, mailoutbox
):
    group = waiting_group(member)
    with pytest.raises(ActionRefused, match="Say why"):
        group_decline(group=group, by=calendar_volunteer, reason="  ")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        group_decline(group=group, by=calendar_volunteer, reason="It is a company, not a group.")
    assert group.review_status == GroupReview.DECLINED
    assert "It is a company, not a group." in mailoutbox[0].body


def test_the_regions_representative_declines_and_the_history_keeps_who(member):
    rep = RepresentativeFactory()
    group = waiting_group(member)
    group_decline(group=group, by=rep.user, reason="A company's training course.")
    group.refresh_from_db()
    last = group.history.last()
    assert group.review_status == GroupReview.DECLINED
    assert (last.by, last.reason) == (rep.user, "A company's training course.")


def test_an_approval_is_a_sign_of_life_and_a_decline_is_not(calendar_volunteer):
    long_ago = timezone.now() - timedelta(days=500)
    approved = UserGroupFactory(review_status=GroupReview.SUBMITTED, last_activity_at=long_ago)
    declined = UserGroupFactory(review_status=GroupReview.SUBMITTED, last_activity_at=long_ago)
    group_approve(group=approved, by=calendar_volunteer)
    group_decline(group=declined, by=calendar_volunteer, reason="Not a Python group.")
    approved.refresh_from_db()
    declined.refresh_from_db()
    assert approved.last_activity_at > timezone.now() - timedelta(minutes=1)
    assert declined.last_activity_at == long_ago
    assert list(UserGroup.objects.stale(timezone.now())) == []


def test_a_representative_of_another_region_cannot_decline(member):
    asia = RepresentativeFactory(region=Region.objects.get(slug="asia"))
    group = waiting_group(member)
    with pytest.raises(ActionRefused, match="representatives of the group's region"):
        group_decline(group=group, by=asia.user, reason="Not ours.")
    group.refresh_from_db()
    assert group.review_status == GroupReview.SUBMITTED


def test_a_decided_group_cannot_be_decided_again(member, calendar_volunteer):
    group = waiting_group(member)
    group_approve(group=group, by=calendar_volunteer)
    with pytest.raises(TransitionRefused):
        group_decline(group=group, by=calendar_volunteer, reason="Changed my mind")


def test_the_admin_decision_approves_with_history(client, member, representative):
    rep = RepresentativeFactory(user=representative)
    group = waiting_group(member)
    client.force_login(rep.user)
    url = reverse("admin:representatives_usergroup_change", args=[group.pk])
    page = client.get(url).content.decode()
    assert 'name="decision"' in page
    response = client.post(
        url,
        {
            "name": group.name,
            "slug": group.slug,
            "city": "Ghent",
            "country": "BE",
            "status": "active",
            "decision": "approve",
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.review_status == GroupReview.APPROVED
    assert "Waiting for review → Approved" in client.get(url).content.decode()


def test_the_admin_refuses_to_decline_a_group_without_a_reason(client, member, representative):
    rep = RepresentativeFactory(user=representative)
    group = waiting_group(member)
    client.force_login(rep.user)
    url = reverse("admin:representatives_usergroup_change", args=[group.pk])
    data = {"name": group.name, "slug": group.slug, "city": "Ghent", "country": "BE"}
    response = client.post(url, {**data, "status": "active", "decision": "decline", "reason": " "})
    page = response.content.decode()
    assert "Say why the group is declined: the submitter reads it." in page
    assert "Needed to decline: the submitter reads it in the e-mail." in page
    group.refresh_from_db()
    assert group.review_status == GroupReview.SUBMITTED


@pytest.mark.parametrize(
    ("pasted", "stored"),
    [
        ("https://www.meetup.com/pug-berlin/", "https://www.meetup.com/pug-berlin/events/ical/"),
        ("https://meetup.com/pug-berlin", "https://www.meetup.com/pug-berlin/events/ical/"),
        (
            "https://www.meetup.com/pug-berlin/events/ical/",
            "https://www.meetup.com/pug-berlin/events/ical/",
        ),
        ("https://lu.ma/pyberlin.ics", "https://lu.ma/pyberlin.ics"),
    ],
)
def test_a_meetup_group_page_becomes_its_feed(client, member, pasted, stored):
    submit(client, member, ics_url=pasted)
    assert UserGroup.objects.get().ics_url == stored
