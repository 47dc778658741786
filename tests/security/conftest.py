"""A small world with one object of each kind and one user per role, for the site-wide matrices."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from community import roles
from events.models import Calendar
from kits import services
from kits.models import ShiftFeedToken
from kits.uploads import check_attachment
from representatives.models import ActivityReport, Milestone, Region
from tests.budget.factories import (
    BudgetLineFactory,
    ConferenceSupportFactory,
    ExpenseFactory,
    FiscalYearFactory,
)
from tests.community.factories import MaterialFactory, png_upload
from tests.events.factories import EventFactory, SubmittedEventFactory
from tests.factories import UserFactory
from tests.jobs.factories import ApprovedJobPostFactory, CompanyFactory, JobPostFactory
from tests.kits.factories import (
    BookingFactory,
    BoothFactory,
    KitFactory,
    RegionKitManagerFactory,
    ShiftFactory,
    ShipmentFactory,
)
from tests.representatives.factories import RepresentativeFactory, UserGroupFactory

EVENT_CONTACT = "organiser-private@example.invalid"
JOB_CONTACT = "hiring-private@example.invalid"
KIT_BOOKING_CONTACT = "booking-private@example.invalid"
KIT_HOME_ADDRESS = "7 Kit Keeper Private Lane"
GROUP_CONTACT = "group-organiser-private@example.invalid"
PRIVATE_MARKERS = (EVENT_CONTACT, JOB_CONTACT, KIT_BOOKING_CONTACT, KIT_HOME_ADDRESS, GROUP_CONTACT)

# Every role of the site, in the matrices' column order. "owner" posted the
# world's job posts and submitted its event; "member" is any other signed-up user.
ROLE_USERS = {
    "anonymous": None,
    "member": {},
    "owner": {},
    "calendar": {"role": roles.CALENDAR_VOLUNTEERS},
    "reviewer": {"role": roles.JOB_BOARD_REVIEWERS},
    "kitmanager": {"role": roles.KIT_MANAGERS},
    "board": {"role": roles.BOARD_MEMBERS},
    "treasurer": {"role": roles.TREASURERS},
    "representative": {"role": roles.REGIONAL_REPRESENTATIVES},
    "superuser": {"is_staff": True, "is_superuser": True},
}


@pytest.fixture
def world(db, settings, tmp_path):
    # The world's shipment receipt is written to private storage: keep it out of the tree.
    settings.KITS_PRIVATE_ROOT = tmp_path / "private"
    users = {
        name: None if spec is None else UserFactory(username=f"matrix-{name}", **spec)
        for name, spec in ROLE_USERS.items()
    }
    poster = users["owner"]
    python_events = Calendar.objects.get(slug="python-events")
    python_events.volunteers.add(users["calendar"])
    company = CompanyFactory(name="Acme Pythons", slug="acme-pythons")
    kit = KitFactory(name="Matrix kit", slug="matrix-kit", home_address=KIT_HOME_ADDRESS)
    RegionKitManagerFactory(user=users["kitmanager"], region=kit.region)
    europe = Region.objects.get(slug="europe")
    term = RepresentativeFactory(user=users["representative"], region=europe)
    booking = BookingFactory(kit=kit, requester=poster, contact_email=KIT_BOOKING_CONTACT)
    shipment = ShipmentFactory(kit=kit, booking=None)
    attachment = services.attachment_add(
        shipment=shipment,
        by=users["kitmanager"],
        kind="receipt",
        checked=check_attachment(SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n")),
    )
    # The owner leads the world's booth, which uses the world's kit.
    booth = BoothFactory(lead=poster, booking=booking)
    shift = ShiftFactory(booth=booth)
    ShiftFeedToken.objects.create(user=poster, token="matrix-feed-token")
    budget_line = BudgetLineFactory(
        fiscal_year=FiscalYearFactory(), name="Matrix kits", region=kit.region
    )
    budget_expense = ExpenseFactory(line=budget_line)
    budget_expense.receipt.save("receipt.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {
        "users": users,
        "poster": poster,
        "booth": booth,
        "shift": shift,
        "region": Region.objects.get(slug="europe"),
        "calendar": python_events,
        "event": EventFactory(
            calendar=python_events, title="Matrix Conf", organiser_email=EVENT_CONTACT
        ),
        "submitted_event": SubmittedEventFactory(
            calendar=python_events, submitted_by=poster, organiser_email=EVENT_CONTACT
        ),
        "group": UserGroupFactory(contact_email=GROUP_CONTACT),
        "milestone": Milestone.objects.create(
            region=europe, happened_on="2025-06-01", title="Representative appointed"
        ),
        "report": ActivityReport.objects.create(
            representative=term, year=2025, quarter=2, summary="Met three groups."
        ),
        "company": company,
        "job": ApprovedJobPostFactory(poster=poster, company=company, contact_email=JOB_CONTACT),
        "draft_job": JobPostFactory(poster=poster, company=company, contact_email=JOB_CONTACT),
        "kit": kit,
        "booking": booking,
        "shipment": shipment,
        "attachment": attachment,
        "budget_line": budget_line,
        "budget_expense": budget_expense,
        "support": ConferenceSupportFactory(booth=booth, got_booth=True),
        "material": MaterialFactory(upload=png_upload()),
        "internal_material": MaterialFactory(is_public=False),
    }
