"""Issue 16 §5: a company page, and its logo file, are public only once one of its posts
is approved. A draft that was never submitted used to create a public company page with
its uploaded logo and website link: a way to host spam and images."""

import re

import pytest
from django.urls import reverse

from jobs import services
from jobs.models import Company, JobPost, Status
from tests.factories import UserFactory
from tests.jobs.factories import ApprovedJobPostFactory, CompanyFactory, JobPostFactory
from tests.jobs.test_posting import form_data, png_upload

pytestmark = pytest.mark.django_db


def draft_with_logo(client, poster, **overrides):
    client.force_login(poster)
    client.post(
        reverse("jobs:job-create"), {**form_data(**overrides), "company_logo": png_upload()}
    )
    client.logout()
    return JobPost.objects.get(poster=poster)


def company_page(client, company):
    return client.get(reverse("jobs:company-detail", args=[company.slug]))


def test_a_draft_creates_no_public_company_page(client, poster):
    post = draft_with_logo(client, poster)
    assert post.company.logo
    assert company_page(client, post.company).status_code == 404


@pytest.mark.parametrize("status", [Status.REVIEW, Status.REJECTED, Status.WITHDRAWN])
def test_a_company_without_an_approved_post_has_no_page(client, status):
    post = JobPostFactory(status=status)
    assert company_page(client, post.company).status_code == 404


def test_the_company_page_appears_once_a_post_is_approved(client, poster, job_reviewer):
    post = draft_with_logo(client, poster)
    services.post_submit(post=post, by=poster)
    services.post_approve(post=post, by=job_reviewer)
    page = company_page(client, post.company)
    assert page.status_code == 200
    assert post.company.logo.url in page.content.decode()
    assert "https://snake.example.com" in page.content.decode()


@pytest.mark.parametrize(
    ("status", "shown"), [(Status.EXPIRED, True), (Status.FILLED, True), (Status.SPAM, False)]
)
def test_a_company_stays_public_after_its_post_ends_unless_it_was_taken_down(client, status, shown):
    post = ApprovedJobPostFactory(status=status)
    assert company_page(client, post.company).status_code == (200 if shown else 404)


@pytest.mark.parametrize("status", [Status.EXPIRED, Status.FILLED])
def test_a_post_never_published_does_not_make_its_company_public(client, status):
    # Only an approval sets published_at (a constraint requires it of approved rows); an
    # ended post without one was put there some other way, not through a review.
    post = JobPostFactory(status=status, published_at=None)
    assert not Company.objects.public().filter(pk=post.company_id).exists()
    assert company_page(client, post.company).status_code == 404


def test_a_draft_logo_file_is_not_served_to_anyone_else(client, poster, other_poster):
    logo_url = draft_with_logo(client, poster).company.logo.url
    assert client.get(logo_url).status_code == 404
    client.force_login(other_poster)
    assert client.get(logo_url).status_code == 404


def test_the_poster_and_the_reviewers_see_a_draft_logo_privately(client, poster, job_reviewer):
    logo_url = draft_with_logo(client, poster).company.logo.url
    for user in (poster, job_reviewer):
        client.force_login(user)
        response = client.get(logo_url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"


def test_the_logo_is_public_once_a_post_is_approved(client, poster, job_reviewer):
    post = draft_with_logo(client, poster)
    services.post_submit(post=post, by=poster)
    services.post_approve(post=post, by=job_reviewer)
    response = client.get(post.company.logo.url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")


def test_a_draft_cannot_add_an_unreviewed_logo_or_website_to_a_public_company(client, poster):
    company = CompanyFactory(name="Snake Oil Ltd", slug="snake-oil-ltd", website="")
    ApprovedJobPostFactory(company=company)
    draft_with_logo(client, poster)
    company.refresh_from_db()
    assert not company.logo
    assert company.website == ""


def test_a_draft_without_a_logo_cannot_add_its_website_to_a_public_company(client, poster):
    company = CompanyFactory(name="Snake Oil Ltd", slug="snake-oil-ltd", website="")
    ApprovedJobPostFactory(company=company)
    client.force_login(poster)
    client.post(reverse("jobs:job-create"), form_data(company_website="https://evil.example"))
    company.refresh_from_db()
    assert company.website == ""
    assert JobPost.objects.get(poster=poster).company == company


def test_a_draft_without_a_website_cannot_add_its_logo_to_a_public_company(client, poster):
    company = CompanyFactory(name="Snake Oil Ltd", slug="snake-oil-ltd", website="")
    ApprovedJobPostFactory(company=company)
    draft_with_logo(client, poster, company_website="")
    company.refresh_from_db()
    assert not company.logo
    assert JobPost.objects.get(poster=poster).company == company


def test_the_draft_preview_does_not_link_to_a_company_page_that_is_not_public(client, poster):
    post = draft_with_logo(client, poster)
    client.force_login(poster)
    html = client.get(reverse("jobs:mine-detail", args=[post.pk])).content.decode()
    assert f'href="{reverse("jobs:company-detail", args=[post.company.slug])}"' not in html


def test_public_companies_are_counted_in_one_query(django_assert_num_queries):
    for _ in range(3):
        ApprovedJobPostFactory()
    JobPostFactory()
    UserFactory()
    with django_assert_num_queries(1):
        assert Company.objects.public().count() == 3


def test_the_preview_shows_the_logo_through_the_view_that_checks_who_asks(client, poster):
    # With media on a bucket the storage address is public: it must not reach a preview.
    post = draft_with_logo(client, poster)
    client.force_login(poster)
    html = client.get(reverse("jobs:mine-detail", args=[post.pk])).content.decode()
    assert reverse("jobs:company-logo", args=[post.company.slug]) in html
    assert post.company.logo.url not in html


def test_the_checked_logo_view_answers_only_posters_and_reviewers(
    client, poster, other_poster, job_reviewer
):
    post = draft_with_logo(client, poster)
    url = reverse("jobs:company-logo", args=[post.company.slug])
    assert client.get(url).status_code == 404
    client.force_login(other_poster)
    assert client.get(url).status_code == 404
    for user in (poster, job_reviewer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "private, no-store"


def test_the_public_page_uses_the_logo_file_itself(client, poster, job_reviewer):
    post = draft_with_logo(client, poster)
    services.post_submit(post=post, by=poster)
    services.post_approve(post=post, by=job_reviewer)
    html = client.get(post.get_absolute_url()).content.decode()
    assert post.company.logo.url in html


def approved_post_at(client, poster, reviewer, company_name):
    post = draft_with_logo(client, poster, company_name=company_name)
    services.post_submit(post=post, by=poster)
    services.post_approve(post=post, by=reviewer)
    return post


def test_companies_named_without_latin_letters_get_pages_and_logos_of_their_own(
    client, poster, other_poster, job_reviewer
):
    """Their names slugify to nothing: they used to share one company, "company", so the
    second post showed the first company's logo and linked to its page."""
    first = approved_post_at(client, poster, job_reviewer, "株式会社ニッポン")
    second = approved_post_at(client, other_poster, job_reviewer, "삼성전자")
    assert first.company != second.company
    page = company_page(client, second.company).content.decode()
    assert '<h1 class="mb-1">삼성전자</h1>' in page
    assert "株式会社ニッポン" not in page
    assert first.company.logo.url not in client.get(second.get_absolute_url()).content.decode()


def test_names_alike_but_for_their_non_latin_letters_are_two_companies(poster):
    assert Company.for_name("株式会社 Python") != Company.for_name("삼성 Python")


def test_a_company_named_without_latin_letters_is_found_again_by_its_name(poster):
    company = Company.for_name("株式会社ニッポン")
    assert Company.for_name("株式会社ニッポン") == company
    assert Company.objects.count() == 1


def test_the_company_page_address_keeps_what_latin_a_name_has(poster):
    assert re.fullmatch(r"python-[0-9a-f]{12}", Company.for_name("株式会社 Python").slug)
    assert re.fullmatch(r"company-[0-9a-f]{12}", Company.for_name("株式会社ニッポン").slug)


def test_a_long_name_with_non_latin_letters_gets_an_address_that_fits(poster):
    company = Company.for_name("a" * 186 + " b" + "株" * 10)
    assert re.fullmatch(r"a{186}-[0-9a-f]{12}", company.slug)


def test_accented_latin_names_keep_their_plain_slug(poster):
    assert Company.for_name("Café Python Ltd").slug == "cafe-python-ltd"
