"""A post's Markdown is rendered when it is saved, never per request, and the stored
HTML always matches a fresh render of the text, whichever way the post was written."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.urls import reverse

from community import markup
from community.markup import render_markdown
from community.seeding import SeedContext
from jobs import services
from jobs.models import JobPost
from jobs.seed import seed_scale
from tests.factories import UserFactory
from tests.jobs.factories import (
    ApprovedJobPostFactory,
    CompanyFactory,
    JobPostFactory,
    PendingJobPostFactory,
)

pytestmark = pytest.mark.django_db

NEW_TEXT = "## Edited\n\nNow with **more** [links](https://example.com)."


def assert_stored_html_is_fresh(post):
    post.refresh_from_db()
    assert post.description_html == render_markdown(post.description)
    assert post.requirements_html == render_markdown(post.requirements)
    assert post.description_html  # not just two empty strings


@pytest.fixture
def markdown_renders(monkeypatch):
    """How many times Markdown is converted while the test runs."""
    calls = []
    convert = markup.commonmark_to_html

    def counting(text):
        calls.append(text)
        return convert(text)

    monkeypatch.setattr(markup, "commonmark_to_html", counting)
    return calls


def test_creating_and_editing_through_the_services_renders_the_html(poster):
    data = {
        "company_name": "Acme",
        "title": "Developer",
        "country": "DE",
        "job_types": [JobPost.JobType.FULL_TIME],
        "category": JobPost.Category.WEB,
        "description": "We build **things**.",
        "requirements": "- Python",
        "apply_url": "https://example.com/apply",
        "contact_email": "jobs@example.com",
    }
    post = services.post_create(poster=poster, data=data)
    assert_stored_html_is_fresh(post)
    services.post_update(post=post, by=poster, data={**data, "description": NEW_TEXT})
    assert_stored_html_is_fresh(post)
    assert "<h2>Edited</h2>" in post.description_html


def test_saving_only_the_description_saves_its_html_too():
    post = JobPostFactory()
    post.description = NEW_TEXT
    post.save(update_fields=["description"])
    assert_stored_html_is_fresh(post)


def test_saving_only_the_description_leaves_the_other_columns_as_stored():
    """A partial save writes the text and its HTML only: a change another request made to
    the post meanwhile (here its title) survives."""
    post = JobPostFactory(title="Old title")
    JobPost.objects.filter(pk=post.pk).update(title="Renamed meanwhile")
    post.description = NEW_TEXT
    post.save(update_fields=["description"])
    assert JobPost.objects.get(pk=post.pk).title == "Renamed meanwhile"


def test_bulk_create_and_bulk_update_render_the_html():
    company, poster = CompanyFactory(), UserFactory()
    template = JobPostFactory.build(company=company, poster=poster)
    [post] = JobPost.objects.bulk_create([template])
    assert_stored_html_is_fresh(post)
    post.requirements = NEW_TEXT
    JobPost.objects.bulk_update([post], ["requirements"])
    assert_stored_html_is_fresh(post)


@pytest.mark.parametrize("by_keyword", [True, False])
def test_bulk_update_of_markdown_keeps_the_batch_size(django_assert_num_queries, by_keyword):
    """The rendering wrapper passes batch_size on, by name or by position."""
    company, poster = CompanyFactory(), UserFactory()
    posts = JobPost.objects.bulk_create(
        [JobPostFactory.build(company=company, poster=poster) for _ in range(2)]
    )
    for post in posts:
        post.requirements = NEW_TEXT
    # One UPDATE per batch of one; without batch_size both rows go in a single UPDATE.
    with django_assert_num_queries(2):
        if by_keyword:
            JobPost.objects.bulk_update(posts, ["requirements"], batch_size=1)
        else:
            JobPost.objects.bulk_update(posts, ["requirements"], 1)
    for post in posts:
        assert_stored_html_is_fresh(post)


def test_seeded_posts_carry_their_html(poster):
    seed_scale(SeedContext(scale=10, stdout=StringIO()), poster)
    for post in JobPost.objects.all():
        assert_stored_html_is_fresh(post)


def test_review_decisions_keep_the_html(job_reviewer):
    post = PendingJobPostFactory(description=NEW_TEXT)
    services.post_approve(post=post, by=job_reviewer)
    assert_stored_html_is_fresh(post)


def test_an_sql_update_of_the_markdown_is_refused():
    post = JobPostFactory()
    with pytest.raises(TypeError, match="description"):
        JobPost.objects.filter(pk=post.pk).update(description=NEW_TEXT)
    JobPost.objects.filter(pk=post.pk).update(title="Other fields are fine")


def test_migration_renders_the_html_of_existing_posts():
    posts = [ApprovedJobPostFactory(description=NEW_TEXT), PendingJobPostFactory()]
    JobPost.objects.update(description_html="", requirements_html="")
    migration = importlib.import_module("jobs.migrations.0002_stored_markdown_html")
    migration.render_stored_html(apps, None)
    for post in posts:
        assert_stored_html_is_fresh(post)


@pytest.mark.parametrize("url", [reverse("jobs:feed-rss"), reverse("jobs:feed-atom")])
def test_feeds_render_no_markdown(client, url, markdown_renders):
    ApprovedJobPostFactory.create_batch(3, description=NEW_TEXT)
    markdown_renders.clear()
    body = client.get(url).content.decode()
    assert markdown_renders == []
    assert "&lt;h2&gt;Edited&lt;/h2&gt;" in body  # the stored HTML, escaped as XML text


def test_the_public_page_renders_no_markdown(client, markdown_renders):
    post = ApprovedJobPostFactory(description=NEW_TEXT, requirements="- Django")
    markdown_renders.clear()
    html = client.get(post.get_absolute_url()).content.decode()
    assert markdown_renders == []
    assert "<h2>Edited</h2>" in html
    assert "<li>Django</li>" in html
