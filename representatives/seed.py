"""Demo data for the directory: ``--scale N`` adds N user groups for benchmarks.

The realistic demo groups (with meetups and feeds) come with the events seed,
which runs after this one.
"""

from community.countries import COUNTRIES
from representatives.models import Region, UserGroup

CITIES = ["Springfield", "Riverside", "Lakeside", "Hillview", "Port Town", "Old Harbour"]


def seed(ctx):
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
