"""Representatives file one report a quarter for their region; the board reads them all."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from community import roles
from representatives.models import ActivityReport, Region
from tests.factories import UserFactory
from tests.representatives.factories import RepresentativeFactory, UserGroupFactory

pytestmark = pytest.mark.django_db
ADD = reverse("admin:representatives_activityreport_add")


@pytest.fixture
def term(representative):
    return RepresentativeFactory(user=representative)  # Europe


def report_data(term, **overrides):
    return {
        "representative": term.pk,
        "year": 2025,
        "quarter": 3,
        "summary": "Met the organisers of PyBerlin and PyData Lisbon.",
        "events_attended": "EuroPython",
        "needs": ["kit", "marketing"],
        "needs_detail": "A booth kit for PyCon DE.",
        **overrides,
    }


def test_a_representative_files_a_report_with_the_groups_they_contacted(client, term):
    berlin = UserGroupFactory(name="PyBerlin", country="DE")
    client.force_login(term.user)
    response = client.post(ADD, report_data(term, groups_contacted=[berlin.pk]))
    assert response.status_code == 302
    report = ActivityReport.objects.get()
    assert report.period == "2025 Q3"
    assert report.region.slug == "europe"
    assert list(report.groups_contacted.all()) == [berlin]
    assert report.needs == ["kit", "marketing"]


def test_one_report_per_representative_and_quarter_said_in_the_form(client, term):
    ActivityReport.objects.create(representative=term, year=2025, quarter=3, summary="First")
    client.force_login(term.user)
    response = client.post(ADD, report_data(term))
    assert response.status_code == 200
    assert "already has a report for this quarter" in response.content.decode()
    assert ActivityReport.objects.count() == 1


def test_the_database_keeps_one_report_per_representative_and_quarter(term):
    ActivityReport.objects.create(representative=term, year=2025, quarter=3, summary="First")
    with pytest.raises(IntegrityError):
        ActivityReport.objects.create(representative=term, year=2025, quarter=3, summary="Again")


def test_a_future_quarter_is_refused(client, term):
    client.force_login(term.user)
    response = client.post(ADD, report_data(term, year=2099))
    assert "not a future one" in response.content.decode()
    assert not ActivityReport.objects.exists()


def test_a_representative_files_only_as_themselves(client, term):
    colleague = RepresentativeFactory()  # also Europe
    client.force_login(term.user)
    response = client.post(ADD, report_data(colleague))
    assert response.status_code == 200
    assert not ActivityReport.objects.exists()


def test_a_groups_contacted_choice_from_another_region_is_refused(client, term):
    tokyo = UserGroupFactory(name="PyTokyo", country="JP", city="Tokyo")
    client.force_login(term.user)
    response = client.post(ADD, report_data(term, groups_contacted=[tokyo.pk]))
    assert response.status_code == 200
    assert not ActivityReport.objects.exists()


def test_a_co_representative_of_the_region_edits_the_report(client, term, representative):
    colleague = UserFactory(username="colleague", role=roles.REGIONAL_REPRESENTATIVES)
    RepresentativeFactory(user=colleague)
    report = ActivityReport.objects.create(representative=term, year=2025, quarter=3, summary="A")
    client.force_login(colleague)
    url = reverse("admin:representatives_activityreport_change", args=[report.pk])
    response = client.post(url, {"year": 2025, "quarter": 3, "summary": "Better"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.summary == "Better"
    assert report.representative == term  # the author stays


def test_the_board_reads_every_regions_reports_and_changes_none(client, board_member):
    asia = RepresentativeFactory(region=Region.objects.get(slug="asia"))
    report = ActivityReport.objects.create(representative=asia, year=2025, quarter=1, summary="Q")
    client.force_login(board_member)
    url = reverse("admin:representatives_activityreport_change", args=[report.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"year": 2025, "quarter": 1, "summary": "Edited"}).status_code == 403
    assert client.get(ADD).status_code == 403


def test_the_report_list_query_count_does_not_grow(client, board_member, django_assert_num_queries):
    terms = [RepresentativeFactory() for _ in range(3)]
    client.force_login(board_member)
    url = reverse("admin:representatives_activityreport_changelist")

    def reports(n):
        for i in range(n):
            ActivityReport.objects.create(
                representative=terms[i % 3], year=2021 + i // 12, quarter=1 + i % 4, summary="x"
            )

    reports(3)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ActivityReport.objects.all().delete()
    reports(30)
    with django_assert_num_queries(len(few)):
        client.get(url)
