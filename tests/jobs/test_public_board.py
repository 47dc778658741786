import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator

from jobs.forms import JobFilterForm
from jobs.models import JobPost, Status
from tests.jobs.factories import (
    ApprovedJobPostFactory,
    CompanyFactory,
    JobPostFactory,
    PendingJobPostFactory,
)

pytestmark = pytest.mark.django_db

BOARD = reverse("jobs:index")


def test_board_lists_only_public_posts_newest_first(client):
    now = timezone.now()
    ApprovedJobPostFactory(title="Older job", published_at=now - timedelta(days=2))
    ApprovedJobPostFactory(title="Newer job", published_at=now - timedelta(hours=1))
    ApprovedJobPostFactory(
        title="Past its end date",
        published_at=now - timedelta(days=40),
        expires_at=now - timedelta(days=10),
    )
    PendingJobPostFactory(title="Waiting job")
    JobPostFactory(title="Draft job")
    html = client.get(BOARD).content.decode()
    assert html.index("Newer job") < html.index("Older job")
    for hidden in ("Past its end date", "Waiting job", "Draft job"):
        assert hidden not in html
    assert "2 jobs" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "data"}, "Data job"),
        ({"job_type": "contract"}, "Contract job"),
        ({"country": "KE"}, "Nairobi job"),
        ({"remote": "remote"}, "Remote job"),
    ],
)
def test_board_filters(client, params, expected):
    ApprovedJobPostFactory(title="Data job", category="data")
    ApprovedJobPostFactory(title="Contract job", job_types=["contract"])
    ApprovedJobPostFactory(title="Nairobi job", country="KE", city="Nairobi")
    ApprovedJobPostFactory(title="Remote job", remote="remote")
    html = client.get(BOARD, params).content.decode()
    assert expected in html
    assert "1 job matching your filters" in html


def test_full_text_search_matches_title_company_and_description(client):
    ApprovedJobPostFactory(title="Astronomy pipelines engineer")
    ApprovedJobPostFactory(company=CompanyFactory(name="Telescope Works"), title="Dev A")
    ApprovedJobPostFactory(title="Dev B", description="You will calibrate telescopes.")
    ApprovedJobPostFactory(title="Unrelated web job")
    html = client.get(BOARD, {"q": "telescope"}).content.decode()
    assert "Dev A" in html
    assert "Dev B" in html  # stemming: telescopes ~ telescope
    assert "Unrelated web job" not in html
    html = client.get(BOARD, {"q": "astronomy"}).content.decode()
    assert "Astronomy pipelines engineer" in html


def test_search_reads_the_web_search_syntax():
    ApprovedJobPostFactory(title="Django developer", description="Web apps.")
    ApprovedJobPostFactory(title="Rust developer", description="Systems.")
    ApprovedJobPostFactory(title="Go developer", description="Services.")
    titles = {post.title for post in JobPost.objects.public().search("django or rust")}
    assert titles == {"Django developer", "Rust developer"}
    titles = {post.title for post in JobPost.objects.public().search("developer -rust")}
    assert titles == {"Django developer", "Go developer"}


def test_search_stems_in_english_whatever_the_servers_default_configuration():
    ApprovedJobPostFactory(title="Python Developer", description="Write code.")
    with connection.cursor() as cursor:
        # A server initialised with another locale defaults to another configuration.
        cursor.execute("SET LOCAL default_text_search_config = 'pg_catalog.simple'")
        titles = [post.title for post in JobPost.objects.public().search("developers")]
    assert titles == ["Python Developer"]


def test_search_uses_the_gin_index():
    # Realistic sizes: on a handful of tiny rows any plan is a scan.
    template = ApprovedJobPostFactory()
    fields = {f.attname: getattr(template, f.attname) for f in JobPost._meta.concrete_fields}
    for name in ("id", "search_vector", "published_at", "description"):
        fields.pop(name)
    now = timezone.now()
    words = [
        "django",
        "flask",
        "postgres",
        "pandas",
        "numpy",
        "asyncio",
        "pytest",
        "celery",
        "docker",
        "linux",
    ]
    JobPost.objects.bulk_create(
        [
            JobPost(
                **fields,
                published_at=now - timedelta(minutes=i),
                description=" ".join(words[(i + k) % 10] for k in range(150)),
            )
            for i in range(3_000)
        ],
        batch_size=2000,
    )
    ApprovedJobPostFactory(description="Calibrate the telescope")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobs_jobpost")
    queryset = JobPost.objects.public().search("telescope").order_by("-published_at", "-pk")
    # (For a word most posts contain, with LIMIT and newest-first order, PostgreSQL
    # rightly walks the partial published_at index instead: the first page fills at once.)
    assert "Bitmap Index Scan on jobs_post_search_gin" in queryset.explain()
    assert [p.description for p in queryset] == ["Calibrate the telescope"]


def test_bad_filter_values_do_not_break_the_board(client):
    ApprovedJobPostFactory(title="Still listed")
    response = client.get(BOARD, {"category": "nonsense", "page": "x", "q": "'&|!("})
    assert response.status_code == 200


def test_a_bad_filter_value_drops_only_that_filter(client):
    ApprovedJobPostFactory(title="Remote one", remote="remote")
    ApprovedJobPostFactory(title="Office one", remote="onsite")
    html = client.get(BOARD, {"category": "nonsense", "remote": "remote"}).content.decode()
    assert "Remote one" in html
    assert "Office one" not in html


def test_board_is_paginated(client):
    ApprovedJobPostFactory.create_batch(23)
    html = client.get(BOARD).content.decode()
    assert "Page 1 of 2" in html
    assert html.count('class="job-card') == 20
    html = client.get(BOARD, {"page": 2}).content.decode()
    assert html.count('class="job-card') == 3


def board_queries(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(BOARD, params).status_code == 200
    return len(ctx.captured_queries)


def test_board_and_search_query_counts_do_not_grow_with_posts(client, django_assert_num_queries):
    ApprovedJobPostFactory.create_batch(2, remote="remote", description="Django")
    # Content versions (page cache key), validators and count in one aggregate, the page.
    with django_assert_num_queries(3):
        client.get(BOARD)
    few_search = board_queries(client, q="django", remote="remote", country="DE")
    ApprovedJobPostFactory.create_batch(45, remote="remote", description="Django")
    PendingJobPostFactory.create_batch(5)
    with django_assert_num_queries(3):
        client.get(BOARD)
    assert board_queries(client, q="django", remote="remote", country="DE") == few_search == 3


def test_detail_page_has_job_posting_json_ld(client):
    post = ApprovedJobPostFactory(title="Pythonista", remote="remote", country="DE")
    html = client.get(post.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Pythonista"
    assert data["hiringOrganization"]["name"] == post.company_name
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["employmentType"] == ["FULL_TIME"]
    assert "validThrough" in data


def test_json_ld_of_a_remote_post_is_the_whole_job_posting():
    published = timezone.now().replace(microsecond=0)
    post = ApprovedJobPostFactory(
        title="Pythonista",
        company_name="Acme",
        company_website="https://acme.example.com",
        description="We build **web apps**.",
        city="Berlin",
        region="Brandenburg",
        country="DE",
        remote=JobPost.Remote.REMOTE,
        job_types=[JobPost.JobType.FULL_TIME, JobPost.JobType.CONTRACT],
        published_at=published,
        expires_at=published + timedelta(days=30),
    )
    assert post.json_ld() == {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": "Pythonista",
        "description": "<p>We build <strong>web apps</strong>.</p>\n",
        "datePosted": published.isoformat(),
        "validThrough": (published + timedelta(days=30)).isoformat(),
        "employmentType": ["FULL_TIME", "CONTRACTOR"],
        "hiringOrganization": {
            "@type": "Organization",
            "name": "Acme",
            "sameAs": "https://acme.example.com",
        },
        "directApply": False,
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Berlin",
                "addressRegion": "Brandenburg",
                "addressCountry": "DE",
            },
        },
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": {"@type": "Country", "name": "Germany"},
    }


def test_json_ld_leaves_out_what_the_post_does_not_say():
    """No dates before publication, no website, no place, no remote work: no such keys."""
    post = JobPostFactory(
        title="Anywhere",
        company_name="Acme",
        company_website="",
        description="Text",
        city="",
        region="",
        country="",
        remote=JobPost.Remote.ONSITE,
        job_types=[JobPost.JobType.INTERNSHIP, JobPost.JobType.PART_TIME],
    )
    assert post.json_ld() == {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": "Anywhere",
        "description": "<p>Text</p>\n",
        "employmentType": ["INTERN", "PART_TIME"],
        "hiringOrganization": {"@type": "Organization", "name": "Acme"},
        "directApply": False,
    }


@pytest.mark.parametrize(
    ("city", "country", "remote"),
    [("Lyon", "", JobPost.Remote.REMOTE), ("", "FR", JobPost.Remote.HYBRID)],
)
def test_json_ld_has_a_place_with_a_city_or_a_country(city, country, remote):
    post = ApprovedJobPostFactory(city=city, region="", country=country, remote=remote)
    data = post.json_ld()
    assert data["jobLocation"]["address"]["addressLocality"] == city
    assert data["jobLocation"]["address"]["addressCountry"] == country
    # Remote work without a country asks no country of applicants; hybrid is not remote.
    assert "applicantLocationRequirements" not in data
    assert ("jobLocationType" in data) == (remote == JobPost.Remote.REMOTE)


def test_json_ld_cannot_break_out_of_its_script_element(client):
    post = ApprovedJobPostFactory(title="</script><script>alert(1)</script>")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html


def test_contact_email_is_never_public(client):
    post = ApprovedJobPostFactory(contact_email="secret-hr@example.com")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "secret-hr@example.com" not in html


def test_expired_post_is_gone_with_a_link_back(client):
    post = ApprovedJobPostFactory(status=Status.EXPIRED)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 410
    assert f'href="{BOARD}"' in response.content.decode()


def test_approved_post_past_its_end_date_is_gone_before_expire_jobs_runs(client):
    post = ApprovedJobPostFactory(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(post.get_absolute_url()).status_code == 410


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.REVIEW, Status.REJECTED, Status.SPAM, Status.REMOVED]
)
def test_unpublished_posts_are_not_found(client, status):
    post = JobPostFactory(status=status)
    assert client.get(post.get_absolute_url()).status_code == 404


def test_company_page_lists_its_open_posts(client):
    company = CompanyFactory(name="Spam Eggs GmbH")
    ApprovedJobPostFactory(company=company, title="Open one")
    ApprovedJobPostFactory(company=company, title="Closed one", status=Status.FILLED)
    ApprovedJobPostFactory(title="Other company job")
    html = client.get(company.get_absolute_url()).content.decode()
    assert "Open one" in html
    assert "Closed one" not in html
    assert "Other company job" not in html


@pytest.mark.parametrize("kind", ["board", "detail", "company"])
def test_conditional_get_answers_304_until_a_post_changes(client, kind):
    post = ApprovedJobPostFactory()
    url = {
        "board": BOARD,
        "detail": post.get_absolute_url(),
        "company": post.company.get_absolute_url(),
    }[kind]
    first = client.get(url)
    etag = first["ETag"]
    assert "public" in first["Cache-Control"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    JobPost.objects.filter(pk=post.pk).update(title="Changed", updated_at=timezone.now())
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_signed_in_readers_get_private_pages(client, member):
    client.force_login(member)
    response = client.get(BOARD)
    assert "private" in response["Cache-Control"]


def test_home_page_shows_the_latest_five_jobs(client):
    now = timezone.now()
    for i in range(7):
        ApprovedJobPostFactory(title=f"Home job {i}", published_at=now - timedelta(hours=i))
    html = client.get(reverse("community:home")).content.decode()
    assert "Latest Python jobs" in html
    assert "Home job 0" in html
    assert "Home job 4" in html
    assert "Home job 5" not in html


def test_home_page_breaks_a_tie_like_the_board_newer_post_first(client):
    published = timezone.now() - timedelta(hours=1)
    posts = [
        ApprovedJobPostFactory(title=f"Tied job {i}", published_at=published) for i in range(6)
    ]
    html = client.get(reverse("community:home")).content.decode()
    # The five newest by pk; the first one created is the one left out, as on the board.
    assert posts[0].title not in html
    shown = [post.title for post in reversed(posts[1:])]
    assert [html.index(title) for title in shown] == sorted(html.index(t) for t in shown)


def test_a_new_company_logo_changes_the_validators(client):
    post = ApprovedJobPostFactory()
    etags = [client.get(url)["ETag"] for url in (BOARD, post.get_absolute_url())]
    post.company.save()  # e.g. a reviewer replaced the logo
    for url, etag in zip((BOARD, post.get_absolute_url()), etags, strict=True):
        assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_a_search_matching_more_than_the_cap_says_so_and_counts_no_further(
    client, monkeypatch, django_assert_max_num_queries
):
    from community import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    ApprovedJobPostFactory.create_batch(5, title="Django developer")
    with django_assert_max_num_queries(4) as captured:
        first = client.get(BOARD, {"q": "django"}).content.decode()
    assert "More than 3 jobs matching your filters" in first
    assert any("LIMIT 4" in query["sql"] for query in captured.captured_queries)
    last = client.get(BOARD, {"q": "django", "page": 2}).content.decode()
    assert "These are the first 3." in last


def test_a_search_under_the_cap_shows_its_exact_count(client):
    ApprovedJobPostFactory.create_batch(2, title="Django developer")
    assert "2 jobs matching your filters" in client.get(BOARD, {"q": "django"}).content.decode()


def test_building_the_filter_form_does_not_copy_every_country():
    # Forms deep-copy their fields per instance; a plain list of 250 countries cost
    # 1 ms a copy on each board and feed request. A callable is not copied.
    assert isinstance(JobFilterForm.base_fields["country"].choices, CallableChoiceIterator)
    form = JobFilterForm({"country": "KE"})
    assert form.filter(JobPost.objects.all()).query.where  # the choices still validate
    assert form.cleaned_data["country"] == "KE"
    assert '<option value="KE" selected>Kenya</option>' in str(form["country"])
