"""Accepting an application: the new representative's title and term, and what the
applicant is told."""

from datetime import date

import pytest
from django.utils import timezone

from representatives.models import Region, Representative, RepresentativeApplication
from representatives.services import application_accept, application_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(member):
    return application_submit(
        applicant=member,
        region=Region.objects.get(slug="india"),
        motivation="I organise PyCon India.",
        community_involvement="PyDelhi.",
        references="Ravi",
    )


def test_without_a_title_or_start_the_term_is_a_regional_representatives_from_today(
    application, board_member
):
    application_accept(application=application, by=board_member)
    stored = Representative.objects.get(user=application.applicant)
    assert (stored.role_title, stored.term_start) == (
        "Regional representative",
        timezone.localdate(),
    )
    assert stored.status == Representative.Status.ACTIVE
    assert RepresentativeApplication.objects.get(pk=application.pk).representative == stored


def test_the_board_gives_the_title_and_the_start_and_the_applicant_reads_them(
    application, board_member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application_accept(
            application=application,
            by=board_member,
            role_title="Ambassador for India",
            term_start=date(2027, 1, 1),
        )
    stored = Representative.objects.get(user=application.applicant)
    assert (stored.role_title, stored.term_start) == ("Ambassador for India", date(2027, 1, 1))
    [mail] = mailoutbox
    assert mail.subject.endswith("Welcome: you represent the PSF in India")
    assert "Your term starts on Jan. 1, 2027." in mail.body
    assert "http://127.0.0.1:8000/regions/applications/mine/" in mail.body
    assert application.history.last().by == board_member
