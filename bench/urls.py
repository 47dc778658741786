"""The pages the benchmark measures (issue 9, section 1), in the order of the table.

A page's ``path`` is either a fixed path or a function that finds one in the
seeded database (called inside Django, in bench/probe.py). A function raises
``Unavailable`` when the app or object it needs is not there yet; the page is
then listed as "not available" instead of stopping the run. Once the events and
jobs apps have landed, replace the guesses below with their exact URL names.
"""

from collections.abc import Callable
from dataclasses import dataclass


class Unavailable(LookupError):
    """The page cannot be measured in this database (no app, no URL, no object)."""


@dataclass(frozen=True)
class Page:
    label: str
    path: str | Callable[[], str]
    # Demo account (community/seeding.py) whose session the requests carry; None = anonymous.
    login: str | None = None

    def resolve(self) -> str:
        return self.path() if callable(self.path) else self.path


def reverse_first(candidates: list[tuple[str, dict]]) -> str:
    """The first (URL name, kwargs) of ``candidates`` that reverses."""
    from django.urls import NoReverseMatch, reverse

    for name, kwargs in candidates:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    raise Unavailable("no URL named " + " or ".join(sorted({name for name, _ in candidates})))


def sample_object_url(app_label: str, model_names: tuple[str, ...], querysets: tuple[str, ...]):
    """A function giving the URL of a public object of the first model found.

    ``querysets`` are the manager methods that mean "public", tried in order
    (e.g. ``upcoming``, ``public``); the object is taken from the middle of that
    list so it is neither the newest nor the oldest row.
    """

    def resolve() -> str:
        from django.apps import apps

        for model_name in model_names:
            try:
                model = apps.get_model(app_label, model_name)
            except LookupError:
                continue
            manager = model._default_manager
            queryset = next(
                (getattr(manager, name)() for name in querysets if hasattr(manager, name)),
                None,
            )
            if queryset is None:
                raise Unavailable(f"{model.__name__} has none of {', '.join(querysets)}()")
            if not queryset.ordered:
                queryset = queryset.order_by("pk")
            count = queryset.count()
            if not count:
                raise Unavailable(f"no public {model.__name__} in the database")
            return queryset[count // 2].get_absolute_url()
        raise Unavailable(f"no model {' or '.join(model_names)} in {app_label}")

    return resolve


def month_grid() -> str:
    """This month's grid of the Python events calendar."""
    from django.utils import timezone

    today = timezone.localdate()
    kwargs = {"calendar": "python-events", "year": today.year, "month": today.month}
    return reverse_first([("events:calendar-month", kwargs)])


def month_agenda() -> str:
    """The same month as a list of days (the agenda view)."""
    return month_grid() + "?view=agenda"


def groups_directory() -> str:
    return reverse_first([("representatives:group-list", {})])


def regions_list() -> str:
    return reverse_first([("representatives:region-list", {})])


def region_page() -> str:
    """Europe: the seeded region with the most user groups."""
    return reverse_first([("representatives:region-detail", {"slug": "europe"})])


def job_review_queue() -> str:
    """The admin change list of job posts (its default filter is the review queue)."""
    from django.apps import apps
    from django.contrib import admin
    from django.urls import reverse

    for model in apps.get_app_config("jobs").get_models():
        if model in admin.site._registry and model.__name__ in ("JobPost", "Job"):
            opts = model._meta
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    raise Unavailable("no job post model in the admin")


def budget_report() -> str:
    return reverse_first(
        [
            ("community:budget-report", {}),
            ("community:budget", {}),
            ("budget:report", {}),
        ]
    )


PAGES = [
    Page("home", "/"),
    Page("way to help", "/help/review-jobs/"),
    Page("team", "/team/"),
    Page("materials", "/materials/"),
    Page("search", "/search/?q=python"),
    Page("search typo", "/search/?q=pyhton+confrence"),
    Page("events", "/events/"),
    Page("python events", "/events/python-events/"),
    Page("user group events", "/events/user-group-events/"),
    Page("month grid", month_grid),
    Page("month agenda", month_agenda),
    Page("event detail", sample_object_url("events", ("Event",), ("upcoming", "published"))),
    Page("python events ics", "/events/python-events.ics"),
    Page("user group ics", "/events/user-group-events.ics"),
    Page("jobs", "/jobs/"),
    Page("job search", "/jobs/?q=python"),
    Page("job detail", sample_object_url("jobs", ("JobPost", "Job"), ("public",))),
    Page("jobs rss", "/jobs/feed.rss"),
    Page("groups directory", groups_directory),
    Page("group page", sample_object_url("representatives", ("UserGroup",), ("public",))),
    Page("regions and representatives", regions_list),
    Page("region page", region_page),
    Page("kits", "/kits/"),
    Page("kit detail", sample_object_url("kits", ("Kit",), ("in_service",))),
    Page("kit reports", "/kits/reports/", login="board"),
    Page("booths", "/kits/booths/"),
    Page("booth detail", sample_object_url("kits", ("Booth",), ("upcoming",))),
    Page("my shifts", "/kits/shifts/mine/", login="member"),
    Page("review queue", job_review_queue, login="reviewer"),
    Page("budget report", budget_report, login="board"),
    Page("board overview", "/overview/", login="board"),
    Page("volunteer inbox", "/inbox/", login="reviewer"),
]


def storm_paths(limit: int = 1000) -> list[str]:
    """Distinct public pages for the proxy's cache-miss storm (run.py --proxy): event and
    job detail pages, alternating, as a crawler reads them; fewer when fewer exist."""
    from events.models import Event
    from jobs.models import JobPost

    events = Event.objects.public().select_related("calendar").order_by("pk")[:limit]
    jobs = JobPost.objects.public().order_by("pk")[:limit]
    lists = [[event.get_absolute_url() for event in events], [j.get_absolute_url() for j in jobs]]
    paths = []
    for pair in zip(*lists, strict=False):
        paths += pair
    longer = max(lists, key=len)
    paths += longer[len(min(lists, key=len)) :]
    return paths[:limit]
