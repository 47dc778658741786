import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from jobs.models import BlockedPoster, Company, JobPost, Status
from tests.factories import UserFactory
from tests.jobs.factories import ApprovedJobPostFactory, CompanyFactory, JobPostFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "title": "Django Developer",
        "company_name": "Snake Oil Ltd",
        "company_website": "https://snake.example.com",
        "city": "Lyon",
        "region": "",
        "country": "FR",
        "remote": "hybrid",
        "time_zones": "",
        "job_types": ["full_time", "contract"],
        "category": "web",
        "description": "## The job\n\nBuild **APIs**.",
        "requirements": "- Python",
        "apply_url": "https://snake.example.com/jobs",
        "apply_email": "",
        "contact_email": "hr@snake.example.com",
        "allows_agencies": "",
    }
    data.update(overrides)
    return data


def png_upload(name="logo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "#ffd43b").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_anonymous_visitor_is_sent_to_log_in_before_posting(client):
    response = client.get(reverse("jobs:job-create"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_member_with_unverified_email_cannot_post(client):
    user = UserFactory(verified_email=False)
    client.force_login(user)
    response = client.post(reverse("jobs:job-create"), form_data())
    assert not JobPost.objects.exists()
    assert b"verify" in response.content.lower()


def test_member_saves_a_draft_and_sees_the_preview(client, poster):
    client.force_login(poster)
    response = client.post(reverse("jobs:job-create"), form_data(), follow=True)
    post = JobPost.objects.get()
    assert (post.status, post.poster, post.company.name) == (Status.DRAFT, poster, "Snake Oil Ltd")
    assert response.redirect_chain[-1][0] == reverse("jobs:mine-detail", args=[post.pk])
    html = response.content.decode()
    assert "exactly how the post will look" in html
    assert "<h2>The job</h2>" in html  # rendered Markdown, as on the public page
    assert "Submit for review" in html


def test_preview_uses_the_public_page_partial(client, poster, job_reviewer):
    post = ApprovedJobPostFactory(poster=poster, description="Hello **world**")
    client.force_login(poster)
    preview = client.get(reverse("jobs:mine-detail", args=[post.pk])).content.decode()
    public = client.get(post.get_absolute_url()).content.decode()
    start, end = '<article class="job-post"', "</article>"
    assert (
        preview[preview.index(start) : preview.index(end)]
        == (public[public.index(start) : public.index(end)])
    )


def test_bad_input_re_renders_with_clear_errors(client, poster):
    client.force_login(poster)
    response = client.post(
        reverse("jobs:job-create"),
        form_data(apply_url="", apply_email="", city="", job_types=[]),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give a web address or an e-mail address to apply at." in html
    assert "On-site and hybrid jobs need a city." in html
    assert "This field is required." in html
    assert not JobPost.objects.exists()


def test_remote_job_needs_no_city(client, poster):
    client.force_login(poster)
    client.post(reverse("jobs:job-create"), form_data(remote="remote", city="", country=""))
    assert JobPost.objects.get().remote == "remote"


def test_logo_upload_is_re_encoded_with_a_thumbnail(client, poster):
    client.force_login(poster)
    client.post(reverse("jobs:job-create"), {**form_data(), "company_logo": png_upload()})
    company = Company.objects.get()
    assert company.logo.name.endswith(".jpg")
    assert Image.open(company.logo_thumbnail.path).size[0] <= 240


def test_fake_image_is_refused_with_a_form_error(client, poster):
    client.force_login(poster)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(reverse("jobs:job-create"), {**form_data(), "company_logo": fake})
    assert response.status_code == 200
    assert "Other files, including SVG, are not accepted" in response.content.decode()
    assert not JobPost.objects.exists()


def test_poster_cannot_replace_an_existing_companys_logo_or_website(client, poster):
    company = CompanyFactory(name="Snake Oil Ltd", slug="snake-oil-ltd", website="https://a.org")
    client.force_login(poster)
    client.post(
        reverse("jobs:job-create"),
        {**form_data(company_website="https://evil.example"), "company_logo": png_upload()},
    )
    company.refresh_from_db()
    assert company.website == "https://a.org"
    assert JobPost.objects.get().company == company


def test_poster_submits_a_draft_for_review(client, poster):
    post = JobPostFactory(poster=poster)
    client.force_login(poster)
    response = client.post(reverse("jobs:job-submit", args=[post.pk]), follow=True)
    post.refresh_from_db()
    assert post.status == Status.REVIEW
    assert "A volunteer reviewer will look at it soon" in response.content.decode()


def test_submit_is_post_only(client, poster):
    post = JobPostFactory(poster=poster)
    client.force_login(poster)
    assert client.get(reverse("jobs:job-submit", args=[post.pk])).status_code == 405


def test_poster_edits_a_draft(client, poster):
    post = JobPostFactory(poster=poster)
    client.force_login(poster)
    client.post(reverse("jobs:job-edit", args=[post.pk]), form_data(title="Better title"))
    post.refresh_from_db()
    assert (post.title, post.status) == ("Better title", Status.DRAFT)


def test_editing_a_published_post_warns_and_sends_it_back_to_review(client, poster):
    post = ApprovedJobPostFactory(poster=poster)
    client.force_login(poster)
    form = client.get(reverse("jobs:job-edit", args=[post.pk])).content.decode()
    assert "Saving your changes sends it back to the review queue" in form
    response = client.post(
        reverse("jobs:job-edit", args=[post.pk]), form_data(title="New"), follow=True
    )
    post.refresh_from_db()
    assert post.status == Status.REVIEW
    assert "back in the review queue" in response.content.decode()
    assert client.get(post.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url_name", ["jobs:mine-detail", "jobs:job-edit", "jobs:job-submit", "jobs:job-withdraw"]
)
def test_poster_can_never_see_or_touch_another_posters_post(client, poster, other_poster, url_name):
    post = JobPostFactory(poster=other_poster)
    client.force_login(poster)
    url = reverse(url_name, args=[post.pk])
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, form_data(title="Hijacked")).status_code == 404
    post.refresh_from_db()
    assert (post.status, post.title) != (Status.REVIEW, "Hijacked")
    assert post.status == Status.DRAFT


def test_reviewer_role_gives_no_access_to_others_drafts_on_the_site(client, poster, job_reviewer):
    post = JobPostFactory(poster=poster)
    client.force_login(job_reviewer)
    assert client.get(reverse("jobs:mine-detail", args=[post.pk])).status_code == 404


def test_my_posts_lists_only_my_posts_with_status(client, poster, other_poster):
    mine = JobPostFactory(poster=poster, title="Mine", status=Status.CHANGES_REQUESTED)
    JobPostFactory(poster=other_poster, title="Theirs")
    client.force_login(poster)
    html = client.get(reverse("jobs:mine")).content.decode()
    assert mine.title in html
    assert "Changes requested" in html
    assert "Theirs" not in html


def test_my_posts_needs_a_login(client):
    assert client.get(reverse("jobs:mine")).status_code == 302


def test_blocked_poster_cannot_create_or_submit(client, poster):
    draft = JobPostFactory(poster=poster)
    BlockedPoster.objects.create(user=poster, reason="spam")
    client.force_login(poster)
    response = client.post(reverse("jobs:job-create"), form_data(), follow=True)
    assert "may not post jobs" in response.content.decode()
    assert JobPost.objects.count() == 1
    response = client.post(reverse("jobs:job-submit", args=[draft.pk]), follow=True)
    assert "may not post jobs" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_submissions_are_rate_limited_per_user_per_day(client, poster, settings):
    settings.JOBS_SUBMISSIONS_PER_DAY = 2
    posts = JobPostFactory.create_batch(3, poster=poster)
    client.force_login(poster)
    for post in posts[:2]:
        client.post(reverse("jobs:job-submit", args=[post.pk]))
    response = client.post(reverse("jobs:job-submit", args=[posts[2].pk]), follow=True)
    assert "the daily limit" in response.content.decode()
    assert [p.status for p in JobPost.objects.order_by("pk")] == [
        Status.REVIEW,
        Status.REVIEW,
        Status.DRAFT,
    ]


def test_poster_marks_a_published_post_as_filled(client, poster):
    post = ApprovedJobPostFactory(poster=poster)
    client.force_login(poster)
    client.post(reverse("jobs:job-fill", args=[post.pk]))
    post.refresh_from_db()
    assert post.status == Status.FILLED
    assert client.get(post.get_absolute_url()).status_code == 410


def test_poster_withdraws_a_post_in_review(client, poster):
    post = JobPostFactory(poster=poster, status=Status.REVIEW)
    client.force_login(poster)
    client.post(reverse("jobs:job-withdraw", args=[post.pk]))
    post.refresh_from_db()
    assert post.status == Status.WITHDRAWN


def test_refused_poster_action_shows_a_clear_message(client, poster):
    post = JobPostFactory(poster=poster, status=Status.REJECTED)
    client.force_login(poster)
    response = client.post(reverse("jobs:job-submit", args=[post.pk]), follow=True)
    assert "cannot become" in response.content.decode()
    post.refresh_from_db()
    assert post.status == Status.REJECTED


def test_post_form_offers_the_markdown_toolbar_and_help(client, poster):
    client.force_login(poster)
    html = client.get(reverse("jobs:job-create")).content.decode()
    assert 'src="/static/jobs/markdown-toolbar.js"' in html
    assert html.count("data-markdown-toolbar") == 2
    assert "Formatting with Markdown" in html


def test_my_posts_shows_the_reviewers_latest_note(client, poster, job_reviewer):
    from jobs import services
    from tests.jobs.factories import PendingJobPostFactory

    post = PendingJobPostFactory(poster=poster)
    services.post_request_changes(post=post, by=job_reviewer, reason="Name the salary range.")
    client.force_login(poster)
    html = client.get(reverse("jobs:mine")).content.decode()
    assert "Name the salary range." in html


def test_my_posts_query_count_does_not_grow(client, poster, django_assert_num_queries):
    JobPostFactory.create_batch(2, poster=poster)
    client.force_login(poster)
    client.get(reverse("jobs:mine"))
    with django_assert_num_queries(4):  # session, user, count, page
        client.get(reverse("jobs:mine"))
    JobPostFactory.create_batch(15, poster=poster)
    with django_assert_num_queries(4):
        client.get(reverse("jobs:mine"))
