"""The poster's own moves are recorded as theirs."""

import pytest

from jobs import services
from jobs.models import Status
from tests.jobs.factories import ApprovedJobPostFactory, JobPostFactory

pytestmark = pytest.mark.django_db


def test_marking_a_post_filled_records_the_poster(poster):
    post = ApprovedJobPostFactory(poster=poster)
    services.post_mark_filled(post=post, by=poster)
    record = post.transitions.get()
    assert (record.to_status, record.by) == (Status.FILLED, poster)


def test_withdrawing_a_post_records_the_poster(poster):
    post = JobPostFactory(poster=poster, status=Status.REVIEW)
    services.post_withdraw(post=post, by=poster)
    record = post.transitions.get()
    assert (record.to_status, record.by) == (Status.WITHDRAWN, poster)
