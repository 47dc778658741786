"""Demo data for regions and the directory: India being set up with a proposed
representative and its milestones, the demo representative serving Europe, a few hundred
realistic groups, and ``--scale N`` more groups for benchmarks.

The demo groups with meetups and feeds come with the events seed, which runs after this one.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from community.countries import COUNTRIES
from representatives.models import Milestone, Region, Representative, UserGroup
from representatives.services import representative_activate

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


def seed_groups(ctx):
    region_of = Region.objects.by_country()
    groups = [
        UserGroup(
            name=kind.format(city=city),
            slug=slugify(kind.format(city=city)),
            city=city,
            country=country,
            # bulk_create skips save(), so the region is derived here from the same table.
            region=region_of.get(country),
            website=f"https://{slugify(kind.format(city=city))}.example.org/",
        )
        for city, country in PLACES
        for kind in KINDS
    ]
    UserGroup.objects.bulk_create(groups, ignore_conflicts=True)
    ctx.log(f"User groups: {len(groups)} in the directory.")


def seed_scale(ctx):
    if not ctx.scale:
        return
    region_of = Region.objects.by_country()
    countries = [code for code, _ in COUNTRIES]
    groups = []
    for n in range(ctx.scale):
        country = ctx.rng.choice(countries)
        groups.append(
            UserGroup(
                name=f"Python {CITIES[n % len(CITIES)]} group {n}",
                slug=f"scale-group-{n}",
                # bulk_create skips save(), so the region is derived here from the same table.
                region=region_of.get(country),
                city=CITIES[n % len(CITIES)],
                country=country,
                website=f"https://group-{n}.example.org/",
            )
        )
    UserGroup.objects.bulk_create(groups, batch_size=2000, ignore_conflicts=True)
    ctx.log(f"User groups: {len(groups)} more for --scale.")
