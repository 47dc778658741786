"""Who may file a booth's report and when, in the words the lead reads."""

import pytest

from community.workflow import ActionRefused
from kits import services
from kits.models import BoothReport, BoothStatus
from tests.factories import UserFactory
from tests.kits.factories import BoothFactory, in_days

pytestmark = pytest.mark.django_db


def refusal(**kwargs):
    with pytest.raises(ActionRefused) as refused:
        services.booth_report_file(**kwargs)
    assert not BoothReport.objects.exists()
    return str(refused.value)


def test_the_report_is_filed_from_the_first_day_and_names_who_filed_it():
    booth = BoothFactory(conference_starts=in_days(0), conference_ends=in_days(2))
    services.booth_report_file(booth=booth, by=booth.lead, visitors=40)
    assert BoothReport.objects.get().filed_by == booth.lead


def test_a_report_waits_for_the_conference_to_begin():
    booth = BoothFactory(conference_starts=in_days(1), conference_ends=in_days(3))
    assert (
        refusal(booth=booth, by=booth.lead, visitors=40)
        == "The report is filed once the conference has begun."
    )


def test_a_booth_without_a_kit_booking_files_its_report():
    booth = BoothFactory(conference_starts=in_days(-3), conference_ends=in_days(-1))
    assert booth.booking_id is None
    report = services.booth_report_file(booth=booth, by=booth.lead, visitors=12)
    assert (report.visitors, report.consumables_cost_usd) == (12, None)


def test_only_the_lead_files_and_is_told_so():
    booth = BoothFactory(conference_starts=in_days(-3), conference_ends=in_days(-1))
    stranger = UserFactory(username="not-the-lead")
    assert (
        refusal(booth=booth, by=stranger, visitors=40)
        == "Only the booth's lead can file its report."
    )


def test_a_cancelled_booth_has_no_report():
    booth = BoothFactory(
        conference_starts=in_days(-3), conference_ends=in_days(-1), status=BoothStatus.CANCELLED
    )
    assert refusal(booth=booth, by=booth.lead, visitors=40) == "A cancelled booth has no report."


def test_a_second_report_is_refused_in_words():
    booth = BoothFactory(conference_starts=in_days(-3), conference_ends=in_days(-1))
    services.booth_report_file(booth=booth, by=booth.lead, visitors=40)
    with pytest.raises(ActionRefused) as refused:
        services.booth_report_file(booth=booth, by=booth.lead, visitors=41)
    assert str(refused.value) == "This booth's report is already filed."
    assert BoothReport.objects.get().visitors == 40
