"""The public rule of job posts, one definition (issue 25): every public list and feed
leaves out every post that is not public, and the post's page agrees with them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import JobPost, Status
from tests.jobs.factories import ApprovedJobPostFactory, CompanyFactory, JobPostFactory

pytestmark = pytest.mark.django_db

# Every way a post is not public: each status but approved, and approved past its end
# date (before expire_jobs has run).
NOT_PUBLIC = [
    pytest.param({"status": status}, id=status.value)
    for status in Status
    if status != Status.APPROVED
] + [
    pytest.param(
        {"status": Status.APPROVED, "expires_at": timezone.now() - timedelta(minutes=1)},
        id="approved-but-past-its-end",
    )
]

WORD = "Zephyrology"  # in both titles, so the search finds the public one


@pytest.fixture
def posts():
    company = CompanyFactory(name="Acme Snakes")
    public = ApprovedJobPostFactory(title=f"{WORD} public engineer", company=company)
    return company, public


def make_hidden(company, state):
    published = timezone.now() - timedelta(days=2)
    fields = {"published_at": published, "expires_at": published + timedelta(days=30)}
    return JobPostFactory(title=f"{WORD} hidden engineer", company=company, **{**fields, **state})


SURFACES = {
    "board": lambda company: (reverse("jobs:index"), {}),
    "search": lambda company: (reverse("jobs:index"), {"q": WORD}),
    "company page": lambda company: (
        reverse("jobs:company-detail", args=[company.slug]),
        {},
    ),
    "rss": lambda company: (reverse("jobs:feed-rss"), {}),
    "atom": lambda company: (reverse("jobs:feed-atom"), {}),
    "home page": lambda company: (reverse("community:home"), {}),
}


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_public_lists_and_feeds_leave_out_posts_that_are_not_public(client, posts, surface, state):
    company, public = posts
    hidden = make_hidden(company, state)
    url, params = SURFACES[surface](company)
    response = client.get(url, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert public.title in body
    assert hidden.title not in body
    assert reverse("jobs:job-detail", args=[hidden.pk]) not in body


@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_a_post_that_is_not_public_has_no_page_and_no_json_ld(client, posts, state):
    company, public = posts
    hidden = make_hidden(company, state)
    assert b"application/ld+json" in client.get(public.get_absolute_url()).content
    response = client.get(hidden.get_absolute_url())
    assert response.status_code in (404, 410)
    body = response.content.decode()
    assert "application/ld+json" not in body
    assert "JobPosting" not in body


@pytest.mark.parametrize(
    "state",
    [
        *NOT_PUBLIC,
        pytest.param({"status": Status.APPROVED}, id="approved"),
    ],
)
def test_the_post_and_the_queryset_answer_alike(posts, state):
    company, _ = posts
    post = make_hidden(company, state)
    assert post.is_public == JobPost.objects.public().filter(pk=post.pk).exists()
