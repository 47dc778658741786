from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import JobPost
from tests.jobs.factories import ApprovedJobPostFactory, PendingJobPostFactory

pytestmark = pytest.mark.django_db

FEEDS = [reverse("jobs:feed-rss"), reverse("jobs:feed-atom")]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_lists_public_posts_only(client, url):
    ApprovedJobPostFactory(title="Feed job")
    PendingJobPostFactory(title="Queued job")
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Feed job" in body
    assert "Queued job" not in body


@pytest.mark.parametrize("url", FEEDS)
def test_feed_honours_the_boards_query_string(client, url):
    ApprovedJobPostFactory(title="Remote feed job", remote="remote")
    ApprovedJobPostFactory(title="Office feed job", remote="onsite")
    body = client.get(url, {"remote": "remote"}).content.decode()
    assert "Remote feed job" in body
    assert "Office feed job" not in body


@pytest.mark.parametrize("url", FEEDS)
def test_feed_body_is_one_piece_and_its_etag_repeats(client, url):
    ApprovedJobPostFactory(published_at=timezone.now() - timedelta(days=1))
    first = client.get(url)
    second = client.get(url)
    assert len(first._container) == 1
    assert first["ETag"] == second["ETag"]
    assert first.content == second.content
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


@pytest.mark.parametrize("url", FEEDS)
def test_feed_etag_changes_when_a_post_changes(client, url):
    post = ApprovedJobPostFactory()
    etag = client.get(url)["ETag"]
    JobPost.objects.filter(pk=post.pk).update(updated_at=timezone.now() + timedelta(seconds=1))
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


@pytest.mark.parametrize("url", FEEDS)
def test_feed_query_count_does_not_grow_with_posts(client, url, django_assert_num_queries):
    ApprovedJobPostFactory.create_batch(2)
    with django_assert_num_queries(2):  # content versions, items
        client.get(url)
    ApprovedJobPostFactory.create_batch(30)
    with django_assert_num_queries(2):
        client.get(url)
