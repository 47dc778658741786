"""One site search over events, jobs, user groups, regions and materials.

Each type is searched through its app's public queryset (one home per rule) against a
stored, GIN-indexed tsvector, ranked, and capped; the types are then merged into one
ranked list. The query count is fixed: per type one query for its best rows and one
bounded count for its facet, plus one trigram query for "did you mean" when nothing
matched. Regions are six rows: their vector is computed on the fly.
"""

import difflib
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, FloatField, Value
from django.db.models.functions import Greatest

from community.models import Material
from events.models import Event
from jobs.models import JobPost
from representatives.models import Region, UserGroup

MAX_QUERY_LENGTH = 200
PER_TYPE = 20
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


def _ranked(queryset, query, vector):
    return (
        queryset.annotate(rank=SearchRank(vector, query)).filter(rank__gt=0).order_by("-rank", "pk")
    )


def _events(query):
    rows = Event.objects.public().filter(search_vector=query).select_related("calendar")
    return rows, lambda e: Hit(
        "events", e.title, e.get_absolute_url(),
        f"{e.calendar.name} · {e.start:%d %b %Y}{' · ' + e.city if e.city else ''}", e.rank,
    )  # fmt: skip


def _jobs(query):
    rows = JobPost.objects.public().filter(search_vector=query)
    return rows, lambda p: Hit("jobs", p.title, p.get_absolute_url(), p.company_name or "", p.rank)


def _groups(query):
    rows = UserGroup.objects.public().filter(search_vector=query)
    return rows, lambda g: Hit("groups", g.name, g.get_absolute_url(), g.location, g.rank)


REGION_VECTOR = SearchVector("name", weight="A", config=CONFIG) + SearchVector(
    "description", weight="B", config=CONFIG
)


def _regions(query):
    rows = Region.objects.annotate(search_vector=REGION_VECTOR).filter(search_vector=query)
    return rows, lambda r: Hit("regions", r.name, r.get_absolute_url(), "Region", r.rank)


def _materials(query):
    from django.urls import reverse

    rows = Material.objects.public().filter(search_vector=query)
    return rows, lambda m: Hit(
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
        rows, to_hit = build(query)
        count = rows.order_by()[: FACET_CAP + 1].count()
        facets.append((name, label, min(count, FACET_CAP), count > FACET_CAP))
        if kind in ("", name) and count:
            vector = REGION_VECTOR if name == "regions" else F("search_vector")
            hits += [to_hit(row) for row in _ranked(rows, query, vector)[:PER_TYPE]]
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
