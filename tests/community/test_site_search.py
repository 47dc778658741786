"""One site search: public rows only, ranked across types with facets, "did you mean",
bad input answered with results or a message, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import EventStatus
from representatives.models import Region
from tests.community.factories import MaterialFactory
from tests.events.factories import EventFactory, SubmittedEventFactory, in_days
from tests.jobs.factories import ApprovedJobPostFactory, JobPostFactory
from tests.representatives.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.KITS_PRIVATE_ROOT = tmp_path / "private"


def search(client, q, **params):
    response = client.get(reverse("community:search"), {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_finds_every_type_in_one_list_with_facets(client):
    EventFactory(title="Zanzibar Python Conference", start=in_days(20), end=in_days(21))
    ApprovedJobPostFactory(title="Zanzibar backend developer")
    UserGroupFactory(name="Zanzibar Pythonistas")
    MaterialFactory(title="Zanzibar banner")
    page = search(client, "zanzibar")
    for title in ("Zanzibar Python Conference", "Zanzibar backend developer",
                  "Zanzibar Pythonistas", "Zanzibar banner"):  # fmt: skip
        assert title in page
    assert "Events <span" in page
    assert "Jobs <span" in page
    only_jobs = search(client, "zanzibar", type="jobs")
    assert "Zanzibar backend developer" in only_jobs
    assert "Zanzibar Python Conference" not in only_jobs


def test_regions_are_found(client):
    assert Region.objects.get(slug="europe").get_absolute_url() in search(client, "europe")


def test_only_public_rows_are_found(client):
    SubmittedEventFactory(title="Quokka waiting summit")
    EventFactory(title="Quokka rejected summit", status=EventStatus.REJECTED,
                 rejection_reason="spam", published_at=None)  # fmt: skip
    JobPostFactory(title="Quokka draft engineer")
    MaterialFactory(title="Quokka internal guide", is_public=False)
    page = search(client, "quokka")
    assert "Quokka" not in page.split("<h1>Search</h1>", 1)[1].replace('value="quokka"', "")


def test_did_you_mean_offers_a_known_spelling(client):
    EventFactory(title="DjangoCon Europe", start=in_days(20), end=in_days(21))
    page = search(client, "djangocn")
    assert "Did you mean" in page
    assert "djangocon" in page


@pytest.mark.parametrize(
    "q",
    ["", "   ", "x" * 5000, "!!! & | <-> :* ''", "python & | !", "日本 Python", "Привет",
     "' OR 1=1 --", "-", '"unterminated'],
)  # fmt: skip
def test_bad_input_gives_results_or_a_message_never_a_500(client, q):
    page = search(client, q)
    assert "Search" in page


def test_empty_query_says_what_to_type(client):
    assert "Type a word to search" in search(client, "")


def test_long_query_is_cut_with_a_message(client):
    assert "first 200 characters" in search(client, "python " * 1000)


def test_nul_byte_is_refused_with_a_clear_page(client):
    response = client.get(reverse("community:search"), {"q": "py\x00thon"})
    assert response.status_code == 400
    assert "could not read" in response.content.decode()


def test_every_page_has_the_search_box(client):
    for name in ("community:home", "jobs:index", "events:index"):
        html = client.get(reverse(name)).content.decode()
        assert f'action="{reverse("community:search")}"' in html


def test_query_count_does_not_grow_with_rows(client, settings):
    settings.PAGE_CACHE_ENABLED = False

    def add(n):
        for i in range(n):
            EventFactory(title=f"Walrus meetup {i}", start=in_days(20), end=in_days(21))
            ApprovedJobPostFactory(title=f"Walrus engineer {i}")
            UserGroupFactory(name=f"Walrus group {n}-{i}")  # one name per group and city

    def count(q):
        with CaptureQueriesContext(connection) as ctx:
            search(client, q)
        return len(ctx)

    add(2)
    few, few_typo = count("walrus"), count("walrsu")
    add(10)
    assert count("walrus") == few
    assert count("walrsu") == few_typo


def test_a_broad_word_ranks_the_newest_matches_and_counts_them_all(client, monkeypatch):
    from community import search as site

    monkeypatch.setattr(site, "RANK_WINDOW", 3)
    oldest = ApprovedJobPostFactory(title="Narwhal narwhal narwhal lead")  # ranks best
    newer = [ApprovedJobPostFactory(title=f"Developer {i}", description="Narwhal team.")
             for i in range(4)]  # fmt: skip
    results = site.site_search("narwhal")
    assert {hit.title for hit in results.hits} == {p.title for p in newer[1:]}
    assert ("jobs", "Jobs", 5, False) in results.facets
    monkeypatch.setattr(site, "RANK_WINDOW", 200)
    assert site.site_search("narwhal").hits[0].title == oldest.title


def test_rows_a_query_matches_without_ranking_are_not_listed(client):
    ApprovedJobPostFactory(title="Lynx engineer")  # matches "not ocelot", with rank 0
    assert "Lynx engineer" not in search(client, "-ocelot")
