"""Every named URL of the site, walked from the resolver, with the arguments to reach it."""

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# URLs the matrices cannot reach with a plain GET, and where they are tested instead.
NOT_WALKED = {
    "account_confirm_email": "needs a mailed key: tests/community/test_accounts.py",
    "account_reset_password_from_key": "needs a mailed key: tests/community/test_accounts.py",
    "media-file": "serves uploads: tests/community/test_media.py",
}


def named_urls():
    """(name, pattern) for every named URL outside the admin, walked from the resolver."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(set(walk(get_resolver().url_patterns)))


def url_kwargs(world):
    """Arguments for each URL that takes some, drawn from the ``world`` fixture."""
    event, submitted = world["event"], world["submitted_event"]
    calendar = {"calendar": world["calendar"].slug}
    draft = {"pk": world["draft_job"].pk}
    return {
        "events:submission-edit": {"pk": submitted.pk},
        "events:submission-withdraw": {"pk": submitted.pk},
        "events:calendar-ics": calendar,
        "events:calendar-json": calendar,
        "events:calendar": calendar,
        "events:calendar-past": calendar,
        "events:calendar-month-current": calendar,
        "events:calendar-month": {**calendar, "year": event.start.year, "month": event.start.month},
        "events:calendar-rss": calendar,
        "events:calendar-atom": calendar,
        "events:calendar-widget": calendar,
        "events:event-ics": {**calendar, "pk": event.pk},
        "events:event-detail": {**calendar, "pk": event.pk, "slug": event.slug},
        "jobs:job-detail": {"pk": world["job"].pk},
        "jobs:company-detail": {"slug": world["company"].slug},
        "jobs:company-logo": {"slug": world["company"].slug},
        "jobs:mine-detail": draft,
        "jobs:job-edit": draft,
        "jobs:job-submit": draft,
        "jobs:job-withdraw": draft,
        "jobs:job-fill": draft,
        "jobs:job-comment": draft,
        "representatives:region-detail": {"slug": world["region"].slug},
        "representatives:region-strategy": {"slug": world["region"].slug},
        "representatives:group-detail": {"slug": world["group"].slug},
        "kits:kit-detail": {"slug": world["kit"].slug},
        "kits:booking-detail": {"pk": world["booking"].pk},
        "kits:booking-approve": {"pk": world["booking"].pk},
        "kits:booking-decline": {"pk": world["booking"].pk},
        "kits:booking-propose": {"pk": world["booking"].pk},
        "kits:booking-advance": {"pk": world["booking"].pk},
        "kits:booking-cancel": {"pk": world["booking"].pk},
        "kits:shipment-edit": {"pk": world["shipment"].pk},
        "kits:attachment-download": {"pk": world["attachment"].pk},
        "kits:booth-detail": {"pk": world["booth"].pk},
        "kits:booth-manage": {"pk": world["booth"].pk},
        "kits:booth-edit": {"pk": world["booth"].pk},
        "kits:booth-kit": {"pk": world["booth"].pk},
        "kits:booth-report": {"pk": world["booth"].pk},
        "kits:booth-move": {"pk": world["booth"].pk},
        "kits:checklist-add": {"pk": world["booth"].pk},
        "kits:checklist-tick": {"pk": world["booth"].pk, "item_pk": 1},
        "kits:shift-new": {"pk": world["booth"].pk},
        "kits:shift-generate": {"pk": world["booth"].pk},
        "kits:shift-signup": {"shift_pk": world["shift"].pk},
        "kits:shift-drop": {"shift_pk": world["shift"].pk},
        "kits:shift-wait": {"shift_pk": world["shift"].pk},
        "kits:shift-feed": {"token": "matrix-feed-token"},
        "kits:signup-attendance": {"signup_pk": 1},
        "budget:report-csv": {"table": "lines"},
        "budget:line-detail": {"pk": world["budget_line"].pk},
        "budget:line-csv": {"pk": world["budget_line"].pk},
        "budget:receipt-download": {"pk": world["budget_expense"].pk},
        "budget:support-detail": {"pk": world["support"].pk},
        "community:way-to-help": {"slug": "review-jobs"},
        "sitemap-section": {"section": "events"},
        "community:material-download": {"pk": world["material"].pk},
        "community:material-preview": {"pk": world["material"].pk},
    }


def resolve_all(world):
    kwargs = url_kwargs(world)
    names = [name for name in named_urls() if name not in NOT_WALKED]
    return {name: reverse(name, kwargs=kwargs.get(name)) for name in names}


# Admin pages the matrices do not open: sign-in plumbing (tested with MFA) and
# script endpoints.
ADMIN_NOT_WALKED = {
    "admin:login", "admin:logout", "admin:password_change", "admin:password_change_done",
    "admin:jsi18n", "admin:autocomplete",
}  # fmt: skip


def admin_urls(world):
    """Every admin URL that takes no argument, plus the change pages of the world's objects."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace == "admin" and pattern.name:
                yield f"admin:{pattern.name}"

    urls = {}
    for name in sorted(set(walk(get_resolver().url_patterns)) - ADMIN_NOT_WALKED):
        try:
            urls[name] = reverse(name)
        except NoReverseMatch:
            continue  # takes an object id: the change pages below
    for name, obj in [
        ("admin:events_event_change", world["submitted_event"]),
        ("admin:events_event_moderate", world["submitted_event"]),
        ("admin:jobs_jobpost_change", world["job"]),
        ("admin:representatives_usergroup_change", world["group"]),
        ("admin:representatives_milestone_change", world["milestone"]),
        ("admin:representatives_activityreport_change", world["report"]),
        ("admin:auth_user_change", world["users"]["member"]),
        ("admin:kits_kit_change", world["kit"]),
        ("admin:kits_shipment_change", world["shipment"]),
        ("admin:kits_booking_change", world["booking"]),
        ("admin:kits_booth_change", world["booth"]),
        ("admin:kits_shift_change", world["shift"]),
        ("admin:budget_expense_change", world["budget_expense"]),
        ("admin:budget_budgetline_change", world["budget_line"]),
    ]:
        urls[name] = reverse(name, args=[obj.pk])
    return urls
