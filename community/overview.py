"""The board's overview: how each programme is doing, one number per line, each linking
to the list behind it. A fixed handful of queries whatever the tables hold."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from budget.reports import lines_at_risk
from community import roles
from events.models import Event
from jobs.models import JobPost
from kits.models import Booking, BookingStatus, Shift
from representatives.models import Region

MEDIAN_WINDOW_DAYS = 30
READERS = (roles.BOARD_MEMBERS.name, roles.TREASURERS.name)


def reads_overview(user) -> bool:
    """Board members, treasurers and the PSF's staff (superusers). Not ``is_staff``: every
    volunteer role that works in the admin grants that."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=READERS).exists()


@dataclass(frozen=True)
class Figure:
    label: str
    value: object
    url: str
    note: str = ""


def _duration(value) -> str:
    if value is None:
        return "no post reviewed"
    hours = value.total_seconds() / 3600
    return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"


def overview_figures(now=None) -> list[Figure]:
    now = now or timezone.now()
    jobs_admin = reverse("admin:jobs_jobpost_changelist")
    queue = JobPost.objects.pending().aggregate(size=Count("pk"), oldest=Min("submitted_at"))
    oldest = queue["oldest"]
    bookings_admin = reverse("admin:kits_booking_changelist")
    return [
        Figure("Job posts waiting for review", queue["size"], f"{jobs_admin}?queue=review"),
        Figure(
            "Oldest pending job post",
            _duration(now - oldest) if oldest else "none waiting",
            f"{jobs_admin}?queue=review",
            note="waiting since it was submitted",
        ),
        Figure(
            f"Median review time, last {MEDIAN_WINDOW_DAYS} days",
            _duration(
                JobPost.objects.first_review_times(now - timedelta(days=MEDIAN_WINDOW_DAYS))[
                    "median"
                ]
            ),
            f"{jobs_admin}?queue=approved",
            note="from first submission to first decision",
        ),
        Figure(
            "Events waiting for moderation",
            Event.objects.waiting().count(),
            reverse("admin:events_event_changelist") + "?status=submitted",
        ),
        Figure(
            "Kits in the field",
            Booking.objects.bound_for_conferences().count(),
            reverse("kits:index"),
            note="shipped to or standing at a conference",
        ),
        Figure(
            "Overdue returns",
            Booking.objects.return_overdue(now.date()).count(),
            f"{bookings_admin}?status__exact={BookingStatus.AT_EVENT}",
            note="still at a conference past the day they were due home",
        ),
        Figure(
            "Budget lines at risk",
            len(lines_at_risk()),
            reverse("budget:report"),
            note="this year's lines at 80 % or more of their approved amount",
        ),
        Figure(
            "Regions without an active representative",
            Region.objects.without_active_representative().count(),
            reverse("representatives:region-list"),
        ),
        Figure(
            "Open places on booth shifts",
            Shift.objects.open_places(),
            reverse("kits:booth-list"),
            note="upcoming shifts of upcoming PSF booths",
        ),
    ]


def user_roles(user) -> list:
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in roles.ROLES if role.name in names]


def volunteer_queues(user) -> list[dict]:
    """The header's review queues, plus kit requests waiting for a kit manager."""
    from community.context_processors import review_queues

    queues = list(review_queues(user))
    if user.is_authenticated and user.has_perm("kits.view_booking"):
        waiting = Booking.objects.managed_by(user).filter(status=BookingStatus.REQUESTED)
        queues.append(
            {
                "label": "Kit requests to answer",
                "count": waiting.count(),
                "url": reverse("admin:kits_booking_changelist") + "?status__exact=requested",
            }
        )
    return queues
