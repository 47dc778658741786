"""Marking attendance: who may, from which moment, and the refusals word for word."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.workflow import ActionRefused
from kits import services
from tests.factories import UserFactory
from tests.kits.factories import ShiftFactory, ShiftSignupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def started():
    now = timezone.now()
    shift = ShiftFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2))
    return ShiftSignupFactory(shift=shift)


def test_someone_else_is_refused_in_words_and_nothing_is_marked(started):
    with pytest.raises(ActionRefused) as refused:
        services.signup_mark_attendance(signup=started, by=UserFactory(), attended=True)
    assert str(refused.value) == "Only the booth's lead can mark attendance."
    started.refresh_from_db()
    assert started.attended is None


def test_attendance_may_be_marked_from_the_shifts_first_moment():
    shift = ShiftFactory()
    signup = ShiftSignupFactory(shift=shift)
    services.signup_mark_attendance(
        signup=signup, by=shift.booth.lead, attended=True, now=shift.starts_at
    )
    signup.refresh_from_db()
    assert signup.attended is True


def test_a_moment_before_the_start_is_refused_in_words():
    shift = ShiftFactory()
    signup = ShiftSignupFactory(shift=shift)
    with pytest.raises(ActionRefused) as refused:
        services.signup_mark_attendance(
            signup=signup,
            by=shift.booth.lead,
            attended=True,
            now=shift.starts_at - timedelta(microseconds=1),
        )
    assert str(refused.value) == "Attendance is marked once the shift has started."
