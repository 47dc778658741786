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


def test_an_edit_without_the_website_field_leaves_the_company_without_one(poster):
    # The demo seeder edits a post with the fields it changes only.
    post = JobPostFactory(poster=poster, status=Status.DRAFT)
    post.company.website = ""
    post.company.save()

    services.post_update(
        post=post, by=poster, data={"company_name": post.company_name, "title": "Edited"}
    )

    post.refresh_from_db()
    assert (post.title, post.company.website) == ("Edited", "")
