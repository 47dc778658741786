"""/jobs/mine/ shows the note of the post's current status, not an old one."""

import pytest
from django.urls import reverse

from jobs import services
from tests.jobs.factories import PendingJobPostFactory

pytestmark = pytest.mark.django_db


def test_a_published_post_no_longer_shows_the_old_changes_requested_note(
    client, poster, job_reviewer
):
    post = PendingJobPostFactory(poster=poster)
    services.post_request_changes(post=post, by=job_reviewer, reason="Please add a salary range.")
    client.force_login(poster)
    assert "Please add a salary range." in client.get(reverse("jobs:mine")).content.decode()
    services.post_submit(post=post, by=poster)
    services.post_approve(post=post, by=job_reviewer)
    page = client.get(reverse("jobs:mine")).content.decode()
    assert "Published" in page
    assert "Please add a salary range." not in page


def test_an_approval_note_shows_while_published(client, poster, job_reviewer):
    post = PendingJobPostFactory(poster=poster)
    services.post_approve(post=post, by=job_reviewer, reason="Nice post, thanks!")
    client.force_login(poster)
    assert "Nice post, thanks!" in client.get(reverse("jobs:mine")).content.decode()


def test_my_posts_query_count_does_not_grow_with_posts(
    client, poster, job_reviewer, django_assert_num_queries
):
    for _ in range(2):
        services.post_request_changes(
            post=PendingJobPostFactory(poster=poster), by=job_reviewer, reason="Fix it."
        )
    client.force_login(poster)
    client.get(reverse("jobs:mine"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("jobs:mine"))
    for _ in range(8):
        services.post_request_changes(
            post=PendingJobPostFactory(poster=poster), by=job_reviewer, reason="Fix it."
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("jobs:mine"))
