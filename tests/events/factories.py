from datetime import UTC, datetime, timedelta

import factory
from django.utils import timezone
from django.utils.timezone import now as django_now

from events.models import Calendar, Event, EventStatus


def python_events():
    return Calendar.objects.get(slug=Calendar.PYTHON_EVENTS)


def user_group_events():
    return Calendar.objects.get(slug=Calendar.USER_GROUP_EVENTS)


def in_days(days, hour=9):
    moment = timezone.now() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory):
    """A published conference a month from now, in UTC."""

    class Meta:
        model = Event

    calendar = factory.LazyFunction(python_events)
    title = factory.Sequence(lambda n: f"PyCon Example {n}")
    description = "A friendly **Python** conference."
    start = factory.LazyFunction(lambda: in_days(30))
    end = factory.LazyAttribute(lambda e: e.start + timedelta(hours=8))
    timezone = "UTC"
    city = "Lisbon"
    country = "PT"
    venue_name = "Congress Centre"
    website_url = factory.Sequence(lambda n: f"https://example.org/event-{n}/")
    organiser_name = "Orla Organiser"
    organiser_email = "secret-organiser@example.org"
    status = EventStatus.PUBLISHED
    published_at = factory.LazyFunction(django_now)


class SubmittedEventFactory(EventFactory):
    status = EventStatus.SUBMITTED
    published_at = None


def next_spring_forward_sunday():
    """The next last Sunday of March: the night Europe/Berlin moves from CET to CEST."""
    today = timezone.now().date()
    year = today.year
    while True:
        last = datetime(year, 3, 31, tzinfo=UTC).date()
        sunday = last - timedelta(days=(last.weekday() - 6) % 7)
        if sunday > today + timedelta(days=7):
            return sunday
        year += 1
