"""Demo kits as the PSF has them today, a year of bookings and shipments, and --scale rows.

Bookings and shipments go through the same workflow and ``shipment_log`` service the site
uses, so history rows, USD values and booking moves are real. Planned regions (India,
Australia, Asia) have no kit rows: the catalogue shows them as planned from the region.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from community import roles
from community.seeding import DEMO_PASSWORD
from kits import services
from kits.models import (
    Actor,
    Booking,
    BookingStatus,
    ExchangeRate,
    Kit,
    KitItem,
    RegionKitManager,
    Shipment,
    ShipmentStatus,
    ShippingTime,
    blocked_period,
)
from representatives.models import ActivityReport, Region

KITS = [
    # name, slug, kind, region, city, country, produced (city, country), cost, currency
    ("North American kit", "north-american-kit", Kit.Kind.BOOTH, "north-america", "Pittsburgh",
     "US", ("Chicago", "US"), "6800.00", "USD"),
    ("South American kit", "south-american-kit", Kit.Kind.BOOTH, "south-america", "São Paulo",
     "BR", ("São Paulo", "BR"), "21500.00", "BRL"),
    ("European kit", "european-kit", Kit.Kind.BOOTH, "europe", "Amsterdam", "NL",
     ("Rotterdam", "NL"), "5200.00", "EUR"),
    ("Popup kit (US)", "popup-kit-us", Kit.Kind.POPUP, "north-america", "Portland", "US",
     ("Portland", "US"), "1400.00", "USD"),
    ("Popup kit (Europe)", "popup-kit-europe", Kit.Kind.POPUP, "europe", "Berlin", "DE",
     ("Leipzig", "DE"), "1100.00", "EUR"),
    ("Lightweight kit", "lightweight-kit", Kit.Kind.LIGHTWEIGHT, "north-america", "Austin",
     "US", ("Austin", "US"), "350.00", "USD"),
]  # fmt: skip

ITEMS = {
    Kit.Kind.BOOTH: [
        ("Pop-up banner wall (3 m)", 1, False, None),
        ("Table cloth with PSF logo", 2, False, None),
        ("Roll-up banner", 2, False, None),
        ("Tablet stand", 1, False, None),
        ("Python stickers", 1500, True, 500),
        ("PSF brochures", 300, True, 100),
        ("Membership flyers", 80, True, 100),
    ],
    Kit.Kind.POPUP: [
        ("Roll-up banner", 1, False, None),
        ("Table cloth with PSF logo", 1, False, None),
        ("Python stickers", 400, True, 200),
        ("PSF brochures", 60, True, 50),
    ],
    Kit.Kind.LIGHTWEIGHT: [
        ("Table banner", 1, False, None),
        ("Python stickers", 150, True, 200),
        ("Membership flyers", 50, True, 25),
    ],
}

# What restocking one costs (USD): booth reports count the consumables used with it.
UNIT_COSTS = {
    "Python stickers": Decimal("0.12"),
    "PSF brochures": Decimal("0.85"),
    "Membership flyers": Decimal("0.30"),
}

# Days between regions, both ways (the admin edits them).
TRANSIT = {
    ("north-america", "north-america"): 4,
    ("south-america", "south-america"): 6,
    ("europe", "europe"): 3,
    ("north-america", "europe"): 8,
    ("north-america", "south-america"): 12,
    ("europe", "south-america"): 14,
}

# (USD per unit) for a year, a gently moving monthly rate.
RATES = {"EUR": Decimal("1.0800"), "BRL": Decimal("0.1850")}

CARRIERS = {
    "US": ("ups", "fedex", "usps"),
    "BR": ("dhl", "other"),
    "NL": ("dhl", "ups"),
    "DE": ("dhl", "other"),
}

# (kit slug, conference, city, country, days from today to the first day, length, plan)
BOOKINGS = [
    ("north-american-kit", "PyCon US", "Pittsburgh", "US", -200, 5, "closed"),
    ("north-american-kit", "PyTexas", "Austin", "US", -90, 2, "closed"),
    ("north-american-kit", "DjangoCon US", "Chicago", "US", 45, 3, "approved"),
    ("south-american-kit", "Python Brasil", "Belo Horizonte", "BR", -150, 4, "closed"),
    # The kit is still at PyCon Chile though it should be home by now: the overdue return.
    ("south-american-kit", "PyCon Chile", "Santiago", "CL", -40, 2, "overdue"),
    ("european-kit", "EuroPython", "Prague", "CZ", -120, 5, "closed"),
    ("european-kit", "PyCon Italia", "Florence", "IT", 70, 3, "requested"),
    ("popup-kit-europe", "PyCon DE", "Darmstadt", "DE", -60, 3, "closed"),
    ("popup-kit-us", "PyOhio", "Cleveland", "US", 3, 2, "shipped"),
    ("lightweight-kit", "PyCascades", "Vancouver", "CA", 100, 2, "requested"),
]


def _user(username, full_name, role):
    User = get_user_model()
    given, family = full_name.split(" ", 1)
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@example.org", "first_name": given, "last_name": family},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    if role is not None:
        roles.grant_role(user, role)
    return user


def _rates(ctx):
    today = ctx.now.date()
    rows = []
    for currency, base in RATES.items():
        for month in range(-14, 1):
            day = (today.replace(day=1) + timedelta(days=31 * month)).replace(day=1)
            wobble = Decimal(month % 5) / Decimal(400)
            rows.append(ExchangeRate(currency=currency, on=day, usd_per_unit=base + wobble))
    ExchangeRate.objects.bulk_create(rows, ignore_conflicts=True)


def _cost(ctx, country, days):
    base = {"US": Decimal("180"), "BR": Decimal("1400"), "NL": Decimal("160"), "DE": Decimal("140")}
    currency = {"US": "USD", "BR": "BRL", "NL": "EUR", "DE": "EUR"}[country]
    amount = base[country] + Decimal(ctx.rng.randint(0, 40 * days))
    return amount.quantize(Decimal("0.01")), currency


def _ship(ctx, *, kit, booking, purpose, from_country, to_country, to_address, on, days, by,
          deliver):  # fmt: skip
    cost, currency = _cost(ctx, kit.home_country, days)
    carrier = ctx.rng.choice(CARRIERS.get(from_country, ("dhl",)))
    shipment = Shipment(
        kit=kit,
        booking=booking,
        purpose=purpose,
        from_address=f"{kit.home_address}" if purpose == "outbound" else to_address,
        from_country=from_country,
        to_address=to_address if purpose == "outbound" else kit.home_address,
        to_country=to_country,
        carrier=carrier,
        carrier_name="Correios"
        if carrier == "other" and from_country == "BR"
        else ("Deutsche Post" if carrier == "other" else ""),
        tracking_number=f"{carrier.upper()}{ctx.rng.randint(10**9, 10**10 - 1)}",
        shipped_on=on,
        expected_on=on + timedelta(days=days),
        status=ShipmentStatus.SHIPPED,
        cost=cost,
        currency=currency,
        customs_fees=Decimal("85.00") if from_country != to_country else None,
        carnet_number=f"US/{ctx.rng.randint(1000, 9999)}" if from_country != to_country else "",
        declared_value=Decimal("2500.00") if from_country != to_country else None,
    )
    services.shipment_log(shipment=shipment, by=by)
    if deliver:
        shipment.status = ShipmentStatus.DELIVERED
        shipment.delivered_on = on + timedelta(days=days)
        services.shipment_log(shipment=shipment, by=by)
    return shipment


def seed(ctx):
    regions = {r.slug: r for r in Region.objects.all()}
    manager = ctx.users["kitmanager"]
    sa_managers = [
        _user("kits-sa-ana", "Ana Souza", roles.KIT_MANAGERS),
        _user("kits-sa-lucas", "Lucas Pereira", roles.KIT_MANAGERS),
    ]
    for slug in ("north-america", "europe"):
        RegionKitManager.objects.get_or_create(region=regions[slug], user=manager)
    for user in sa_managers:
        RegionKitManager.objects.get_or_create(region=regions["south-america"], user=user)
    managers = {"north-america": manager, "europe": manager, "south-america": sa_managers[0]}

    for (origin, destination), days in TRANSIT.items():
        for a, b in ((origin, destination), (destination, origin)):
            ShippingTime.objects.get_or_create(
                origin=regions[a], destination=regions[b], defaults={"days": days}
            )
    _rates(ctx)

    kits = {}
    for name, slug, kind, region, city, country, (p_city, p_country), cost, cur in KITS:
        kit, created = Kit.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "region": regions[region],
                "home_city": city,
                "home_country": country,
                "home_address": f"PSF kit storage, {city}",
                "produced_city": p_city,
                "produced_country": p_country,
                "produced_on": ctx.now.date() - timedelta(days=700),
                "production_cost": Decimal(cost),
                "production_currency": cur,
                "description": f"The PSF's {kind.label.lower()} kept in {city}.",
            },
        )
        if created:
            KitItem.objects.bulk_create(
                KitItem(
                    kit=kit,
                    name=item,
                    quantity=qty,
                    is_consumable=consumable,
                    reorder_threshold=threshold,
                    unit_cost_usd=UNIT_COSTS.get(item) if consumable else None,
                )
                for item, qty, consumable, threshold in ITEMS[kind]
            )
        kits[slug] = kit
    kits["south-american-kit"].managers.set(sa_managers)

    member = ctx.users["member"]
    table = ShippingTime.table()
    today = ctx.now.date()
    for slug, conference, city, country, offset, length, plan in BOOKINGS:
        kit = kits[slug]
        if Booking.objects.filter(kit=kit, conference_name=conference).exists():
            continue
        by = managers[kit.region.slug]
        starts = today + timedelta(days=offset)
        booking = Booking(
            kit=kit,
            requester=member,
            conference_name=conference,
            conference_city=city,
            conference_country=country,
            conference_starts=starts,
            conference_ends=starts + timedelta(days=length - 1),
            destination_region=services.region_for_country(country),
            arrive_by=starts - timedelta(days=1),
            leave_on=starts + timedelta(days=length),
            shipping_address=f"{conference} venue, {city}",
            contact_name="Orla Organiser",
            contact_email=f"kits@{conference.lower().replace(' ', '')}.example.org",
            note="Expecting a busy booth.",
        )
        booking.set_blocked_period(table)
        booking.save()
        booking.record_creation(by=member)
        if plan == "requested":
            continue
        booking.transition(BookingStatus.APPROVED, by=by, actor=Actor.MANAGER)
        if plan == "approved":
            continue
        out_day = booking.blocked_start
        _ship(ctx, kit=kit, booking=booking, purpose="outbound", from_country=kit.home_country,
              to_country=country, to_address=booking.shipping_address, on=out_day,
              days=booking.outbound_days, by=by, deliver=plan != "shipped")  # fmt: skip
        if plan == "shipped":
            continue
        back_day = booking.leave_on + timedelta(days=1)
        _ship(ctx, kit=kit, booking=booking, purpose="return", from_country=country,
              to_country=kit.home_country, to_address=booking.shipping_address, on=back_day,
              days=booking.return_days, by=by, deliver=plan == "closed")  # fmt: skip
        if plan == "closed":
            booking.transition(BookingStatus.CLOSED, by=by, actor=Actor.MANAGER)
    # The representative's latest report for Europe asked for a kit: PyCon Italia's request.
    report = (
        ActivityReport.objects.filter(
            representative__region__slug="europe", needs__contains=["kit"]
        )
        .order_by("-year", "-quarter")
        .first()
    )
    if report is not None:
        Booking.objects.filter(conference_name="PyCon Italia").update(activity_report=report)
    ctx.log(
        f"Kits: {Kit.objects.count()} kits, {Booking.objects.count()} bookings, "
        f"{Shipment.objects.count()} shipments."
    )
    seed_booths(ctx, kits)
    if ctx.scale:
        seed_scale(ctx, list(kits.values()), member)
        seed_shifts_at_scale(ctx)


def seed_scale(ctx, kits, requester):
    """N shipments and N/10 closed bookings, in bulk, spread over the past three years."""
    today = ctx.now.date()
    countries = ["US", "BR", "NL", "DE", "CA", "CL", "CZ", "IT", "FR", "MX"]
    bookings = []
    for i in range(ctx.scale // 10):
        kit = kits[i % len(kits)]
        arrive = today - timedelta(days=30 + ctx.rng.randint(0, 1000))
        bookings.append(
            Booking(
                kit=kit,
                requester=requester,
                conference_name=f"Scale Conf {i}",
                conference_city="Springfield",
                conference_country=ctx.rng.choice(countries),
                conference_starts=arrive,
                conference_ends=arrive + timedelta(days=2),
                arrive_by=arrive,
                leave_on=arrive + timedelta(days=2),
                outbound_days=7,
                return_days=7,
                blocked_period=blocked_period(arrive, arrive + timedelta(days=2), 7, 7),
                shipping_address="Venue",
                contact_name="Scale",
                contact_email="scale@example.org",
                status=BookingStatus.CLOSED,
            )
        )
    Booking.objects.bulk_create(bookings, batch_size=2000)
    shipments = []
    for i in range(ctx.scale):
        kit = kits[i % len(kits)]
        on = today - timedelta(days=ctx.rng.randint(5, 1095))
        days = ctx.rng.randint(2, 20)
        usd = Decimal(ctx.rng.randint(4000, 90000)) / 100
        shipments.append(
            Shipment(
                kit=kit,
                purpose=ctx.rng.choice(["outbound", "return"]),
                from_address="A",
                from_country=kit.home_country,
                to_address="B",
                to_country=ctx.rng.choice(countries),
                carrier=ctx.rng.choice(["dhl", "ups", "fedex", "usps"]),
                tracking_number=f"SC{i:010d}",
                shipped_on=on,
                expected_on=on + timedelta(days=days),
                delivered_on=on + timedelta(days=days),
                status=ShipmentStatus.DELIVERED,
                cost=usd,
                currency="USD",
                usd_rate=Decimal("1"),
                rate_date=on,
                cost_usd=usd,
            )
        )
    Shipment.objects.bulk_create(shipments, batch_size=2000)
    ctx.log(f"Kits at scale: {len(shipments)} shipments, {len(bookings)} bookings.")


# --- booths -----------------------------------------------------------------------------------

# (conference, booking's conference or None, kit for a new booking, city, country, zone,
#  days from today, length, final status, report: (visitors, sign-ups, consumables USD) or None)
BOOTHS = [
    ("PyCon US", "PyCon US", None, "Pittsburgh", "US", "America/New_York", -200, 5, "done",
     (1800, 64)),
    ("Python Brasil", "Python Brasil", None, "Belo Horizonte", "BR", "America/Sao_Paulo", -150,
     4, "done", (900, 31)),
    ("EuroPython", "EuroPython", None, "Prague", "CZ", "Europe/Prague", -120, 5, "done",
     (1500, 48)),
    ("DjangoCon US", "DjangoCon US", None, "Chicago", "US", "America/Chicago", 45, 3, "confirmed",
     None),
    ("PyCon ZA", None, "popup-kit-europe", "Durban", "ZA", "Africa/Johannesburg", 120, 2,
     "planned", None),
]  # fmt: skip
VOLUNTEERS = [("Ama", "Mensah"), ("Bruno", "Costa"), ("Chen", "Wei"), ("Dara", "Okafor"),
              ("Eli", "Novak"), ("Femi", "Adeyemi")]  # fmt: skip


def seed_booths(ctx, kits):
    """Booths at five conferences with shifts partly filled; reports on the past ones."""
    from datetime import time

    from kits.models import Booth, BoothStatus, Shift, ShiftSignup

    lead = ctx.users["member"]
    volunteers = [
        _user(f"volunteer-{first.lower()}", f"{first} {last}", None) for first, last in VOLUNTEERS
    ]
    today = ctx.now.date()
    for name, booked_for, new_kit, city, country, zone, offset, length, final, report in BOOTHS:
        if Booth.objects.filter(conference_name=name).exists():
            continue
        starts = today + timedelta(days=offset)
        booth = services.booth_plan(
            by=lead,
            conference_name=name,
            conference_city=city,
            conference_country=country,
            conference_starts=starts,
            conference_ends=starts + timedelta(days=length - 1),
            timezone=zone,
            location_notes="Expo hall, next to the sponsor lounge.",
            goals="Talk to first-time attendees about PSF membership; find new user groups.",
        )
        if booked_for:
            booth.booking = Booking.objects.filter(conference_name=booked_for).first()
            booth.save(update_fields=["booking"])
        elif new_kit:
            services.booth_kit_book(
                booth=booth,
                by=lead,
                kit=kits[new_kit],
                arrive_by=starts - timedelta(days=2),
                leave_on=booth.conference_ends + timedelta(days=1),
                shipping_address=f"{name} venue, {city}",
            )
        services.shift_generate(
            booth=booth, by=lead, day_starts=time(9), day_ends=time(18), hours=3
        )
        shifts = list(booth.shifts.order_by("starts_at"))
        for i, shift in enumerate(shifts):
            # Partly filled: every other shift gets a volunteer, every fourth a second one.
            takers = volunteers[
                i % len(volunteers) : i % len(volunteers) + (2 if i % 4 == 0 else 1)
            ]
            if i % 2:
                if i == 1 and offset > 0:
                    # The demo member has shifts of their own ("my shifts", the feed).
                    services.shift_signup(shift=shift, by=lead)
                continue
            for volunteer in takers:
                if offset > 0:
                    services.shift_signup(shift=shift, by=volunteer, shows_first_name=True)
                else:
                    # Past shifts: the service refuses sign-ups for started shifts, so the
                    # history is written directly, attendance marked as the lead would.
                    ShiftSignup.objects.create(
                        shift=shift,
                        volunteer=volunteer,
                        period=shift.period,
                        shows_first_name=True,
                        attended=i % 6 != 0,
                    )
        path = {
            "planned": [],
            "confirmed": [BoothStatus.CONFIRMED],
            "done": [BoothStatus.CONFIRMED, BoothStatus.STAFFED, BoothStatus.DONE],
        }[final]
        for to in path:
            services.booth_move(booth=booth, by=lead, to=to)
        if report:
            visitors, signups = report
            kit_items = booth.booking.kit.items.filter(is_consumable=True) if booth.booking else []
            services.booth_report_file(
                booth=booth,
                by=lead,
                visitors=visitors,
                membership_signups=signups,
                conversations="Two user group organisers want a kit next year.",
                lessons="Bring more membership flyers; the afternoon shifts were the busiest.",
                used={item.pk: min(item.quantity, 40) for item in kit_items},
            )
    ctx.log(
        f"Booths: {Booth.objects.count()} booths, {Shift.objects.count()} shifts, "
        f"{ShiftSignup.objects.count()} sign-ups."
    )


def seed_shifts_at_scale(ctx):
    """``--scale N`` shifts over N // 100 upcoming booths, a third of the places taken."""
    from datetime import UTC, datetime

    from kits.models import Booth, Shift, ShiftSignup

    if Booth.objects.filter(conference_name__startswith="Scale booth").exists():
        return
    lead = ctx.users["member"]
    today = ctx.now.date()
    booths = Booth.objects.bulk_create(
        Booth(
            conference_name=f"Scale booth {i}",
            conference_city="Springfield",
            conference_country="US",
            conference_starts=today + timedelta(days=10 + i % 600),
            conference_ends=today + timedelta(days=13 + i % 600),
            timezone="America/Chicago",
            lead=lead,
        )
        for i in range(max(1, ctx.scale // 100))
    )
    shifts = []
    for i in range(ctx.scale):
        booth = booths[i % len(booths)]
        start = datetime.combine(booth.conference_starts, datetime.min.time(), tzinfo=UTC)
        start += timedelta(hours=i // len(booths) % 96)
        shifts.append(
            Shift(booth=booth, starts_at=start, ends_at=start + timedelta(hours=1), capacity_max=3)
        )
    shifts = Shift.objects.bulk_create(shifts, batch_size=2000)
    volunteers = [ctx.users[name] for name in ("calendar", "reviewer", "representative")]
    ShiftSignup.objects.bulk_create(
        (
            ShiftSignup(shift=shift, volunteer=volunteers[i % 3], period=shift.period)
            for i, shift in enumerate(shifts[::3])
        ),
        batch_size=2000,
        ignore_conflicts=True,  # one volunteer, two shifts at one hour: the constraint says no
    )
    ctx.log(f"Booths at scale: {len(booths)} booths, {len(shifts)} shifts.")
