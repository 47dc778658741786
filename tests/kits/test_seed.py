"""Demo kits as the PSF has them, a year of bookings and shipments, and --scale rows."""

import io

import pytest

from community.seeding import SeedContext, create_demo_accounts
from kits import seed
from kits.models import Booking, Kit, KitStatus, Shipment

pytestmark = pytest.mark.django_db


def run(scale=0):
    ctx = SeedContext(scale=scale, stdout=io.StringIO())
    ctx.users = create_demo_accounts()
    seed.seed(ctx)
    return ctx


def test_the_psfs_kits_with_a_year_of_bookings_and_shipments():
    run()
    names = set(Kit.objects.values_list("name", flat=True))
    assert {"North American kit", "South American kit", "European kit", "Lightweight kit"} <= names
    assert {"Popup kit (US)", "Popup kit (Europe)"} <= names
    assert Kit.objects.get(slug="south-american-kit").managers.count() == 2
    assert set(Shipment.objects.values_list("currency", flat=True)) == {"USD", "EUR", "BRL"}
    assert not Shipment.objects.filter(cost__isnull=False, cost_usd__isnull=True).exists()
    assert Booking.objects.return_overdue().count() == 1
    assert Shipment.objects.overdue().count() == 1
    chile = Kit.objects.with_status_data().get(slug="south-american-kit")
    assert chile.status == KitStatus.RETURNING


def test_seeding_twice_adds_nothing():
    run()
    counts = (Kit.objects.count(), Booking.objects.count(), Shipment.objects.count())
    run()
    assert (Kit.objects.count(), Booking.objects.count(), Shipment.objects.count()) == counts


def test_scale_adds_n_shipments_and_n_over_10_bookings():
    run()
    before = (Shipment.objects.count(), Booking.objects.count())
    Kit.objects.all()  # the scale rows reuse the seeded kits
    ctx = SeedContext(scale=50, stdout=io.StringIO())
    ctx.users = create_demo_accounts()
    seed.seed_scale(ctx, list(Kit.objects.all()), ctx.users["member"])
    assert Shipment.objects.count() == before[0] + 50
    assert Booking.objects.count() == before[1] + 5


def test_booths_with_partly_filled_shifts_and_reports_on_past_ones():
    from kits.models import Booth, BoothStatus, Shift, ShiftSignup

    run()
    booths = {b.conference_name: b for b in Booth.objects.select_related("booking__kit")}
    assert booths["PyCon US"].booking.kit.slug == "north-american-kit"
    assert booths["Python Brasil"].booking.kit.slug == "south-american-kit"
    assert booths["EuroPython"].booking.kit.slug == "european-kit"
    assert booths["PyCon ZA"].booking.kit.kind == Kit.Kind.POPUP
    for past in ("PyCon US", "Python Brasil", "EuroPython"):
        assert booths[past].status == BoothStatus.DONE
        assert booths[past].report.visitors > 0
    upcoming = Booth.objects.upcoming().with_coverage()
    assert all(0 < b.coverage_percent < 100 for b in upcoming)
    assert Shift.objects.open_places() > 0
    counts = (Booth.objects.count(), ShiftSignup.objects.count())
    run()
    assert (Booth.objects.count(), ShiftSignup.objects.count()) == counts


def test_scale_makes_n_shifts():
    from kits.models import Shift

    run(scale=300)
    assert Shift.objects.filter(booth__conference_name__startswith="Scale booth").count() == 300


def test_the_demo_kit_request_names_the_report_that_asked_for_it(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    booking = Booking.objects.get(conference_name="PyCon Italia")
    assert booking.activity_report.region.slug == "europe"
    assert "kit" in booking.activity_report.needs
