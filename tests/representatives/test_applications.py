"""Applications to represent a region: submitted by members, decided by the board in the admin."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse

from community import roles
from community.workflow import ActionRefused, TransitionRefused
from representatives.models import (
    ApplicationStatus,
    Region,
    Representative,
    RepresentativeApplication,
)
from representatives.services import application_accept, application_decline, application_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
APPLY = reverse("representatives:application-create")
MINE = reverse("representatives:application-mine")


def india():
    return Region.objects.get(slug="india")


def apply(user, region=None):
    return application_submit(
        applicant=user,
        region=region or india(),
        motivation="I organise PyCon India.",
        community_involvement="PyDelhi, PyCon India.",
        references="Ravi, ravi@example.org",
    )


def test_a_member_applies_on_the_site_and_sees_the_status(client, member):
    client.force_login(member)
    response = client.post(
        APPLY,
        {
            "region": india().pk,
            "motivation": "I organise PyCon India.",
            "community_involvement": "PyDelhi",
            "references": "Ravi",
        },
    )
    assert response.status_code == 302
    html = client.get(MINE).content.decode()
    assert "India" in html
    assert "Submitted" in html
    application = RepresentativeApplication.objects.get()
    assert [(h.from_status, h.to_status) for h in application.history.all()] == [("", "submitted")]


def test_an_unverified_member_is_told_to_verify_first():
    user = UserFactory(verified_email=False)
    with pytest.raises(ActionRefused, match="Verify your e-mail"):
        apply(user)


def test_a_second_open_application_for_the_same_region_is_refused(client, member):
    apply(member)
    client.force_login(member)
    response = client.post(
        APPLY,
        {"region": india().pk, "motivation": "a", "community_involvement": "b", "references": "c"},
    )
    assert "You already have an open application for India" in response.content.decode()
    assert RepresentativeApplication.objects.count() == 1


def test_an_application_keeps_what_the_member_wrote_and_who_sent_it(member):
    application = apply(member)
    application.refresh_from_db()
    assert (
        application.motivation,
        application.community_involvement,
        application.references,
    ) == ("I organise PyCon India.", "PyDelhi, PyCon India.", "Ravi, ravi@example.org")
    assert application.history.get().by == member


def test_an_open_application_in_one_region_does_not_block_another_region(member):
    apply(member)
    assert apply(member, region=Region.objects.get(slug="asia")).region.slug == "asia"


def test_two_applications_at_once_give_one_and_a_clear_refusal(member, monkeypatch):
    apply(member)
    real_exists = QuerySet.exists

    def check_ran_before_the_first_commit(queryset):
        if queryset.model is RepresentativeApplication:
            return False
        return real_exists(queryset)

    monkeypatch.setattr(QuerySet, "exists", check_ran_before_the_first_commit)
    with pytest.raises(ActionRefused, match="You already have an open application for India"):
        apply(member)
    assert RepresentativeApplication.objects.count() == 1


def test_the_database_refuses_two_open_applications_for_one_region(member):
    apply(member)
    with pytest.raises(IntegrityError), transaction.atomic():
        RepresentativeApplication.objects.create(
            applicant=member,
            region=india(),
            motivation="a",
            community_involvement="b",
            references="c",
        )


def test_after_a_decline_the_member_may_apply_again(member, board_member):
    application_decline(application=apply(member), by=board_member, reason="Too early.")
    assert apply(member).status == ApplicationStatus.SUBMITTED


def test_accepting_creates_the_representative_grants_the_role_and_mails_after_commit(
    member, board_member, mailoutbox, django_capture_on_commit_callbacks
):
    application = apply(member)
    with django_capture_on_commit_callbacks(execute=True):
        representative = application_accept(application=application, by=board_member)
    assert representative.status == Representative.Status.ACTIVE
    assert representative.region == india()
    assert member.groups.filter(name=roles.REGIONAL_REPRESENTATIVES.name).exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.representative == representative
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "India" in mailoutbox[0].subject


def test_declining_needs_a_reason_and_mails_it(
    member, board_member, mailoutbox, django_capture_on_commit_callbacks
):
    application = apply(member)
    with pytest.raises(ActionRefused, match="Say why"):
        application_decline(application=application, by=board_member, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        application_decline(application=application, by=board_member, reason="Too early.")
    assert "Too early." in mailoutbox[0].body
    assert application.history.last().reason == "Too early."


def test_the_history_keeps_who_declined(member, board_member):
    application = application_decline(application=apply(member), by=board_member, reason="No.")
    last = application.history.last()
    assert (last.to_status, last.by, last.reason) == ("declined", board_member, "No.")
    application.refresh_from_db()
    assert application.decided_at == last.at


def test_a_decided_application_cannot_be_decided_again(member, board_member):
    application = apply(member)
    application_decline(application=application, by=board_member, reason="Too early.")
    with pytest.raises(TransitionRefused):
        application_accept(application=application, by=board_member)
    assert not Representative.objects.exists()


HISTORY_FORMS = {"history-TOTAL_FORMS": "1", "history-INITIAL_FORMS": "1"}


def change_url(application):
    return reverse("admin:representatives_representativeapplication_change", args=[application.pk])


def test_a_board_member_accepts_in_the_admin(client, member, board_member):
    application = apply(member)
    client.force_login(board_member)
    response = client.post(
        change_url(application), {"decision": "accept", "reason": "", **HISTORY_FORMS}
    )
    assert response.status_code == 302
    assert Representative.objects.get().user == member


def test_the_admin_refuses_a_decline_without_a_reason(client, member, board_member):
    application = apply(member)
    client.force_login(board_member)
    response = client.post(
        change_url(application), {"decision": "decline", "reason": "", **HISTORY_FORMS}
    )
    assert "Say why the application is declined" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_representative_cannot_decide_applications(client, member, representative):
    application = apply(member)
    client.force_login(representative)
    response = client.post(
        change_url(application), {"decision": "accept", "reason": "", **HISTORY_FORMS}
    )
    assert response.status_code == 403
    assert not Representative.objects.exists()


def test_my_applications_shows_only_mine(client, member):
    apply(UserFactory(), region=Region.objects.get(slug="asia"))
    client.force_login(member)
    assert "Asia" not in client.get(MINE).content.decode()
