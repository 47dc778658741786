from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from community.admin_access import admin_offers_work
from events.models import Event
from jobs.models import JobPost


def review_queues(user) -> list[dict]:
    """What waits for this volunteer: a count and where to work on it, per queue."""
    if not (user.is_authenticated and user.is_staff):
        return []
    queues = []
    if user.has_perm("events.change_event"):
        queues.append(
            {
                "label": "Events to review",
                "count": Event.objects.moderated_by(user).waiting().count(),
                "url": reverse("admin:events_event_changelist"),
            }
        )
    if user.has_perm("jobs.review_jobpost"):
        queues.append(
            {
                "label": "Job posts to review",
                "count": JobPost.objects.pending().count(),
                "url": reverse("admin:jobs_jobpost_changelist"),
            }
        )
    return queues


def volunteer_work(request):
    """The volunteer's queues and whether the admin has work for them, for the menu and
    the admin home; counted only on pages that show them, for volunteers only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "review_queues": SimpleLazyObject(lambda: review_queues(user)),
        "offers_admin": SimpleLazyObject(lambda: admin_offers_work(request)),
    }
