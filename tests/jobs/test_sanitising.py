"""A hostile description is harmless on the page, in feeds and in e-mails."""

import pytest
from django.urls import reverse

from jobs import services
from tests.jobs.factories import ApprovedJobPostFactory, PendingJobPostFactory

pytestmark = pytest.mark.django_db

HOSTILE = """Hello <script>alert('x')</script>

<img src=x onerror="alert(1)">

[click me](javascript:alert(2)) <a href="javascript:alert(3)" onclick="alert(4)">there</a>
"""


def assert_harmless(text):
    lowered = text.lower()
    assert "<script>alert" not in lowered
    assert "onerror" not in lowered
    assert "onclick" not in lowered
    assert "javascript:" not in lowered


def test_public_page_strips_script_handlers_and_script_urls(client):
    post = ApprovedJobPostFactory(description=HOSTILE, requirements=HOSTILE)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Hello" in html
    assert_harmless(html.split('<article class="job-post"')[1])


@pytest.mark.parametrize("url_name", ["jobs:feed-rss", "jobs:feed-atom"])
def test_feeds_carry_only_sanitised_html(client, url_name):
    import html as html_lib

    ApprovedJobPostFactory(description=HOSTILE)
    body = client.get(reverse(url_name)).content.decode()
    assert "Hello" in body
    assert_harmless(html_lib.unescape(body))


def test_json_ld_description_is_sanitised(client):
    post = ApprovedJobPostFactory(description=HOSTILE)
    assert_harmless(str(post.json_ld()["description"]))


def test_mail_to_the_poster_is_plain_and_harmless(
    job_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    post = PendingJobPostFactory(description=HOSTILE, title="Dev <b>bold</b> & co")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_approve(post=post, by=job_reviewer)
    [mail] = mailoutbox
    assert mail.alternatives == []  # text only: nothing in it is rendered as HTML
    assert "Hello" in mail.body
    assert "Dev <b>bold</b> & co" in mail.subject  # plain text, not HTML-escaped
    assert_harmless(mail.body)


def test_review_page_shows_hostile_markup_safely(client, job_reviewer):
    post = PendingJobPostFactory(description=HOSTILE)
    client.force_login(job_reviewer)
    html = client.get(reverse("admin:jobs_jobpost_change", args=[post.pk])).content.decode()
    assert_harmless(html.split("The post as it will be published")[1].split("History")[0])
