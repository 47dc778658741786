"""One site search over events, jobs, user groups, regions and materials.

Each type is searched through its app's public queryset (one home per rule) against a
stored, GIN-indexed tsvector, ranked, and capped; the types are then merged into one
ranked list. The query count is fixed: per type one query for the keys of its newest
matches (at most FACET_CAP + 1: their number is the facet) and one for its best rows,
plus one trigram query for "did you mean" when nothing matched. Regions are six rows:
their vector is computed on the fly.

A broad word ("python") matches nearly every row of a type, and ranking ten thousand
rows cost more than the rest of the page; so each type ranks its RANK_WINDOW newest
matches (every match when there are fewer, as for most searches).
"""

import difflib
import re
from dataclasses import dataclass

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, FloatField, Value
from django.db.models.functions import Greatest

from community.models import Material
from events.models import Event
from jobs.models import JobPost
from representatives.models import Region, UserGroup

MAX_QUERY_LENGTH = 200
PER_TYPE = 20
# Newest matches ranked per type. Past it, older rows of a broad search are left out of the
# ranking, not of the facet count, which says how many matched (up to FACET_CAP).
RANK_WINDOW = 200
FACET_CAP = 1000
CONFIG = "english"
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    detail: str
    rank: float


@dataclass
class Results:
    query: str
    hits: list[Hit]
    facets: list[tuple[str, str, int, bool]]  # (kind, label, count, capped)
    suggestion: str = ""
    message: str = ""


def clean_query(raw: str) -> tuple[str, str]:
    """(query to search, message for the reader) from what they typed."""
    text = " ".join(raw.replace("\x00", " ").split())
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH], (
            f"Your search was long; we searched its first {MAX_QUERY_LENGTH} characters."
        )
    return text, ""


def _newest_matches(rows) -> list[int]:
    """Keys of up to FACET_CAP + 1 matching rows, newest first: their number is the
    facet's count, the first RANK_WINDOW of them are the rows to rank. One row comes back
    (an array), not a thousand for Python to read one by one."""
    newest = rows.order_by("-pk").values("pk")[: FACET_CAP + 1]
    return newest.aggregate(keys=ArrayAgg("pk", order_by="-pk", default=[]))["keys"]


def _ranked(model, keys, query, vector, fields):
    """The rows of ``keys`` by rank, best first, with only the ``fields`` a hit shows.
    Read by key: PostgreSQL then ranks these rows only, instead of testing every match of
    a broad word and joining."""
    rows = model._base_manager.filter(pk__in=keys).only(*fields)
    related = {field.rsplit("__", 1)[0] for field in fields if "__" in field}
    if related:
        rows = rows.select_related(*related)
    return rows.annotate(rank=SearchRank(vector, query)).order_by("-rank", "pk")


def _events(query):
    rows = Event.objects.public().filter(search_vector=query)
    fields = ("title", "start", "city", "calendar__name", "calendar__slug")
    return rows, fields, lambda e: Hit(
        "events", e.title, e.get_absolute_url(),
        f"{e.calendar.name} · {e.start:%d %b %Y}{' · ' + e.city if e.city else ''}", e.rank,
    )  # fmt: skip


def _jobs(query):
    rows = JobPost.objects.public().filter(search_vector=query)
    return (
        rows,
        ("title", "company_name"),
        lambda p: Hit("jobs", p.title, p.get_absolute_url(), p.company_name or "", p.rank),
    )


def _groups(query):
    rows = UserGroup.objects.public().filter(search_vector=query)
    fields = ("name", "slug", "city", "country")
    return rows, fields, lambda g: Hit("groups", g.name, g.get_absolute_url(), g.location, g.rank)


REGION_VECTOR = SearchVector("name", weight="A", config=CONFIG) + SearchVector(
    "description", weight="B", config=CONFIG
)


def _regions(query):
    rows = Region.objects.annotate(search_vector=REGION_VECTOR).filter(search_vector=query)
    return (
        rows,
        ("name", "slug"),
        lambda r: Hit("regions", r.name, r.get_absolute_url(), "Region", r.rank),
    )


def _materials(query):
    from django.urls import reverse

    rows = Material.objects.public().filter(search_vector=query)
    return rows, ("title", "kind", "language"), lambda m: Hit(
        "materials", m.title, reverse("community:materials") + f"?kind={m.kind}",
        f"{m.get_kind_display()} · {m.get_language_display()}", m.rank,
    )  # fmt: skip


TYPES = {
    "events": ("Events", _events),
    "jobs": ("Jobs", _jobs),
    "groups": ("User groups", _groups),
    "regions": ("Regions", _regions),
    "materials": ("Materials", _materials),
}


def site_search(raw: str, *, kind: str = "") -> Results:
    text, message = clean_query(raw)
    if not WORD.search(text):
        return Results(text, [], [], message="Type a word to search events, jobs, user "
                       "groups, regions and marketing material.")  # fmt: skip
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    hits, facets = [], []
    for name, (label, build) in TYPES.items():
        rows, fields, to_hit = build(query)
        keys = _newest_matches(rows)
        count = len(keys)
        facets.append((name, label, min(count, FACET_CAP), count > FACET_CAP))
        if kind in ("", name) and count:
            vector = REGION_VECTOR if name == "regions" else F("search_vector")
            window = keys[:RANK_WINDOW]
            ranked = _ranked(rows.model, window, query, vector, fields)[:PER_TYPE]
            # A match can rank 0 (a query of only "-word"); those never show. Dropped
            # here, not in SQL, where the test would run on every row before the window.
            hits += [to_hit(row) for row in ranked if row.rank > 0]
    hits.sort(key=lambda hit: -hit.rank)
    results = Results(text, hits, facets, message=message)
    if not any(count for _, _, count, _ in facets):
        results.suggestion = did_you_mean(text)
    return results


def did_you_mean(text: str) -> str:
    """A spelling the site knows for ``text``: the public event or job title closest by
    trigrams (one indexed query), with each typed word replaced by its nearest word there."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    words = WORD.findall(text)[:6]
    if not words:
        return ""
    phrase = " ".join(words)
    similarity = Greatest(
        TrigramWordSimilarity(Value(phrase), "title"), Value(0.0), output_field=FloatField()
    )
    title = (
        Event.objects.public()
        .filter(title__trigram_word_similar=phrase)
        .annotate(similarity=similarity)
        .order_by("-similarity")
        .values_list("title", flat=True)
        .first()
    )
    if not title:
        return ""
    known = WORD.findall(title.lower())
    fixed = [
        (difflib.get_close_matches(word.lower(), known, n=1, cutoff=0.6) or [word])[0]
        for word in words
    ]
    suggestion = " ".join(fixed)
    return "" if suggestion.lower() == phrase.lower() else suggestion
