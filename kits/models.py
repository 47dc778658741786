"""Conference kits, their bookings and shipments, and the exchange rates that price them.

A kit's status is never stored: ``Kit.status_on`` derives it from the kit's open
bookings, its moving shipments and the explicit repair/retired marks, and every page
(catalogue, kit page, admin) calls it. Bookings follow the shared workflow
(``community.workflow``); PostgreSQL refuses two active bookings of one kit whose
blocked periods (arrival - outbound transit to departure + return transit) overlap.
"""

import re
from datetime import date, timedelta
from datetime import time as datetime_time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, DateTimeRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from community.countries import COUNTRIES, COUNTRY_NAMES
from community.money import CURRENCY_CHOICES, validate_currency
from community.workflow import TransitionRecord, Workflow, WorkflowModel
from representatives.models import ActivityReport, Region

# Transit days when the shipping table has no row for a pair of regions.
DEFAULT_TRANSIT_DAYS = 14
DEFAULT_SAME_REGION_TRANSIT_DAYS = 5
# How far ahead a request may ask for a kit.
BOOKING_HORIZON_DAYS = 2 * 365
TIMELINE_DAYS = 365


class PrivateStorage(FileSystemStorage):
    """Receipts and customs papers: outside MEDIA_ROOT, so ``/media/`` never serves them.

    ``KITS_PRIVATE_ROOT`` (optional) names the folder; by default ``private-media`` beside
    MEDIA_ROOT. Read at each use, so tests that move MEDIA_ROOT move it too. Files have
    no URL: ``kits:attachment-download`` serves them after a permission check.
    """

    @property
    def base_location(self):
        return str(
            getattr(settings, "KITS_PRIVATE_ROOT", None)
            or Path(settings.MEDIA_ROOT).parent / "private-media"
        )

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self):
        return None


def private_storage():
    return PrivateStorage()


class KitStatus(models.TextChoices):
    AVAILABLE = "available", "Available"
    REQUESTED = "requested", "Requested"
    BOOKED = "booked", "Booked"
    IN_TRANSIT = "in_transit", "In transit"
    AT_EVENT = "at_event", "At an event"
    RETURNING = "returning", "Returning"
    IN_REPAIR = "in_repair", "In repair"
    RETIRED = "retired", "Retired"


# --- who manages what ------------------------------------------------------------------


class RegionKitManager(models.Model):
    """A kit manager of a region: manages every kit kept in it and its bookings.

    Managers are per region because requests and shipping are organised per region (two
    people share South America's kit work); ``Kit.managers`` adds people who look after
    one kit only (a volunteer who keeps a popup kit at home). Either grants the rights.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="kit_managers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kit_regions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "user"], name="kits_region_manager_once")
        ]
        verbose_name = "region kit manager"

    def __str__(self):
        return f"{self.user} manages kits in {self.region}"


def kit_manager_q(user, prefix: str = "") -> Q:
    """The condition "``user`` manages this kit", for kits reached through ``prefix``."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    region_managed = RegionKitManager.objects.filter(user=user, region=OuterRef(f"{prefix}region"))
    kit_managed = Kit.managers.through.objects.filter(
        user=user, kit=OuterRef(f"{prefix}pk" if prefix else "pk")
    )
    return Q(Exists(region_managed)) | Q(Exists(kit_managed))


def reads_all_kits(user) -> bool:
    """Board members, treasurers and superusers read every kit's history and costs."""
    from community import roles

    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[roles.BOARD_MEMBERS.name, roles.TREASURERS.name]).exists()


# --- kits ------------------------------------------------------------------------------


class KitQuerySet(models.QuerySet):
    def in_service(self):
        return self.filter(retired_on__isnull=True)

    def managed_by(self, user):
        if user.is_superuser:
            return self
        return self.filter(kit_manager_q(user))

    def with_status_data(self):
        """Everything ``Kit.status_on`` and the timeline read, in two extra queries."""
        return self.prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.open().order_by("arrive_by"),
                to_attr="open_bookings",
            ),
            Prefetch(
                "shipments",
                queryset=Shipment.objects.filter(status=ShipmentStatus.SHIPPED),
                to_attr="moving_shipments",
            ),
        )


class Kit(models.Model):
    class Kind(models.TextChoices):
        BOOTH = "booth", "Full booth kit"
        POPUP = "popup", "Popup display"
        LIGHTWEIGHT = "lightweight", "Lightweight ad-hoc kit"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="kits")
    description = models.TextField(blank=True)
    home_city = models.CharField(max_length=100, blank=True)
    home_country = models.CharField(max_length=2, choices=COUNTRIES, blank=True)
    home_address = models.TextField(
        blank=True, help_text="Private: shown to the kit's managers and the board only."
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_kits",
        help_text="People who look after this kit, besides the region's kit managers.",
    )
    produced_city = models.CharField("produced in (city)", max_length=100, blank=True)
    produced_country = models.CharField(
        "produced in (country)", max_length=2, choices=COUNTRIES, blank=True
    )
    produced_on = models.DateField(null=True, blank=True)
    production_cost = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    production_currency = models.CharField(
        max_length=3, choices=CURRENCY_CHOICES, blank=True, validators=[validate_currency]
    )
    photo = models.ImageField(upload_to="kits/photos/", blank=True)
    photo_thumbnail = models.ImageField(upload_to="kits/photos/", blank=True)
    is_in_repair = models.BooleanField("in repair", default=False)
    retired_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KitQuerySet.as_manager()

    class Meta:
        ordering = ["region__position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(production_cost__isnull=True) | Q(production_cost__gte=0),
                name="kits_kit_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(production_cost__isnull=True) | ~Q(production_currency=""),
                name="kits_kit_cost_has_currency",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("kits:kit-detail", kwargs={"slug": self.slug})

    @property
    def home_location(self) -> str:
        return ", ".join(p for p in (self.home_city, COUNTRY_NAMES.get(self.home_country)) if p)

    def is_managed_by(self, user) -> bool:
        return Kit.objects.managed_by(user).filter(pk=self.pk).exists()

    # --- the one derivation of a kit's status ----------------------------------------

    def _open_bookings(self):
        if hasattr(self, "open_bookings"):
            return self.open_bookings
        return list(Booking.objects.open().filter(kit=self).order_by("arrive_by"))

    def _moving_shipments(self):
        if hasattr(self, "moving_shipments"):
            return self.moving_shipments
        return list(self.shipments.filter(status=ShipmentStatus.SHIPPED))

    def status_on(self, day: date | None = None) -> str:
        """Where the kit is on ``day`` (today by default), from its marks, bookings and shipments.

        Retired and in repair win; then a kit on the move or at an event; then one held for
        an approved booking whose blocked period has begun; then one with an open request.
        """
        day = day or timezone.localdate()
        if self.retired_on and self.retired_on <= day:
            return KitStatus.RETIRED
        if self.is_in_repair:
            return KitStatus.IN_REPAIR
        bookings = self._open_bookings()
        moving = self._moving_shipments()
        for booking in bookings:
            if booking.status == BookingStatus.AT_EVENT:
                returning = any(
                    s.booking_id == booking.pk and s.purpose == Shipment.Purpose.RETURN
                    for s in moving
                )
                return KitStatus.RETURNING if returning else KitStatus.AT_EVENT
            if booking.status == BookingStatus.SHIPPED:
                return KitStatus.IN_TRANSIT
        if moving:
            return KitStatus.IN_TRANSIT
        for booking in bookings:
            if booking.status == BookingStatus.APPROVED and booking.blocked_period.lower <= day:
                return KitStatus.BOOKED
        if any(b.status == BookingStatus.REQUESTED and b.leave_on >= day for b in bookings):
            return KitStatus.REQUESTED
        return KitStatus.AVAILABLE

    @property
    def status(self) -> str:
        return self.status_on()

    @property
    def status_label(self) -> str:
        return KitStatus(self.status).label

    def timeline(self, start: date | None = None, days: int = TIMELINE_DAYS) -> list[dict]:
        """Booked and transit periods from ``start`` for ``days``, then the free gaps between.

        Each period is ``{"kind": "transit"|"booked"|"free", "start", "end", "booking"}``,
        end inclusive, in date order.
        """
        start = start or timezone.localdate()
        end = start + timedelta(days=days - 1)
        busy = []
        for booking in self._open_bookings():
            if booking.status not in BookingStatus.blocking():
                continue
            phases = booking.phases()
            if booking.status != BookingStatus.APPROVED and booking.blocked_end < start:
                # Away past its blocked period (an overdue return): it is not free until it
                # has had the return transit from today.
                phases = [("transit", start, start + timedelta(days=booking.return_days - 1))]
            for kind, lo, hi in phases:
                lo, hi = max(lo, start), min(hi, end)
                if lo <= hi:
                    busy.append({"kind": kind, "start": lo, "end": hi, "booking": booking})
        busy.sort(key=lambda p: p["start"])
        # A kit in repair or retired is offered for no dates, between bookings or after them.
        offered = not (self.retired_on or self.is_in_repair)
        periods, cursor = [], start
        for period in busy:
            if offered and period["start"] > cursor:
                periods.append(
                    {
                        "kind": "free",
                        "start": cursor,
                        "end": period["start"] - timedelta(days=1),
                        "booking": None,
                    }
                )
            periods.append(period)
            cursor = max(cursor, period["end"] + timedelta(days=1))
        if offered and cursor <= end:
            periods.append({"kind": "free", "start": cursor, "end": end, "booking": None})
        return periods

    @property
    def overdue_returns(self) -> list:
        return [b for b in self._open_bookings() if b.is_return_overdue]

    @property
    def overdue_shipments(self) -> list:
        return [s for s in self._moving_shipments() if s.is_overdue]

    def free_periods(self) -> list[dict]:
        return [p for p in self.timeline() if p["kind"] == "free"]


class KitItemQuerySet(models.QuerySet):
    def below_threshold(self):
        return self.filter(is_consumable=True, quantity__lt=F("reorder_threshold"))


class KitItem(models.Model):
    """One line of a kit's contents. Consumables have a stock level and a reorder threshold."""

    class Condition(models.TextChoices):
        NEW = "new", "New"
        GOOD = "good", "Good"
        WORN = "worn", "Worn"
        DAMAGED = "damaged", "Damaged"

    kit = models.ForeignKey(Kit, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(max_length=120)
    quantity = models.PositiveIntegerField(default=1, help_text="For consumables, the stock level.")
    condition = models.CharField(max_length=10, choices=Condition, default=Condition.GOOD)
    notes = models.CharField(max_length=300, blank=True)
    is_consumable = models.BooleanField(
        "consumable", default=False, help_text="Brochures, stickers, flyers: restocked."
    )
    reorder_threshold = models.PositiveIntegerField(
        null=True, blank=True, help_text="Reorder when the stock falls below this."
    )
    unit_cost_usd = models.DecimalField(
        "unit cost (USD)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="What restocking one costs: booth reports count the consumables used with it.",
    )

    objects = KitItemQuerySet.as_manager()

    class Meta:
        ordering = ["kit", "-is_consumable", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_consumable=False) | Q(reorder_threshold__isnull=False),
                name="kits_item_consumable_has_threshold",
            ),
            models.CheckConstraint(
                condition=Q(unit_cost_usd__isnull=True) | Q(unit_cost_usd__gte=0),
                name="kits_item_unit_cost_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} x {self.name}"

    @property
    def needs_reorder(self) -> bool:
        return self.is_consumable and self.quantity < (self.reorder_threshold or 0)


class ShippingTime(models.Model):
    """How many days a kit takes from one region to another (configurable in the admin)."""

    origin = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    destination = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    days = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["origin__position", "destination__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["origin", "destination"], name="kits_shipping_time_once"
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="kits_shipping_time_positive"),
        ]

    def __str__(self):
        return f"{self.origin} → {self.destination}: {self.days} days"

    @classmethod
    def table(cls) -> dict[tuple[int, int], int]:
        return {
            (o, d): days for o, d, days in cls.objects.values_list("origin", "destination", "days")
        }

    @staticmethod
    def days_between(table: dict, origin_id: int, destination_id: int | None) -> int:
        """Transit days from ``origin_id`` to ``destination_id`` in ``table``, or the default."""
        if destination_id is None:
            return DEFAULT_TRANSIT_DAYS
        if (origin_id, destination_id) in table:
            return table[(origin_id, destination_id)]
        if origin_id == destination_id:
            return DEFAULT_SAME_REGION_TRANSIT_DAYS
        return DEFAULT_TRANSIT_DAYS


# --- the conference a booking or a booth is for --------------------------------------------


def conference_dates_in_order(name: str = "%(app_label)s_%(class)s_conference_dates_in_order"):
    """The database's half of ``ConferenceDetails.clean``: a conference ends on or after its
    first day."""
    return models.CheckConstraint(
        condition=Q(conference_ends__gte=F("conference_starts")), name=name
    )


class ConferenceDetails(models.Model):
    """Name, city, country and dates of the conference a booking or a booth is for.

    Typed by hand, or copied from a calendar event (``from_event``) when there is one. A
    concrete model lists ``Meta.constraints`` itself, so it takes the date check from here
    (``*ConferenceDetails.Meta.constraints``, or ``conference_dates_in_order(name)`` for a
    name fixed before this model existed).
    """

    conference_name = models.CharField(max_length=200)
    conference_city = models.CharField(max_length=100)
    conference_country = models.CharField(max_length=2, choices=COUNTRIES)
    conference_starts = models.DateField()
    conference_ends = models.DateField()

    class Meta:
        abstract = True
        constraints = [conference_dates_in_order()]

    def clean(self):
        super().clean()
        if (
            self.conference_starts
            and self.conference_ends
            and self.conference_ends < self.conference_starts
        ):
            raise ValidationError({"conference_ends": "The conference ends before it starts."})

    @property
    def location(self) -> str:
        return ", ".join(
            p for p in (self.conference_city, COUNTRY_NAMES.get(self.conference_country)) if p
        )

    @staticmethod
    def from_event(event) -> dict:
        """The conference fields an events-calendar event gives: its title, city, country and
        its first and last day in its own zone (an all-day event ends at the next midnight)."""
        import zoneinfo

        try:
            zone = zoneinfo.ZoneInfo(event.timezone or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("UTC")
        starts = timezone.localtime(event.start, zone).date()
        last = timezone.localtime(event.end, zone)
        if event.is_all_day or last.time() == datetime_time.min:
            last -= timedelta(microseconds=1)
        return {
            "conference_name": event.title[:200],
            "conference_city": event.city,
            "conference_country": event.country,
            "conference_starts": starts,
            "conference_ends": max(last.date(), starts),
        }


# --- bookings --------------------------------------------------------------------------


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Approved"
    SHIPPED = "shipped", "Shipped"
    AT_EVENT = "at_event", "At the event"
    RETURNED = "returned", "Returned"
    CLOSED = "closed", "Closed"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"

    @classmethod
    def blocking(cls) -> tuple[str, ...]:
        """Bookings that hold their kit: the exclusion constraint applies to these."""
        return (cls.APPROVED, cls.SHIPPED, cls.AT_EVENT)

    @classmethod
    def open(cls) -> tuple[str, ...]:
        return (cls.REQUESTED, *cls.blocking())


class Actor(models.TextChoices):
    REQUESTER = "requester", "requester"
    MANAGER = "manager", "kit manager"
    SYSTEM = "system", "system"


BOOKING_WORKFLOW = Workflow(
    BookingStatus,
    {
        # A manager proposing another kit keeps the request open and records why.
        (BookingStatus.REQUESTED, BookingStatus.REQUESTED): {Actor.MANAGER},
        (BookingStatus.REQUESTED, BookingStatus.APPROVED): {Actor.MANAGER},
        (BookingStatus.REQUESTED, BookingStatus.DECLINED): {Actor.MANAGER},
        (BookingStatus.REQUESTED, BookingStatus.CANCELLED): {Actor.REQUESTER, Actor.MANAGER},
        (BookingStatus.APPROVED, BookingStatus.SHIPPED): {Actor.MANAGER},
        (BookingStatus.APPROVED, BookingStatus.CANCELLED): {Actor.REQUESTER, Actor.MANAGER},
        (BookingStatus.SHIPPED, BookingStatus.AT_EVENT): {Actor.MANAGER},
        (BookingStatus.AT_EVENT, BookingStatus.RETURNED): {Actor.MANAGER},
        (BookingStatus.RETURNED, BookingStatus.CLOSED): {Actor.MANAGER},
    },
    noun="booking",
)


class BookingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=BookingStatus.open())

    def blocking(self):
        return self.filter(status__in=BookingStatus.blocking())

    def managed_by(self, user):
        if user.is_superuser:
            return self
        return self.filter(kit_manager_q(user, prefix="kit__"))

    def requested_by(self, user):
        return self.filter(requester=user)

    def bound_for_conferences(self):
        """Kits shipped to a conference or standing at one: what the public may know of a
        booking is the kit and the conference, never its addresses or contacts."""
        return self.filter(status__in=(BookingStatus.SHIPPED, BookingStatus.AT_EVENT))

    def overlapping(self, kit, period, *, exclude_pk=None):
        """Blocking bookings of ``kit`` whose blocked period meets ``period``."""
        qs = self.blocking().filter(kit=kit, blocked_period__overlap=period)
        return qs.exclude(pk=exclude_pk) if exclude_pk else qs

    def return_overdue(self, today: date | None = None):
        """At an event past the day the kit should have been back home."""
        today = today or timezone.localdate()
        return self.filter(status=BookingStatus.AT_EVENT, blocked_period__endswith__lte=today)


def blocked_period(arrive_by: date, leave_on: date, outbound_days: int, return_days: int):
    """The days a booking holds its kit: [arrival - outbound transit, departure + return]."""
    from django.db.backends.postgresql.psycopg_any import DateRange

    # Half-open, as PostgreSQL stores a daterange: the same value before and after a save.
    return DateRange(
        arrive_by - timedelta(days=outbound_days),
        leave_on + timedelta(days=return_days + 1),
        "[)",
    )


class Booking(WorkflowModel, ConferenceDetails):
    workflow = BOOKING_WORKFLOW
    history_model = "BookingTransition"
    history_fk = "booking"

    kit = models.ForeignKey(Kit, on_delete=models.PROTECT, related_name="bookings")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="kit_bookings"
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kit_bookings",
        help_text="The conference on the Python events calendar, when it is there.",
    )
    destination_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    arrive_by = models.DateField("the kit must arrive by")
    leave_on = models.DateField("the kit may leave on")
    outbound_days = models.PositiveSmallIntegerField()
    return_days = models.PositiveSmallIntegerField()
    blocked_period = DateRangeField()
    shipping_address = models.TextField(help_text="Private: seen by the kit's managers only.")
    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    activity_report = models.ForeignKey(
        ActivityReport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kit_bookings",
        help_text="The regional representative's report that asked for this kit.",
    )
    status = models.CharField(
        max_length=20, choices=BookingStatus, default=BookingStatus.REQUESTED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["arrive_by", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(leave_on__gte=F("arrive_by")), name="kits_booking_leaves_after_arrival"
            ),
            *ConferenceDetails.Meta.constraints,
            ExclusionConstraint(
                name="kits_booking_no_overlap",
                expressions=[
                    ("kit", RangeOperators.EQUAL),
                    ("blocked_period", RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=["approved", "shipped", "at_event"]),
                violation_error_message="This kit is already booked for overlapping dates.",
            ),
        ]

    def __str__(self):
        return f"{self.kit} for {self.conference_name}"

    def get_absolute_url(self):
        return reverse("kits:booking-detail", kwargs={"pk": self.pk})

    @property
    def blocked_start(self) -> date:
        return self.blocked_period.lower

    @property
    def blocked_end(self) -> date:
        """The last blocked day (the range is stored half-open)."""
        return self.blocked_period.upper - timedelta(days=1)

    @property
    def is_return_overdue(self) -> bool:
        """Still at the event after the day it should have been back home."""
        return self.status == BookingStatus.AT_EVENT and self.blocked_end < timezone.localdate()

    def phases(self) -> list[tuple[str, date, date]]:
        """(kind, first day, last day) for outbound transit, the event, return transit."""
        return [
            ("transit", self.blocked_start, self.arrive_by - timedelta(days=1)),
            ("booked", self.arrive_by, self.leave_on),
            ("transit", self.leave_on + timedelta(days=1), self.blocked_end),
        ]

    def set_blocked_period(self, table: dict | None = None) -> None:
        """Transit days for this kit to the conference's region and back, and the period held."""
        table = ShippingTime.table() if table is None else table
        destination = self.destination_region_id
        self.outbound_days = ShippingTime.days_between(table, self.kit.region_id, destination)
        self.return_days = (
            ShippingTime.days_between(table, destination, self.kit.region_id)
            if destination
            else self.outbound_days
        )
        self.blocked_period = blocked_period(
            self.arrive_by, self.leave_on, self.outbound_days, self.return_days
        )

    def conflicts(self):
        return Booking.objects.overlapping(self.kit_id, self.blocked_period, exclude_pk=self.pk)

    def first_conflict(self) -> "Booking | None":
        return self.conflicts().order_by("blocked_period").first()

    def check_transition(self, source, to, *, by, actor, reason, now):
        from community.workflow import ActionRefused

        if to == BookingStatus.DECLINED and not reason:
            raise ActionRefused("Say why the request is declined: the requester reads it.")
        if to == BookingStatus.APPROVED:
            other = self.first_conflict()
            if other is not None:
                raise ActionRefused(booking_conflict_message(other))

    def apply_transition(self, source, to, *, by, actor, reason, now):
        if actor == Actor.MANAGER and to in (BookingStatus.APPROVED, BookingStatus.DECLINED):
            self.decided_by = by


def booking_conflict_message(other: "Booking") -> str:
    return (
        f"{other.kit} is already booked for {other.conference_name}: held from "
        f"{other.blocked_start:%d %b %Y} to {other.blocked_end:%d %b %Y}, transit included."
    )


class BookingTransition(TransitionRecord):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="history")

    class Meta(TransitionRecord.Meta):
        verbose_name = "booking status change"


# --- shipments -------------------------------------------------------------------------


class Carrier(models.TextChoices):
    DHL = "dhl", "DHL Express"
    UPS = "ups", "UPS"
    FEDEX = "fedex", "FedEx"
    USPS = "usps", "USPS"
    OTHER = "other", "Other carrier"


# Tracking pages that take the number in the URL. Carriers not listed (national posts we
# have not verified) show the number alone.
TRACKING_URLS = {
    Carrier.DHL: "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={}",
    Carrier.UPS: "https://www.ups.com/track?tracknum={}",
    Carrier.FEDEX: "https://www.fedex.com/fedextrack/?trknbr={}",
    Carrier.USPS: "https://tools.usps.com/go/TrackConfirmAction?tLabels={}",
}
TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9-]{4,40}$")


def validate_tracking_number(value: str) -> None:
    if value and any(ch.isspace() for ch in value):
        raise ValidationError(
            "Type the tracking number without spaces (as in 1Z999AA10123456784).",
            code="spaces",
        )
    if value and not TRACKING_NUMBER.match(value):
        raise ValidationError(
            "A tracking number is 4 to 40 letters, digits or dashes.", code="invalid"
        )


class ShipmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    LOST = "lost", "Lost"
    RETURNED = "returned", "Returned to sender"


class ShipmentQuerySet(models.QuerySet):
    def managed_by(self, user):
        if user.is_superuser:
            return self
        return self.filter(kit_manager_q(user, prefix="kit__"))

    def overdue(self, today: date | None = None):
        """On the way past their expected delivery date."""
        today = today or timezone.localdate()
        return self.filter(status=ShipmentStatus.SHIPPED, expected_on__lt=today)

    def costs(self):
        """One row per shipment with a cost, for the budget app (which ``kits`` never imports).

        Rows: ``date`` (ship date, else planned), ``region`` (the kit's region name),
        ``usd`` (shipping plus customs, Decimal), ``category`` ("kit shipping"),
        ``shipment_id`` and ``kit``. Shipments without a USD value are left out.
        """
        return (
            self.filter(cost_usd__isnull=False)
            .annotate(
                date=Coalesce("shipped_on", "expected_on"),
                region=F("kit__region__name"),
                usd=F("cost_usd") + Coalesce("customs_fees_usd", Decimal("0")),
                category=models.Value("kit shipping"),
                shipment_id=F("pk"),
                kit_name=F("kit__name"),
            )
            .values("date", "region", "usd", "category", "shipment_id", "kit_name")
            .order_by("date", "pk")
        )


class Shipment(models.Model):
    class Purpose(models.TextChoices):
        OUTBOUND = "outbound", "To a conference"
        RETURN = "return", "Back home"
        REPAIR = "repair", "Repair"
        RESTOCK = "restock", "Restocking"
        OTHER = "other", "Other"

    kit = models.ForeignKey(Kit, on_delete=models.PROTECT, related_name="shipments")
    booking = models.ForeignKey(
        Booking, on_delete=models.PROTECT, null=True, blank=True, related_name="shipments"
    )
    purpose = models.CharField(max_length=10, choices=Purpose, default=Purpose.OUTBOUND)
    from_address = models.TextField()
    from_country = models.CharField(max_length=2, choices=COUNTRIES)
    to_address = models.TextField()
    to_country = models.CharField(max_length=2, choices=COUNTRIES)
    carrier = models.CharField(max_length=10, choices=Carrier)
    carrier_name = models.CharField(
        max_length=100, blank=True, help_text="For another carrier: its name."
    )
    tracking_number = models.CharField(
        max_length=40, blank=True, validators=[validate_tracking_number]
    )
    shipped_on = models.DateField(null=True, blank=True)
    expected_on = models.DateField("expected delivery", null=True, blank=True)
    delivered_on = models.DateField("delivered", null=True, blank=True)
    cost = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(
        max_length=3, choices=CURRENCY_CHOICES, default="USD", validators=[validate_currency]
    )
    customs_fees = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="In the same currency as the cost.",
    )
    usd_rate = models.DecimalField(
        "USD per unit", max_digits=20, decimal_places=10, null=True, blank=True
    )
    rate_date = models.DateField(null=True, blank=True)
    cost_usd = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    customs_fees_usd = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    carnet_number = models.CharField("ATA carnet number", max_length=40, blank=True)
    declared_value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    customs_notes = models.TextField(blank=True, max_length=2000)
    status = models.CharField(
        max_length=10, choices=ShipmentStatus, default=ShipmentStatus.PLANNED, db_index=True
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ShipmentQuerySet.as_manager()

    class Meta:
        ordering = ["-shipped_on", "-pk"]
        indexes = [
            models.Index(fields=["kit", "status"], name="kits_shipment_kit_status_idx"),
            models.Index(
                fields=["expected_on"],
                name="kits_shipment_moving_idx",
                condition=Q(status="shipped"),
            ),
            # Everything the kit report's route medians read (kits/reports.py), in route
            # order: they scan this instead of the wide table and sort nothing, 9 ms to 3.5
            # at 10,000 shipments on the bench machine. The cost tables may read it too.
            models.Index(
                fields=["from_country", "to_country"],
                include=["cost_usd", "shipped_on", "delivered_on", "kit", "carrier"],
                condition=Q(cost_usd__isnull=False),
                name="kits_shipment_costed_route_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0), name="kits_shipment_cost_positive"
            ),
            models.CheckConstraint(
                condition=Q(customs_fees__isnull=True) | Q(customs_fees__gte=0),
                name="kits_shipment_customs_positive",
            ),
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True)
                | Q(shipped_on__isnull=True)
                | Q(delivered_on__gte=F("shipped_on")),
                name="kits_shipment_delivered_after_shipping",
            ),
            models.CheckConstraint(
                condition=Q(expected_on__isnull=True)
                | Q(shipped_on__isnull=True)
                | Q(expected_on__gte=F("shipped_on")),
                name="kits_shipment_expected_after_shipping",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["shipped", "delivered"]) | Q(shipped_on__isnull=False),
                name="kits_shipment_shipped_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.kit}: {self.get_from_country_display()} → {self.get_to_country_display()}"

    def clean(self):
        errors = {}
        if self.shipped_on and self.delivered_on and self.delivered_on < self.shipped_on:
            errors["delivered_on"] = "The delivery date is before the ship date."
        if self.shipped_on and self.expected_on and self.expected_on < self.shipped_on:
            errors["expected_on"] = "The expected delivery is before the ship date."
        if (
            self.status in (ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED)
            and not self.shipped_on
        ):
            errors["shipped_on"] = "A shipped parcel needs its ship date."
        if self.booking_id and self.kit_id and self.booking.kit_id != self.kit_id:
            errors["booking"] = "That booking is for another kit."
        if errors:
            raise ValidationError(errors)

    @property
    def carrier_label(self) -> str:
        return (
            self.carrier_name
            if self.carrier == Carrier.OTHER and self.carrier_name
            else (self.get_carrier_display())
        )

    @property
    def tracking_url(self) -> str:
        template = TRACKING_URLS.get(self.carrier)
        return template.format(self.tracking_number) if template and self.tracking_number else ""

    @property
    def route(self) -> str:
        return f"{self.from_country} → {self.to_country}"

    @cached_property
    def is_overdue(self) -> bool:
        return (
            self.status == ShipmentStatus.SHIPPED
            and self.expected_on is not None
            and self.expected_on < timezone.localdate()
        )


ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class ShipmentAttachment(models.Model):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", "Receipt"
        CUSTOMS = "customs", "Customs papers"
        OTHER = "other", "Other"

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.RECEIPT)
    file = models.FileField(upload_to="kits/shipments/%Y/", storage=private_storage)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    def get_absolute_url(self):
        return reverse("kits:attachment-download", kwargs={"pk": self.pk})


# --- exchange rates --------------------------------------------------------------------


class ExchangeRateQuerySet(models.QuerySet):
    def rate_on(self, currency: str, day: date):
        """The latest rate for ``currency`` on or before ``day``, or None."""
        return self.filter(currency=currency, on__lte=day).order_by("-on").first()


class ExchangeRate(models.Model):
    """US dollars per one unit of ``currency`` on a day (the ECB's reference rates, crossed)."""

    currency = models.CharField(
        max_length=3, choices=CURRENCY_CHOICES, validators=[validate_currency]
    )
    on = models.DateField("date")
    usd_per_unit = models.DecimalField(
        "USD per unit",
        max_digits=20,
        decimal_places=10,
        validators=[MinValueValidator(Decimal("0"))],
    )
    source = models.CharField(max_length=100, blank=True)

    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "on"], name="kits_rate_once_a_day"),
            models.CheckConstraint(condition=Q(usd_per_unit__gt=0), name="kits_rate_positive"),
        ]

    def __str__(self):
        return f"1 {self.currency} = {self.usd_per_unit} USD on {self.on}"


class OverdueDigest(models.Model):
    """A region's overdue digest sent on a day: the claim that keeps the daily run idempotent."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    shipments = models.PositiveIntegerField(default=0)
    returns = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "sent_on"], name="kits_digest_once_a_day")
        ]

    def __str__(self):
        return f"{self.region} on {self.sent_on}"


# --- booths: the PSF's presence at a conference, staffed in volunteer shifts ------------------

# A volunteer may drop a shift up to this long before it starts; later, the lead is asked.
SHIFT_DROP_CUTOFF = timedelta(hours=24)
# Generated shifts never exceed this many per booth (a form typo must not make 10,000).
MAX_GENERATED_SHIFTS = 200


def validate_zone(value: str) -> None:
    import zoneinfo

    if value not in zoneinfo.available_timezones():
        raise ValidationError("Choose a time zone such as America/Chicago.", code="zone")


class BoothStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    CONFIRMED = "confirmed", "Confirmed"
    STAFFED = "staffed", "Staffed"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class BoothActor(models.TextChoices):
    LEAD = "lead", "booth lead"
    MANAGER = "manager", "kit manager"


BOOTH_WORKFLOW = Workflow(
    BoothStatus,
    {
        (BoothStatus.PLANNED, BoothStatus.CONFIRMED): {BoothActor.LEAD, BoothActor.MANAGER},
        (BoothStatus.CONFIRMED, BoothStatus.STAFFED): {BoothActor.LEAD, BoothActor.MANAGER},
        (BoothStatus.STAFFED, BoothStatus.DONE): {BoothActor.LEAD, BoothActor.MANAGER},
        (BoothStatus.PLANNED, BoothStatus.CANCELLED): {BoothActor.LEAD, BoothActor.MANAGER},
        (BoothStatus.CONFIRMED, BoothStatus.CANCELLED): {BoothActor.LEAD, BoothActor.MANAGER},
        (BoothStatus.STAFFED, BoothStatus.CANCELLED): {BoothActor.LEAD, BoothActor.MANAGER},
    },
    noun="booth",
)


class BoothQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Booths ``user`` leads, or whose booked kit ``user`` manages."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(Q(lead=user) | kit_manager_q(user, prefix="booking__kit__"))

    def readable_by(self, user):
        """What ``managed_by`` gives, and every booth for the board and treasurers."""
        return self.all() if reads_all_kits(user) else self.managed_by(user)

    def with_coverage(self):
        """Each booth with ``places_needed`` (sum of the shifts' minimums), ``places_covered``
        (filled places counted up to each minimum) and ``places_open`` (free places up to each
        maximum): three correlated subqueries, so a page of booths costs one query."""
        from django.db.models import Count, IntegerField, Subquery
        from django.db.models.functions import Greatest, Least

        filled = (
            ShiftSignup.objects.filter(shift=OuterRef("pk"))
            .order_by()
            .values("shift")
            .annotate(n=Count("pk"))
            .values("n")
        )
        per_booth = (
            Shift.objects.filter(booth=OuterRef("pk"))
            .order_by()
            .annotate(taken=Coalesce(Subquery(filled, output_field=IntegerField()), 0))
            .values("booth")
        )

        def total(expression):
            return Coalesce(
                Subquery(
                    per_booth.annotate(total=Sum(expression, output_field=IntegerField())).values(
                        "total"
                    ),
                    output_field=IntegerField(),
                ),
                0,
            )

        return self.annotate(
            places_needed=total(F("capacity_min")),
            places_covered=total(Least(F("taken"), F("capacity_min"), output_field=IntegerField())),
            places_open=total(
                Greatest(F("capacity_max") - F("taken"), 0, output_field=IntegerField())
            ),
        )

    def costs(self):
        """What each booth cost, for the budget app (which ``kits`` never imports).

        Rows: ``booth_id``, ``conference``, ``date`` (first day), ``shipping_usd`` (the booked
        kit's shipments for this booking, customs included; the same shipments
        ``Shipment.objects.costs()`` lists, so do not add both), ``consumables_usd`` (from the
        report), ``visitors`` (None before the report). The sponsorship or grant that paid for
        the booth is the budget app's (``ConferenceSupport.booth``): it adds that amount and
        calls ``cost_per_visitor`` with it. One query.
        """
        from django.db.models import DecimalField, Subquery

        money = DecimalField(max_digits=14, decimal_places=2)
        shipping = (
            Shipment.objects.filter(booking=OuterRef("booking"), cost_usd__isnull=False)
            .order_by()
            .values("booking")
            .annotate(total=Sum(F("cost_usd") + Coalesce("customs_fees_usd", Decimal("0"))))
            .values("total")
        )
        return (
            self.annotate(
                booth_id=F("pk"),
                conference=F("conference_name"),
                date=F("conference_starts"),
                shipping_usd=Coalesce(Subquery(shipping, output_field=money), Decimal("0")),
                consumables_usd=Coalesce(
                    F("report__consumables_cost_usd"), Decimal("0"), output_field=money
                ),
                visitors=F("report__visitors"),
            )
            .values(
                "booth_id",
                "conference",
                "date",
                "shipping_usd",
                "consumables_usd",
                "visitors",
            )
            .order_by("date", "pk")
        )

    def upcoming(self, today: date | None = None):
        """Booths still ahead or running that volunteers can help with: the public list."""
        today = today or timezone.localdate()
        return self.filter(
            conference_ends__gte=today,
            status__in=[BoothStatus.PLANNED, BoothStatus.CONFIRMED, BoothStatus.STAFFED],
        )


class Booth(WorkflowModel, ConferenceDetails):
    """The PSF's presence at one conference: a lead, a kit booking, shifts, a checklist."""

    workflow = BOOTH_WORKFLOW
    history_model = "BoothTransition"
    history_fk = "booth"

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booths",
        help_text="The conference on the Python events calendar, when it is there.",
    )
    timezone = models.CharField(
        "time zone",
        max_length=64,
        default="UTC",
        validators=[validate_zone],
        help_text="The conference's zone: shift times are typed and shown in it.",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_booths"
    )
    booking = models.ForeignKey(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="booths"
    )
    setup_at = models.DateTimeField("setup", null=True, blank=True)
    teardown_at = models.DateTimeField("teardown", null=True, blank=True)
    location_notes = models.TextField(
        "where the booth is", blank=True, max_length=2000, help_text="Hall, stand number."
    )
    goals = models.TextField(blank=True, max_length=4000)
    status = models.CharField(
        max_length=20, choices=BoothStatus, default=BoothStatus.PLANNED, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BoothQuerySet.as_manager()

    class Meta:
        ordering = ["conference_starts", "pk"]
        constraints = [
            # Named before ConferenceDetails existed; the name stays so no migration renames it.
            conference_dates_in_order(name="kits_booth_dates_in_order"),
            models.CheckConstraint(
                condition=Q(setup_at__isnull=True)
                | Q(teardown_at__isnull=True)
                | Q(teardown_at__gt=F("setup_at")),
                name="kits_booth_teardown_after_setup",
            ),
        ]

    def __str__(self):
        return f"PSF booth at {self.conference_name}"

    def get_absolute_url(self):
        return reverse("kits:booth-detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.setup_at and self.teardown_at and self.teardown_at <= self.setup_at:
            raise ValidationError({"teardown_at": "Teardown is before setup."})

    @property
    def zone(self):
        import zoneinfo

        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def coverage_percent(self) -> int | None:
        """Needed places filled, in percent (None without shifts); needs ``with_coverage``."""
        if not self.places_needed:
            return None
        return round(100 * self.places_covered / self.places_needed)

    def actor_for(self, user) -> str | None:
        """Which workflow actor ``user`` is for this booth, or None."""
        if not user.is_authenticated:
            return None
        if self.lead_id == user.pk:
            return BoothActor.LEAD
        if self.booking_id and self.booking.kit.is_managed_by(user):
            return BoothActor.MANAGER
        if user.is_superuser:
            return BoothActor.MANAGER
        return None


class BoothTransition(TransitionRecord):
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="history")

    class Meta(TransitionRecord.Meta):
        verbose_name = "booth status change"


DEFAULT_CHECKLIST = ("Ship the kit", "Confirm the table", "Print flyers", "Recruit volunteers")


class ChecklistItem(models.Model):
    """One thing to do before the booth opens; the lead ticks it."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="checklist")
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["booth", "position", "pk"]

    def __str__(self):
        return self.label

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ShiftQuerySet(models.QuerySet):
    def with_filled(self):
        """Each shift with ``filled``: how many volunteers hold it (one grouped query)."""
        return self.annotate(filled=models.Count("signups", distinct=True))

    def upcoming(self, now=None):
        return self.filter(starts_at__gt=now or timezone.now())

    def of_upcoming_booths(self):
        return self.filter(booth__in=Booth.objects.upcoming())

    def open_places(self) -> int:
        """Places still free on upcoming shifts of upcoming booths (the board overview's count).

        The shifts' places less the sign-ups that take one, rather than grouping every shift
        with its sign-ups (ten thousand groups for a year of booths). A shift whose "at most"
        was lowered below its sign-ups counts as full, never as minus places that would
        hide another shift's free ones.
        """
        from django.db.models import Count, Min
        from django.db.models.functions import Least

        shifts = self.of_upcoming_booths().upcoming()
        places = shifts.aggregate(places=Coalesce(Sum("capacity_max"), 0))["places"]
        # The shifts joined to their sign-ups, not the sign-ups of `shift IN (upcoming
        # shifts)`: that built the upcoming shifts a second time to probe them (8 ms to 5
        # at 10,000 shifts on the bench machine).
        taken = (
            shifts.filter(signups__isnull=False)
            .values("pk")
            .annotate(
                taken=Least(
                    Count("signups"), Min("capacity_max"), output_field=models.IntegerField()
                )
            )
            .aggregate(total=Coalesce(Sum("taken"), 0))["total"]
        )
        return int(places) - int(taken)


class Shift(models.Model):
    """A stretch of booth time with room for ``capacity_min`` to ``capacity_max`` volunteers."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity_min = models.PositiveSmallIntegerField("volunteers needed", default=1)
    capacity_max = models.PositiveSmallIntegerField("at most", default=2)
    skill = models.CharField(
        "required skill",
        max_length=100,
        blank=True,
        help_text="A language or “booth lead experience”; empty when anyone can help.",
    )

    objects = ShiftQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["booth", "starts_at"], name="kits_shift_booth_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="kits_shift_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity_max__gte=F("capacity_min")) & Q(capacity_max__gte=1),
                name="kits_shift_capacity_in_order",
            ),
        ]

    def __str__(self):
        start = timezone.localtime(self.starts_at, self.booth.zone)
        end = timezone.localtime(self.ends_at, self.booth.zone)
        return f"{start:%a %d %b %H:%M}\u2013{end:%H:%M}"

    @property
    def period(self):
        from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

        return DateTimeTZRange(self.starts_at, self.ends_at, "[)")

    @property
    def drop_cutoff(self):
        return self.starts_at - SHIFT_DROP_CUTOFF

    def open_places(self) -> int:
        return max(self.capacity_max - self.filled, 0)

    @property
    def coverage_label(self) -> str:
        """Filled/needed in words, so the grid never speaks in colour alone."""
        if self.filled >= self.capacity_max:
            return "full"
        if self.filled >= self.capacity_min:
            return "covered"
        return "needs people"


class ShiftSignup(models.Model):
    """A volunteer holding a place on a shift.

    ``period`` copies the shift's times so PostgreSQL can refuse a volunteer two
    overlapping shifts anywhere (an exclusion constraint cannot reach through a join).
    """

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_signups"
    )
    period = DateTimeRangeField()
    shows_first_name = models.BooleanField(
        "show my first name on the public booth page", default=False
    )
    attended = models.BooleanField(null=True, blank=True, help_text="Marked by the lead.")
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["period", "pk"]
        constraints = [
            ExclusionConstraint(
                name="kits_signup_no_overlap",
                expressions=[
                    ("volunteer", RangeOperators.EQUAL),
                    ("period", RangeOperators.OVERLAPS),
                ],
                violation_error_message="You already hold a shift at that time.",
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} on {self.shift}"


class ShiftWaiting(models.Model):
    """A place in the queue for a full shift; the first in line gets a dropped place."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="waiting")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_waits"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "shift waiting list"
        constraints = [
            models.UniqueConstraint(fields=["shift", "volunteer"], name="kits_wait_once")
        ]

    def __str__(self):
        return f"{self.volunteer} waits for {self.shift}"


def new_feed_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class ShiftFeedToken(models.Model):
    """The secret in a volunteer's private calendar URL; resetting it kills the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_feed_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"shift feed of {self.user}"

    def get_absolute_url(self):
        return reverse("kits:shift-feed", kwargs={"token": self.token})


class BoothReport(models.Model):
    """What the booth did, filed by the lead after the conference (once: it moves stock)."""

    booth = models.OneToOneField(Booth, on_delete=models.CASCADE, related_name="report")
    visitors = models.PositiveIntegerField("visitors (estimate)")
    conversations = models.TextField("conversations of note", blank=True, max_length=4000)
    membership_signups = models.PositiveIntegerField("PSF membership sign-ups", default=0)
    donations = models.TextField("donation pointers", blank=True, max_length=2000)
    lessons = models.TextField("lessons learned", blank=True, max_length=4000)
    consumables_cost_usd = models.DecimalField(
        "cost of the consumables used (USD)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="What restocking them costs. Left empty, the items' unit costs count it.",
    )
    photo = models.ImageField(upload_to="kits/booths/", blank=True)
    photo_thumbnail = models.ImageField(upload_to="kits/booths/", blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Report of {self.booth}"


def cost_per_visitor(row: dict, *, paid_for_booth: Decimal | None = None) -> Decimal | None:
    """(What paid for the booth + shipping + consumables) / visitors, for a
    ``Booth.objects.costs()`` row; None before the report gives visitors. Kits' own pages pass
    no ``paid_for_booth`` (the sponsorship or grant is the budget app's) and show the kit's
    share; the board's sponsorship page passes the sponsorship's amount."""
    if not row.get("visitors"):
        return None
    total = (paid_for_booth or Decimal("0")) + row["shipping_usd"] + row["consumables_usd"]
    return (total / row["visitors"]).quantize(Decimal("0.01"))


class ConsumableUse(models.Model):
    """How many of a kit's consumable items a booth used up (already taken off the stock)."""

    report = models.ForeignKey(BoothReport, on_delete=models.CASCADE, related_name="consumables")
    item = models.ForeignKey(KitItem, on_delete=models.PROTECT, related_name="uses")
    quantity = models.PositiveIntegerField()
    # Quantity times the item's unit cost when filed: a later price does not rewrite the past.
    cost_usd = models.DecimalField(
        "cost (USD)", max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "item"], name="kits_use_once_per_report"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="kits_use_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} x {self.item.name}"
