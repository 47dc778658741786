"""Demo data: a year of both calendars, plus ``--scale N`` bulk events for benchmarks."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.utils.text import slugify

from events import services
from events.models import Calendar, Event, EventActor, EventStatus, EventStatusChange, new_uid
from events.stored_vevents import store_rendered_vevents
from representatives.models import Region, UserGroup

# title, city, country, region slug, zone, days from now, length in days, website
CONFERENCES = [
    (
        "PyCon US",
        "Long Beach",
        "US",
        "north-america",
        "America/Los_Angeles",
        150,
        9,
        "https://us.pycon.org/",
    ),
    (
        "EuroPython",
        "Prague",
        "CZ",
        "europe",
        "Europe/Prague",
        220,
        7,
        "https://ep2027.europython.eu/",
    ),
    (
        "PyCon AU",
        "Melbourne",
        "AU",
        "australia",
        "Australia/Melbourne",
        265,
        5,
        "https://pycon.org.au/",
    ),
    ("PyCon India", "Bengaluru", "IN", "india", "Asia/Kolkata", 290, 4, "https://in.pycon.org/"),
    ("PyCon JP", "Tokyo", "JP", "asia", "Asia/Tokyo", 300, 3, "https://pycon.jp/"),
    (
        "PyCon Africa",
        "Johannesburg",
        "ZA",
        None,
        "Africa/Johannesburg",
        250,
        5,
        "https://africa.pycon.org/",
    ),
    (
        "Python Brasil",
        "Belo Horizonte",
        "BR",
        "south-america",
        "America/Sao_Paulo",
        320,
        6,
        "https://python.org.br/",
    ),
    (
        "PyCon Colombia",
        "Medellín",
        "CO",
        "south-america",
        "America/Bogota",
        100,
        3,
        "https://www.pycon.co/",
    ),
    (
        "DjangoCon Europe",
        "Athens",
        "GR",
        "europe",
        "Europe/Athens",
        130,
        5,
        "https://djangocon.eu/",
    ),
    (
        "DjangoCon US",
        "Chicago",
        "US",
        "north-america",
        "America/Chicago",
        280,
        5,
        "https://djangocon.us/",
    ),
    (
        "PyCon DE & PyData",
        "Darmstadt",
        "DE",
        "europe",
        "Europe/Berlin",
        125,
        3,
        "https://pycon.de/",
    ),
    ("PyCon UK", "Manchester", "GB", "europe", "Europe/London", 275, 4, "https://pyconuk.org/"),
    (
        "SciPy Conference",
        "Tacoma",
        "US",
        "north-america",
        "America/Los_Angeles",
        210,
        6,
        "https://www.scipy2027.scipy.org/",
    ),
    ("PyCon APAC", "Manila", "PH", "asia", "Asia/Manila", 60, 2, "https://pycon-apac.python.ph/"),
    (
        "Kiwi PyCon",
        "Wellington",
        "NZ",
        "australia",
        "Pacific/Auckland",
        305,
        3,
        "https://kiwipycon.nz/",
    ),
    ("PyCon Korea", "Seoul", "KR", "asia", "Asia/Seoul", 285, 2, "https://2027.pycon.kr/"),
    (
        "PyCascades",
        "Vancouver",
        "CA",
        "north-america",
        "America/Vancouver",
        95,
        3,
        "https://pycascades.com/",
    ),
    (
        "FOSDEM Python devroom",
        "Brussels",
        "BE",
        "europe",
        "Europe/Brussels",
        70,
        1,
        "https://fosdem.org/",
    ),
    ("PyCon Italia", "Bologna", "IT", "europe", "Europe/Rome", 180, 4, "https://pycon.it/"),
    (
        "PyTexas",
        "Austin",
        "US",
        "north-america",
        "America/Chicago",
        140,
        3,
        "https://www.pytexas.org/",
    ),
    (
        "PyCon Tanzania",
        "Arusha",
        "TZ",
        None,
        "Africa/Dar_es_Salaam",
        330,
        5,
        "https://pycon.or.tz/",
    ),
    (
        "CPython core sprint",
        "Cambridge",
        "GB",
        "europe",
        "Europe/London",
        240,
        5,
        "https://www.python.org/",
    ),
    (
        "PyCon US",
        "Pittsburgh",
        "US",
        "north-america",
        "America/New_York",
        -200,
        9,
        "https://us.pycon.org/",
    ),
    ("EuroPython", "Dublin", "IE", "europe", "Europe/Dublin", -130, 7, "https://europython.eu/"),
    ("PyCon JP", "Hiroshima", "JP", "asia", "Asia/Tokyo", -60, 3, "https://pycon.jp/"),
]

# group, slug, city, country, region slug, zone, local time, RRULE, trusted
USER_GROUPS = [
    (
        "Berlin Python user group",
        "pyberlin",
        "Berlin",
        "DE",
        "europe",
        "Europe/Berlin",
        time(19),
        "FREQ=MONTHLY;BYDAY=+2WE",
        True,
    ),
    (
        "London Python",
        "london-python",
        "London",
        "GB",
        "europe",
        "Europe/London",
        time(18, 30),
        "FREQ=MONTHLY;BYDAY=+1TH",
        True,
    ),
    (
        "PyLadies São Paulo",
        "pyladies-sao-paulo",
        "São Paulo",
        "BR",
        "south-america",
        "America/Sao_Paulo",
        time(10),
        "FREQ=MONTHLY;BYDAY=-1SA",
        False,
    ),
    (
        "Chicago Python",
        "chipy",
        "Chicago",
        "US",
        "north-america",
        "America/Chicago",
        time(18),
        "FREQ=MONTHLY;BYDAY=+2TH",
        True,
    ),
    (
        "PyData Bengaluru",
        "pydata-bengaluru",
        "Bengaluru",
        "IN",
        "india",
        "Asia/Kolkata",
        time(10, 30),
        "FREQ=MONTHLY;BYDAY=+3SA",
        False,
    ),
    (
        "Python Sydney",
        "sypy",
        "Sydney",
        "AU",
        "australia",
        "Australia/Sydney",
        time(18),
        "FREQ=MONTHLY;BYDAY=+1TH",
        False,
    ),
    (
        "Python Nairobi",
        "python-nairobi",
        "Nairobi",
        "KE",
        None,
        "Africa/Nairobi",
        time(17, 30),
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        False,
    ),
    (
        "Tokyo Python study group",
        "tokyo-python",
        "Tokyo",
        "JP",
        "asia",
        "Asia/Tokyo",
        time(19, 30),
        "FREQ=WEEKLY;BYDAY=WE",
        False,
    ),
]

DESCRIPTION = (
    "{title} brings the Python community of {city} together.\n\n"
    "* Talks for beginners and experienced Pythonistas\n"
    "* Hallway track, sprints and a friendly crowd\n\n"
    "Everyone is welcome; please read the [code of conduct]({url})."
)

SCALE_WORDS = ["Python", "PyData", "Django", "Flask", "SciPy", "PyLadies", "Sprint", "Dev Day"]
SCALE_PLACES = [
    ("Lisbon", "PT", "europe", "Europe/Lisbon"),
    ("Lagos", "NG", None, "Africa/Lagos"),
    ("Toronto", "CA", "north-america", "America/Toronto"),
    ("Lima", "PE", "south-america", "America/Lima"),
    ("Pune", "IN", "india", "Asia/Kolkata"),
    ("Singapore", "SG", "asia", "Asia/Singapore"),
    ("Perth", "AU", "australia", "Australia/Perth"),
    ("Kraków", "PL", "europe", "Europe/Warsaw"),
]


def _at(day, at, zone):
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def seed(ctx):
    python_events = Calendar.objects.get(slug=Calendar.PYTHON_EVENTS)
    group_events = Calendar.objects.get(slug=Calendar.USER_GROUP_EVENTS)
    volunteer = ctx.users.get("calendar")
    if volunteer:
        python_events.volunteers.add(volunteer)
        group_events.volunteers.add(volunteer)
    regions = {region.slug: region for region in Region.objects.all()}
    today = ctx.now.date()
    admin = ctx.users.get("admin")
    member = ctx.users.get("member")

    def add(calendar, status=EventStatus.PUBLISHED, by=None, reason="", **fields):
        # Through the services the site uses, so history rows and dates are real.
        event = Event(calendar=calendar, submitted_by=by, **fields)
        actor = EventActor.SUBMITTER if by else EventActor.SYSTEM
        services.event_create(event=event, by=by, actor=actor)
        if status in (EventStatus.PUBLISHED, EventStatus.CANCELLED):
            services.event_publish(event=event, by=admin)
        if status == EventStatus.REJECTED:
            services.event_reject(event=event, by=admin, reason=reason)
        elif status == EventStatus.CANCELLED:
            services.event_cancel(event=event, by=admin, reason=reason)
        return event

    for index, (title, city, country, region, zone, offset, days, url) in enumerate(CONFERENCES):
        first = today + timedelta(days=offset)
        year = first.year
        add(
            python_events,
            title=f"{title} {year}",
            description=DESCRIPTION.format(title=title, city=city, url=url),
            category=Event.Category.SPRINT if "sprint" in title else Event.Category.CONFERENCE,
            tags=["conference"] if index % 3 else ["conference", "data science"],
            is_all_day=True,
            start=datetime.combine(first, time.min, tzinfo=ZoneInfo(zone)),
            end=datetime.combine(first + timedelta(days=days), time.min, tzinfo=ZoneInfo(zone)),
            timezone=zone,
            venue_name=f"{city} Convention Centre",
            city=city,
            country=country,
            region=regions.get(region) if region else None,
            attendance_mode=Event.AttendanceMode.HYBRID if index % 4 == 0 else "in_person",
            website_url=url,
            registration_url=url + "registration/" if offset > 0 else "",
            cfp_deadline=first - timedelta(days=90) if offset > 100 else None,
            is_featured=index < 3,
            organiser_name=f"{title} organisers",
            organiser_email="organisers@example.org",
            by=member if index % 5 == 0 else None,
        )
    add(
        python_events,
        title="Python Web Conference (online)",
        description="Three days of talks on Python for the web, streamed worldwide.",
        category=Event.Category.CONFERENCE,
        start=_at(today + timedelta(days=45), time(14), "UTC"),
        end=_at(today + timedelta(days=47), time(22), "UTC"),
        timezone="UTC",
        attendance_mode=Event.AttendanceMode.ONLINE,
        website_url="https://2027.pythonwebconf.com/",
    )
    add(
        python_events,
        status=EventStatus.CANCELLED,
        reason="The venue closed.",
        title="PyCon Atlantis",
        description="A conference that had to be called off.",
        start=_at(today + timedelta(days=80), time(9), "Europe/Madrid"),
        end=_at(today + timedelta(days=81), time(18), "Europe/Madrid"),
        timezone="Europe/Madrid",
        city="Valencia",
        country="ES",
        website_url="https://example.org/pycon-atlantis",
    )

    # Recurring meetups, each from its group.
    for name, slug, city, country, region, zone, at, rule, trusted in USER_GROUPS:
        # The directory's seed may list the same group (same name in the same city): that
        # row gets the feed rather than a duplicate the directory refuses.
        listed = UserGroup(name=name, city=city).duplicates().first()
        group, _ = UserGroup.objects.update_or_create(
            slug=listed.slug if listed else slug,
            defaults={
                "name": name,
                "city": city,
                "country": country,
                "region": regions.get(region) if region else None,
                "website": f"https://example.org/{slug}",
                "is_trusted": trusted,
            },
        )
        # The first meeting is one the rule makes: a DTSTART off the rule (a "first
        # Thursday" series starting on a 4th Thursday) is a meeting of its own in RFC 5545.
        since = datetime.combine(today - timedelta(days=40), at, tzinfo=ZoneInfo(zone))
        start = rrulestr(rule, dtstart=since).after(since, inc=True).astimezone(UTC)
        add(
            group_events,
            title=f"{name} meetup",
            description=f"Talks and chat at the {name} meetup. Newcomers welcome!",
            category=Event.Category.MEETUP,
            tags=["meetup"],
            start=start,
            end=start + timedelta(hours=2, minutes=30),
            timezone=zone,
            recurrence_rule=rule,
            excluded_dates=[],
            venue_name=f"{city} tech hub",
            city=city,
            country=country,
            region=regions.get(region) if region else None,
            website_url=f"https://example.org/{slug}",
            source_group=group,
        )

    # The moderation queue: what volunteers see first.
    for days, title, city, country, zone in [
        (30, "Django Girls Lisbon workshop", "Lisbon", "PT", "Europe/Lisbon"),
        (55, "PyCon Uganda", "Kampala", "UG", "Africa/Kampala"),
        (150, "PyCon DE & PyData", "Darmstadt", "DE", "Europe/Berlin"),
    ]:
        start = _at(today + timedelta(days=days), time(9), zone)
        add(
            python_events,
            status=EventStatus.SUBMITTED,
            by=member,
            title=f"{title} {start.year}",
            description=f"{title}: a day of Python in {city}.",
            category=Event.Category.WORKSHOP if "workshop" in title else "conference",
            start=start,
            end=start + timedelta(hours=8),
            timezone=zone,
            city=city,
            country=country,
            # PyCon DE stands for the duplicate a volunteer should catch (the published
            # one has this site); the others have sites of their own.
            website_url="https://pycon.de/"
            if "PyData" in title
            else f"https://example.org/{slugify(title)}/",
            organiser_email="hello@example.org",
        )
    add(
        python_events,
        status=EventStatus.REJECTED,
        reason="This is a paid training course, not a community event.",
        by=member,
        title="Learn Python in 3 days (paid course)",
        start=_at(today + timedelta(days=20), time(9), "Europe/London"),
        end=_at(today + timedelta(days=22), time(17), "Europe/London"),
        timezone="Europe/London",
        website_url="https://example.org/course",
    )
    ctx.log(f"Events: {Event.objects.count()} in two calendars, {len(USER_GROUPS)} user groups.")
    if ctx.scale:
        seed_scale(ctx, [python_events, group_events], regions)


def seed_scale(ctx, calendars, regions):
    """``ctx.scale`` more published events, in bulk, spread over 18 months."""
    rng = ctx.rng
    events = []
    for n in range(ctx.scale):
        city, country, region, zone = rng.choice(SCALE_PLACES)
        day = ctx.now.date() + timedelta(days=rng.randint(-180, 365))
        start = _at(day, time(rng.choice([9, 10, 18, 19])), zone)
        event = Event(
            calendar=calendars[n % 2],
            uid=new_uid(),
            title=f"{rng.choice(SCALE_WORDS)} {city} #{n + 1}",
            description=f"Benchmark event {n + 1} in {city}.",
            category=Event.Category.MEETUP if n % 2 else Event.Category.CONFERENCE,
            start=start,
            end=start + timedelta(hours=rng.choice([2, 3, 8])),
            timezone=zone,
            recurrence_rule="FREQ=MONTHLY;COUNT=6" if n % 20 == 0 else "",
            city=city,
            country=country,
            region=regions.get(region) if region else None,
            website_url=f"https://example.org/bench/{n + 1}",
            status=EventStatus.PUBLISHED,
            published_at=ctx.now,
            created_at=ctx.now,
        )
        event.series_end = event.compute_series_end()
        event.next_start = event.compute_next_start(ctx.now)
        events.append(event)
    created = Event.objects.bulk_create(events, batch_size=2000)
    # bulk_create skips save(), which stores each event's feed text.
    store_rendered_vevents(created)
    EventStatusChange.objects.bulk_create(
        [
            EventStatusChange(
                event=event, from_status="", to_status=EventStatus.PUBLISHED, reason="Seeded."
            )
            for event in created
        ],
        batch_size=2000,
    )
    ctx.log(f"Events: {len(created)} more for --scale.")
