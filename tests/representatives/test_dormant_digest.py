"""The dormancy digest: one mail per region to its active representatives who have an
address, naming its newly dormant groups in order; a group without a region is marked too."""

from datetime import timedelta

import pytest
from django.utils import timezone

from representatives.models import DORMANT_AFTER, GroupStatus, Representative, UserGroup
from representatives.services import groups_mark_dormant
from tests.factories import UserFactory
from tests.representatives.factories import RepresentativeFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


def quiet(name, **fields):
    return UserGroupFactory(
        name=name, last_activity_at=timezone.now() - DORMANT_AFTER - timedelta(days=1), **fields
    )


def test_the_digest_goes_once_to_each_active_representative_with_an_address(
    django_capture_on_commit_callbacks, mailoutbox
):
    for email in ["zoe@example.org", "ada@example.org"]:
        RepresentativeFactory(user=UserFactory(email=email))
    RepresentativeFactory(user=UserFactory(email=""))
    RepresentativeFactory(
        user=UserFactory(email="former@example.org"), status=Representative.Status.EMERITUS
    )
    quiet("PyQuiet")
    with django_capture_on_commit_callbacks(execute=True):
        groups_mark_dormant()
    [digest] = mailoutbox
    assert digest.to == ["ada@example.org", "zoe@example.org"]
    assert digest.subject.endswith("1 user group in Europe marked dormant")
    assert "PyQuiet" in digest.body
    assert (
        "http://127.0.0.1:8000/admin/representatives/usergroup/?status__exact=dormant"
        in digest.body
    )


def test_the_groups_come_by_region_then_name_and_are_dormant(
    django_capture_on_commit_callbacks, mailoutbox
):
    RepresentativeFactory(user=UserFactory(email="rep@example.org"))
    quiet("Zope Berlin", city="Berlin")
    quiet("Anaconda Munich", city="Munich")
    quiet("Python Sapporo", city="Sapporo", country="JP")  # no region
    fresh = UserGroupFactory(name="PyBusy")
    with django_capture_on_commit_callbacks(execute=True):
        marked = groups_mark_dormant()
    assert [group.name for group in marked] == ["Anaconda Munich", "Zope Berlin", "Python Sapporo"]
    assert {group.status for group in marked} == {GroupStatus.DORMANT}
    assert set(
        UserGroup.objects.filter(status=GroupStatus.DORMANT).values_list("name", flat=True)
    ) == {"Anaconda Munich", "Zope Berlin", "Python Sapporo"}
    fresh.refresh_from_db()
    assert fresh.status == GroupStatus.ACTIVE
    [digest] = mailoutbox
    body = digest.body
    assert body.index("Anaconda Munich") < body.index("Zope Berlin")
    assert "Python Sapporo" not in body


def test_a_dry_run_lists_them_in_the_same_order_and_marks_nothing():
    quiet("Zope Berlin")
    quiet("Anaconda Munich")
    listed = groups_mark_dormant(dry_run=True)
    assert [group.name for group in listed] == ["Anaconda Munich", "Zope Berlin"]
    assert not UserGroup.objects.filter(status=GroupStatus.DORMANT).exists()


def test_the_moment_asked_about_decides_what_is_stale():
    group = quiet("PyQuiet")
    assert groups_mark_dormant(now=timezone.now() - timedelta(days=30)) == []
    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE
