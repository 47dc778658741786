"""Demo data for regions and the directory: India being set up with a proposed
representative and its milestones, the demo representative serving Europe with two
activity reports, a few hundred realistic groups (some dormant, a few closed, one
waiting for review), and ``--scale N`` more groups for benchmarks.

The demo groups with meetups and feeds come with the events seed, which runs after this one.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from community.countries import COUNTRIES
from representatives.models import (
    ActivityReport,
    GroupStatus,
    MeetingFrequency,
    Milestone,
    Region,
    ReportNeed,
    Representative,
    UserGroup,
)
from representatives.services import group_submit, representative_activate

# (city, country): where the directory's demo groups meet.
PLACES = [
    ("Bengaluru", "IN"), ("Pune", "IN"), ("Chennai", "IN"), ("Delhi", "IN"), ("Mumbai", "IN"),
    ("Hyderabad", "IN"), ("Kolkata", "IN"), ("Kochi", "IN"), ("Ahmedabad", "IN"),
    ("Berlin", "DE"), ("Munich", "DE"), ("Hamburg", "DE"), ("Paris", "FR"), ("Lyon", "FR"),
    ("Lisbon", "PT"), ("Porto", "PT"), ("Madrid", "ES"), ("Barcelona", "ES"), ("Milan", "IT"),
    ("Rome", "IT"), ("Amsterdam", "NL"), ("Warsaw", "PL"), ("Kraków", "PL"), ("Prague", "CZ"),
    ("Vienna", "AT"), ("Zürich", "CH"), ("London", "GB"), ("Manchester", "GB"),
    ("Dublin", "IE"), ("Stockholm", "SE"), ("Oslo", "NO"), ("Helsinki", "FI"),
    ("Kyiv", "UA"), ("Athens", "GR"), ("New York", "US"), ("San Francisco", "US"),
    ("Chicago", "US"), ("Austin", "US"), ("Seattle", "US"), ("Pittsburgh", "US"),
    ("Toronto", "CA"), ("Montréal", "CA"), ("Vancouver", "CA"), ("Mexico City", "MX"),
    ("Guadalajara", "MX"), ("São Paulo", "BR"), ("Rio de Janeiro", "BR"), ("Recife", "BR"),
    ("Buenos Aires", "AR"), ("Córdoba", "AR"), ("Santiago", "CL"), ("Bogotá", "CO"),
    ("Medellín", "CO"), ("Lima", "PE"), ("Montevideo", "UY"), ("Sydney", "AU"),
    ("Melbourne", "AU"), ("Brisbane", "AU"), ("Perth", "AU"), ("Auckland", "NZ"),
    ("Wellington", "NZ"), ("Tokyo", "JP"), ("Osaka", "JP"), ("Seoul", "KR"),
    ("Taipei", "TW"), ("Singapore", "SG"), ("Kuala Lumpur", "MY"), ("Jakarta", "ID"),
    ("Manila", "PH"), ("Bangkok", "TH"), ("Ho Chi Minh City", "VN"), ("Dhaka", "BD"),
    ("Karachi", "PK"), ("Istanbul", "TR"), ("Dubai", "AE"), ("Tel Aviv", "IL"),
    ("Johannesburg", "ZA"), ("Cape Town", "ZA"), ("Nairobi", "KE"), ("Lagos", "NG"),
    ("Accra", "GH"), ("Kampala", "UG"), ("Kigali", "RW"), ("Cairo", "EG"), ("Tunis", "TN"),
]  # fmt: skip
KINDS = ["Python {city}", "PyData {city}", "Django {city}"]
# The language each demo country's groups meet in, besides English.
LOCAL_LANGUAGE = {
    "DE": "de", "AT": "de", "CH": "de", "FR": "fr", "PT": "pt", "BR": "pt", "ES": "es",
    "MX": "es", "AR": "es", "CL": "es", "CO": "es", "PE": "es", "UY": "es", "IT": "it",
    "NL": "nl", "PL": "pl", "CZ": "cs", "SE": "sv", "NO": "no", "FI": "fi", "UA": "uk",
    "GR": "el", "JP": "ja", "KR": "ko", "TW": "zh", "ID": "id", "MY": "ms", "PH": "tl",
    "TH": "th", "VN": "vi", "BD": "bn", "PK": "ur", "TR": "tr", "AE": "ar", "IL": "he",
    "KE": "sw", "EG": "ar", "TN": "ar", "IN": "hi", "CA": "fr",
}  # fmt: skip
FREQUENCIES = [
    MeetingFrequency.MONTHLY, MeetingFrequency.MONTHLY, MeetingFrequency.FORTNIGHTLY,
    MeetingFrequency.QUARTERLY, MeetingFrequency.WEEKLY, MeetingFrequency.IRREGULAR,
]  # fmt: skip

INDIA_MILESTONES = [
    (
        date(2024, 7, 12),
        "First contact",
        "A PSF meeting at EuroPython with PyCon India organisers.",
    ),
    (
        date(2025, 2, 3),
        "Candidates discussed",
        "With PyCon India and the PyDelhi and PyPune groups.",
    ),
    (date(2025, 9, 20), "Representative proposed", "The board reviews the proposal."),
]

CITIES = ["Springfield", "Riverside", "Lakeside", "Hillview", "Port Town", "Old Harbour"]


def seed(ctx):
    seed_regions(ctx)
    seed_groups(ctx)
    seed_reports(ctx)
    seed_scale(ctx)


def seed_regions(ctx):
    india = Region.objects.get(slug="india")
    india.status = Region.Status.SETTING_UP
    india.strategy_notes = "Start with the PyCon India organisers; one representative first."
    india.save(update_fields=["status", "strategy_notes"])
    for happened_on, title, note in INDIA_MILESTONES:
        Milestone.objects.get_or_create(
            region=india, title=title, defaults={"happened_on": happened_on, "note": note}
        )
    User = get_user_model()
    priya, _ = User.objects.get_or_create(
        username="priya",
        defaults={"first_name": "Priya", "last_name": "Raman", "email": "priya@example.org"},
    )
    Representative.objects.get_or_create(
        user=priya,
        region=india,
        defaults={
            "term_start": date(2026, 1, 1),
            "status": Representative.Status.PROPOSED,
            "bio": "Organises PyCon India and the PyBangalore meetups.",
            "contact_label": "Mastodon",
            "contact_url": "https://fosstodon.org/@priya",
        },
    )
    demo = User.objects.filter(username="representative").first()
    europe = Region.objects.get(slug="europe")
    if demo and not demo.representative_terms.filter(region=europe).exists():
        representative_activate(
            representative=Representative(
                user=demo,
                region=europe,
                term_start=date(2025, 6, 1),
                bio="Links the PSF to the user groups of Europe.",
                contact_label="Website",
                contact_url="https://example.org/rep-resa",
            )
        )
    ctx.log("Regions: India being set up, with a proposed representative and milestones.")


def _demo_group(n: int, kind: str, city: str, country: str, now) -> UserGroup:
    name = kind.format(city=city)
    slug = slugify(name)
    # Every 11th group has been quiet for over a year (dormant), every 37th has closed,
    # and two more went quiet just past the year, for mark_dormant_groups to find.
    months_quiet = 14 + n % 9 if n % 11 == 5 else n % 6
    status = GroupStatus.DORMANT if n % 11 == 5 else GroupStatus.ACTIVE
    if n % 37 == 20:
        status, months_quiet = GroupStatus.CLOSED, 30
    if n in (3, 7):
        months_quiet = 13
    local = LOCAL_LANGUAGE.get(country)
    return UserGroup(
        name=name,
        slug=slug,
        city=city,
        country=country,
        website=f"https://{slug}.example.org/",
        social_links=[f"https://fosstodon.org/@{slug.replace('-', '')}"] if n % 3 == 0 else [],
        languages=["en", local] if local and n % 4 else [local or "en"],
        meeting_frequency=FREQUENCIES[n % len(FREQUENCIES)],
        contact_name="Demo organiser",
        contact_email=f"organisers@{slug}.example.org",
        status=status,
        last_activity_at=now - timedelta(days=30 * months_quiet + n % 20),
    )


def seed_groups(ctx):
    now = timezone.now()
    places = [(kind, city, country) for city, country in PLACES for kind in KINDS]
    groups = [_demo_group(n, *place, now) for n, place in enumerate(places)]
    # bulk_create derives the region and the duplicate keys as save() does.
    UserGroup.objects.bulk_create(groups, ignore_conflicts=True)
    dormant = sum(group.status == GroupStatus.DORMANT for group in groups)
    ctx.log(f"User groups: {len(groups)} in the directory, {dormant} of them dormant.")
    seed_waiting_group()


def seed_waiting_group():
    """A member's submission waiting for Europe's representative, made as the site makes it."""
    member = get_user_model().objects.filter(username="member").first()
    if member is None or UserGroup.objects.filter(name="PyLadies Ghent").exists():
        return
    group_submit(
        by=member,
        name="PyLadies Ghent",
        city="Ghent",
        country="BE",
        website="https://pyladies-ghent.example.org/",
        languages=["nl", "en"],
        meeting_frequency=MeetingFrequency.MONTHLY,
        contact_email="ghent@pyladies.example.org",
    )


def seed_reports(ctx):
    """Two quarters of the demo representative's reports for Europe."""
    demo = Representative.objects.filter(
        user__username="representative", region__slug="europe"
    ).first()
    if demo is None:
        return
    today = timezone.localdate()
    this_quarter = (today.month - 1) // 3 + 1
    last = (today.year, this_quarter - 1) if this_quarter > 1 else (today.year - 1, 4)
    for (year, quarter), summary, needs in [
        (
            last,
            "Met the organisers of four groups in Germany and Portugal; two of them want "
            "to run a first PyData meetup.",
            [ReportNeed.MARKETING],
        ),
        (
            (today.year, this_quarter),
            "Helped Python Lisbon move its feed to the user group calendar.",
            [ReportNeed.KIT],
        ),
    ]:
        report, created = ActivityReport.objects.get_or_create(
            representative=demo,
            year=year,
            quarter=quarter,
            defaults={
                "summary": summary,
                "events_attended": "EuroPython\nPython Berlin meetup",
                "needs": needs,
                "needs_detail": "Stickers and a banner for the PyData meetups.",
            },
        )
        if created:
            report.groups_contacted.set(
                UserGroup.objects.filter(slug__in=["python-berlin", "python-lisbon"])
            )
    ctx.log("Activity reports: two quarters for Europe.")


def seed_scale(ctx):
    if not ctx.scale:
        return
    countries = [code for code, _ in COUNTRIES]
    groups = []
    for n in range(ctx.scale):
        country = ctx.rng.choice(countries)
        groups.append(
            UserGroup(
                name=f"Python {CITIES[n % len(CITIES)]} group {n}",
                slug=f"scale-group-{n}",
                city=CITIES[n % len(CITIES)],
                country=country,
                website=f"https://group-{n}.example.org/",
            )
        )
    UserGroup.objects.bulk_create(groups, batch_size=2000, ignore_conflicts=True)
    ctx.log(f"User groups: {len(groups)} more for --scale.")
