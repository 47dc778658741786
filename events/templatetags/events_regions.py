"""The region page's "upcoming events" block, kept with events so representatives (a lower
floor) never imports events: its template loads this library instead."""

from django import template

from events.models import Event

register = template.Library()


@register.inclusion_tag("events/includes/region_upcoming.html")
def region_upcoming_events(region, limit: int = 8):
    """The soonest public events of both calendars in ``region``, in one query."""
    upcoming = Event.objects.upcoming().filter(region=region).select_related("calendar")
    return {"rows": upcoming.defer("description").soonest(limit), "region": region}
