"""What spans kits, bookings, shipments and mail. Keyword-only, named ``<noun>_<verb>``."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from community.aggregates import Median
from community.mail import queue_mail
from community.money import convert
from community.workflow import ActionRefused
from kits.models import (
    Actor,
    Booking,
    BookingStatus,
    ExchangeRate,
    Kit,
    RegionKitManager,
    Shipment,
    ShipmentAttachment,
    ShipmentStatus,
    ShippingTime,
    booking_conflict_message,
    reads_all_kits,
)
from representatives.models import Region


def absolute(path: str) -> str:
    from django.conf import settings

    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"


# --- who may do what (one helper per object, so no view forgets a check) ---------------


def get_booking_for_manager(user, pk) -> Booking:
    try:
        return Booking.objects.managed_by(user).select_related("kit", "requester").get(pk=pk)
    except Booking.DoesNotExist:
        raise Http404("No such booking") from None


def get_booking_for_user(user, pk) -> Booking:
    """A booking its requester, its kit's managers, or a board member/treasurer may read."""
    booking = (
        Booking.objects.select_related("kit", "kit__region", "requester", "event")
        .filter(pk=pk)
        .first()
    )
    if booking is None:
        raise Http404("No such booking")
    if booking.requester_id == user.pk or reads_all_kits(user) or booking.kit.is_managed_by(user):
        return booking
    raise Http404("No such booking")


def get_shipment_for_reader(user, pk) -> Shipment:
    """A shipment its kit's managers, board members and treasurers may read."""
    shipment = Shipment.objects.select_related("kit").filter(pk=pk).first()
    if shipment is None:
        raise Http404("No such shipment")
    if reads_all_kits(user) or shipment.kit.is_managed_by(user):
        return shipment
    raise PermissionDenied


def get_shipment_for_manager(user, pk) -> Shipment:
    try:
        return Shipment.objects.managed_by(user).select_related("kit", "booking").get(pk=pk)
    except Shipment.DoesNotExist:
        raise Http404("No such shipment") from None


def can_read_history(user, kit: Kit) -> bool:
    return reads_all_kits(user) or kit.is_managed_by(user)


def manages_any_kit(user) -> bool:
    return user.is_authenticated and (user.is_superuser or Kit.objects.managed_by(user).exists())


def managers_of(kit: Kit) -> list:
    users = {
        m.user for m in RegionKitManager.objects.filter(region=kit.region_id).select_related("user")
    }
    users |= set(kit.managers.all())
    return sorted(users, key=lambda u: u.pk)


# --- availability ----------------------------------------------------------------------


@dataclass(frozen=True)
class KitOption:
    kit: Kit
    is_free: bool
    outbound_days: int
    return_days: int
    conflict: Booking | None


def region_for_country(country: str) -> Region | None:
    """The conference's region, for transit times: the one country list in representatives."""
    return Region.objects.for_country(country)


def kits_for_dates(*, arrive_by: date, leave_on: date, country: str) -> list[KitOption]:
    """Every kit in service, free or not for these dates with transit, shortest transit first.

    Three queries whatever the number of kits: kits, the shipping table, the bookings.
    """
    from django.db.backends.postgresql.psycopg_any import DateRange

    from kits.models import blocked_period

    destination = region_for_country(country)
    table = ShippingTime.table()
    kits = list(Kit.objects.in_service().filter(is_in_repair=False).select_related("region"))
    wanted = {}
    for kit in kits:
        out = ShippingTime.days_between(table, kit.region_id, destination and destination.pk)
        back = (
            ShippingTime.days_between(table, destination.pk, kit.region_id) if destination else out
        )
        wanted[kit.pk] = (out, back, blocked_period(arrive_by, leave_on, out, back))
    # Every booking that could meet one of those holds, and no other: a hold may start
    # before today (a conference sooner than the transit), so "not over yet" would miss a
    # booking that the exclusion constraint then refuses approval against.
    hull = DateRange(
        min((period.lower for *_, period in wanted.values()), default=arrive_by),
        max((period.upper for *_, period in wanted.values()), default=arrive_by),
        "[)",
    )
    blocking = list(
        Booking.objects.blocking()
        .filter(kit__in=kits, blocked_period__overlap=hull)
        .select_related("kit")
    )
    options = []
    for kit in kits:
        out, back, period = wanted[kit.pk]
        conflict = next(
            (
                b
                for b in blocking
                if b.kit_id == kit.pk
                and b.blocked_period.lower < period.upper
                and period.lower < b.blocked_period.upper
            ),
            None,
        )
        options.append(KitOption(kit, conflict is None, out, back, conflict))
    options.sort(key=lambda o: (not o.is_free, o.outbound_days, o.kit.name))
    return options


# --- bookings --------------------------------------------------------------------------


def booking_request(*, by, kit: Kit, **fields) -> Booking:
    """A member asks for ``kit``; the region's managers are told by mail."""
    booking = Booking(kit=kit, requester=by, **fields)
    if booking.destination_region_id is None:
        booking.destination_region = region_for_country(booking.conference_country)
    booking.set_blocked_period()
    with transaction.atomic():
        booking.save()
        booking.record_creation(by=by)
        addresses = [u.email for u in managers_of(kit) if u.email]
        if addresses:
            queue_mail(
                to=addresses,
                template="kits/email/requested",
                context={
                    "booking": booking,
                    "url": absolute(reverse("kits:booking-detail", args=[booking.pk])),
                },
            )
    return booking


def _manager_transition(booking: Booking, to: str, *, by, reason: str = ""):
    if not booking.kit.is_managed_by(by):
        raise ActionRefused("Only the kit managers of this kit's region can do that.")
    try:
        return booking.transition(to, by=by, actor=Actor.MANAGER, reason=reason)
    except IntegrityError:
        # Another manager approved an overlapping booking in the same moment: the
        # exclusion constraint refused this one after the check passed.
        other = booking.first_conflict()
        raise ActionRefused(
            booking_conflict_message(other) if other else "This kit is booked for those dates."
        ) from None


def _tell_requester(booking: Booking, template: str, **context) -> None:
    if booking.requester.email:
        queue_mail(
            to=[booking.requester.email],
            template=f"kits/email/{template}",
            context={
                "booking": booking,
                "url": absolute(reverse("kits:booking-detail", args=[booking.pk])),
                **context,
            },
        )


def booking_approve(*, booking: Booking, by, note: str = "") -> Booking:
    with transaction.atomic():
        _manager_transition(booking, BookingStatus.APPROVED, by=by, reason=note)
        _tell_requester(booking, "approved", note=note)
    return booking


def booking_decline(*, booking: Booking, by, reason: str) -> Booking:
    with transaction.atomic():
        _manager_transition(booking, BookingStatus.DECLINED, by=by, reason=reason)
        _tell_requester(booking, "declined", reason=booking.history.last().reason)
    return booking


def booking_propose_kit(*, booking: Booking, by, kit: Kit, note: str = "") -> Booking:
    """Offer ``kit`` instead: the request stays open for the new kit, the requester is told."""
    if kit.pk == booking.kit_id:
        raise ActionRefused("Propose a different kit from the one requested.")
    if not kit.is_managed_by(by):
        raise ActionRefused("You can only propose kits you manage.")
    previous = booking.kit
    reason = f"Proposed {kit} instead of {previous}." + (f" {note}" if note else "")
    with transaction.atomic():
        _manager_transition(booking, BookingStatus.REQUESTED, by=by, reason=reason)
        booking.kit = kit
        booking.set_blocked_period()
        booking.save(update_fields=["kit", "outbound_days", "return_days", "blocked_period"])
        _tell_requester(booking, "proposed", previous=previous, note=note)
    return booking


def booking_cancel(*, booking: Booking, by) -> Booking:
    actor = Actor.REQUESTER if booking.requester_id == by.pk else Actor.MANAGER
    if actor == Actor.MANAGER and not booking.kit.is_managed_by(by):
        raise ActionRefused("Only the requester or the kit's managers can cancel a booking.")
    booking.transition(BookingStatus.CANCELLED, by=by, actor=actor)
    return booking


def booking_advance(*, booking: Booking, by, to: str, note: str = "") -> Booking:
    """Shipped, at the event, returned, closed: the manager's moves after approval."""
    _manager_transition(booking, to, by=by, reason=note)
    return booking


# --- shipments -------------------------------------------------------------------------


def shipment_price(shipment: Shipment) -> None:
    """Fill the USD values from the rate on the ship date (else today); leave them empty
    when no rate is known yet, so the cost is never guessed."""
    if shipment.cost is None:
        shipment.cost_usd = shipment.customs_fees_usd = shipment.usd_rate = None
        shipment.rate_date = None
        return
    day = shipment.shipped_on or timezone.localdate()
    if shipment.currency == "USD":
        from decimal import Decimal

        rate, rate_date = Decimal("1"), day
    else:
        found = ExchangeRate.objects.rate_on(shipment.currency, day)
        if found is None:
            shipment.cost_usd = shipment.customs_fees_usd = shipment.usd_rate = None
            shipment.rate_date = None
            return
        rate, rate_date = found.usd_per_unit, found.on
    shipment.usd_rate, shipment.rate_date = rate, rate_date
    shipment.cost_usd = convert(shipment.cost, rate)
    shipment.customs_fees_usd = (
        convert(shipment.customs_fees, rate) if shipment.customs_fees is not None else None
    )


def shipment_log(*, shipment: Shipment, by, attachments=()) -> Shipment:
    """Save a new or changed shipment: priced in USD, its booking moved along with it."""
    if not shipment.kit.is_managed_by(by):
        raise ActionRefused("You can only log shipments of kits you manage.")
    shipment.full_clean()
    shipment_price(shipment)
    if shipment.logged_by_id is None:
        shipment.logged_by = by
    with transaction.atomic():
        shipment.save()
        for upload in attachments:
            attachment_add(shipment=shipment, by=by, **upload)
        booking = shipment.booking
        if booking is not None:
            booking.refresh_from_db()
            follow = {
                (Shipment.Purpose.OUTBOUND, ShipmentStatus.SHIPPED): (
                    BookingStatus.APPROVED,
                    BookingStatus.SHIPPED,
                ),
                (Shipment.Purpose.OUTBOUND, ShipmentStatus.DELIVERED): (
                    BookingStatus.SHIPPED,
                    BookingStatus.AT_EVENT,
                ),
                (Shipment.Purpose.RETURN, ShipmentStatus.DELIVERED): (
                    BookingStatus.AT_EVENT,
                    BookingStatus.RETURNED,
                ),
            }.get((shipment.purpose, shipment.status))
            if follow and booking.status == follow[0]:
                booking.transition(
                    follow[1], by=by, actor=Actor.MANAGER, reason=f"Shipment {shipment.pk}"
                )
    return shipment


def attachment_add(*, shipment: Shipment, by, checked, kind: str) -> ShipmentAttachment:
    """Store an upload that ``kits.uploads.check_attachment`` accepted."""
    attachment = ShipmentAttachment(
        shipment=shipment,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )
    attachment.file.save(checked.stored_name, checked.content, save=False)
    attachment.save()
    return attachment


# --- the daily overdue digest -------------------------------------------------------------


def overdue_by_region(today: date) -> dict[int, dict]:
    """Per region id: its overdue deliveries and overdue returns, three queries in all."""
    found: dict[int, dict] = {}
    shipments = Shipment.objects.overdue(today).select_related("kit", "kit__region")
    for shipment in shipments.order_by("expected_on"):
        entry = found.setdefault(shipment.kit.region_id, {"shipments": [], "returns": []})
        entry["shipments"].append(shipment)
    returns = Booking.objects.return_overdue(today).select_related("kit", "kit__region")
    for booking in returns.order_by("leave_on"):
        entry = found.setdefault(booking.kit.region_id, {"shipments": [], "returns": []})
        entry["returns"].append(booking)
    return found


def overdue_digest_send(*, today: date | None = None) -> list:
    """Mail each region's kit managers what is overdue; at most once a region a day."""
    from kits.models import OverdueDigest

    today = today or timezone.localdate()
    sent = []
    regions = {r.pk: r for r in Region.objects.all()}
    for region_id, entry in overdue_by_region(today).items():
        with transaction.atomic():
            digest, created = OverdueDigest.objects.get_or_create(
                region_id=region_id,
                sent_on=today,
                defaults={
                    "shipments": len(entry["shipments"]),
                    "returns": len(entry["returns"]),
                },
            )
            if not created:
                continue
            addresses = sorted(
                {
                    m.user.email
                    for m in RegionKitManager.objects.filter(region_id=region_id).select_related(
                        "user"
                    )
                    if m.user.email
                }
            )
            if addresses:
                queue_mail(
                    to=addresses,
                    template="kits/email/overdue_digest",
                    context={
                        "region": regions[region_id],
                        "today": today,
                        "url": absolute(reverse("admin:kits_shipment_changelist") + "?overdue=yes"),
                        **entry,
                    },
                )
            sent.append(digest)
    return sent


# --- booths ---------------------------------------------------------------------------------


def get_booth_for_manager(user, pk):
    """A booth ``user`` leads or whose kit ``user`` manages; 404 otherwise."""
    from kits.models import Booth

    booth = Booth.objects.managed_by(user).select_related("booking__kit", "lead").filter(pk=pk)
    found = booth.first()
    if found is None:
        raise Http404("No such booth")
    return found


def get_booth_for_reader(user, pk):
    """A booth its lead, its kit's managers, board members and treasurers may read."""
    from kits.models import Booth

    found = Booth.objects.readable_by(user).select_related("booking__kit", "lead").filter(pk=pk)
    found = found.first()
    if found is None:
        raise Http404("No such booth")
    return found


def booth_plan(*, by, lead=None, checklist=None, **fields):
    """A new booth in "planned", led by ``lead`` (``by`` when not given), with its checklist."""
    from kits.models import DEFAULT_CHECKLIST, Booth, ChecklistItem

    booth = Booth(lead=lead or by, **fields)
    booth.full_clean()
    labels = DEFAULT_CHECKLIST if checklist is None else checklist
    with transaction.atomic():
        booth.save()
        booth.record_creation(by=by)
        ChecklistItem.objects.bulk_create(
            ChecklistItem(booth=booth, label=label, position=i) for i, label in enumerate(labels)
        )
    return booth


def booth_move(*, booth, by, to: str, reason: str = ""):
    """Confirm, staff, finish or cancel a booth: its lead or its kit's managers only."""
    actor = booth.actor_for(by)
    if actor is None:
        raise ActionRefused("Only the booth's lead or its kit's managers can do that.")
    booth.transition(to, by=by, actor=actor, reason=reason)
    return booth


def checklist_tick(*, item, by, done: bool = True):
    """Tick (or untick) one checklist item of a booth ``by`` manages."""
    if item.booth.actor_for(by) is None:
        raise ActionRefused("Only the booth's lead or its kit's managers can tick its checklist.")
    item.done_at = timezone.now() if done else None
    item.done_by = by if done else None
    item.save(update_fields=["done_at", "done_by"])
    return item


def checklist_add(*, booth, by, label: str):
    from kits.models import ChecklistItem

    if booth.actor_for(by) is None:
        raise ActionRefused("Only the booth's lead or its kit's managers can change its checklist.")
    label = (label or "").strip()[:200]
    if not label:
        raise ActionRefused("Say what needs doing.")
    last = booth.checklist.order_by("-position").values_list("position", flat=True).first()
    return ChecklistItem.objects.create(booth=booth, label=label, position=(last or 0) + 1)


# --- shifts ---------------------------------------------------------------------------------


def _require_lead(booth, by):
    if booth.actor_for(by) is None:
        raise ActionRefused("Only the booth's lead or its kit's managers can change its shifts.")


def shift_create(*, booth, by, starts_at, ends_at, capacity_min=1, capacity_max=2, skill=""):
    """One shift; naive times are read in the conference's zone."""
    from kits.models import Shift

    _require_lead(booth, by)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at, booth.zone)
    if timezone.is_naive(ends_at):
        ends_at = timezone.make_aware(ends_at, booth.zone)
    if ends_at <= starts_at:
        raise ActionRefused("A shift ends after it starts.")
    if capacity_max < max(capacity_min, 1):
        raise ActionRefused("“At most” must be at least the number needed, and at least 1.")
    return Shift.objects.create(
        booth=booth,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity_min=capacity_min,
        capacity_max=capacity_max,
        skill=skill,
    )


def shift_generate(
    *, booth, by, day_starts, day_ends, hours: int, capacity_min=1, capacity_max=2, skill=""
):
    """Shifts of ``hours`` from ``day_starts`` to ``day_ends`` (local times) on every
    conference day; a last shorter piece is kept. Returns the new shifts."""
    from datetime import datetime

    from kits.models import MAX_GENERATED_SHIFTS, Shift

    _require_lead(booth, by)
    if hours < 1 or hours > 12:
        raise ActionRefused("A shift lasts 1 to 12 hours.")
    if day_ends <= day_starts:
        raise ActionRefused("The booth day ends after it starts.")
    if capacity_max < max(capacity_min, 1):
        raise ActionRefused("“At most” must be at least the number needed, and at least 1.")
    shifts, day = [], booth.conference_starts
    while day <= booth.conference_ends:
        start = datetime.combine(day, day_starts)
        close = datetime.combine(day, day_ends)
        while start < close:
            end = min(start + timedelta(hours=hours), close)
            shifts.append(
                Shift(
                    booth=booth,
                    starts_at=timezone.make_aware(start, booth.zone),
                    ends_at=timezone.make_aware(end, booth.zone),
                    capacity_min=capacity_min,
                    capacity_max=capacity_max,
                    skill=skill,
                )
            )
            start = end
        day += timedelta(days=1)
    if len(shifts) > MAX_GENERATED_SHIFTS:
        raise ActionRefused(f"That makes {len(shifts)} shifts; at most {MAX_GENERATED_SHIFTS}.")
    return Shift.objects.bulk_create(shifts)


def _overlap_message(volunteer, shift) -> str:
    from kits.models import ShiftSignup

    other = (
        ShiftSignup.objects.filter(volunteer=volunteer, period__overlap=shift.period)
        .select_related("shift__booth")
        .first()
    )
    if other is None:
        return "You already hold a shift at that time."
    return (
        f"You already hold a shift at that time: {other.shift} at "
        f"{other.shift.booth.conference_name}. Drop it first to take this one."
    )


def shift_signup(*, shift, by, shows_first_name: bool = False, now=None):
    """Take a place on ``shift``. The shift row is locked while its places are counted, so
    of two people taking the last place exactly one gets it; PostgreSQL refuses a second
    shift at the same time for one volunteer."""
    from kits.models import BoothStatus, Shift, ShiftSignup, ShiftWaiting

    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = Shift.objects.select_for_update().select_related("booth").get(pk=shift.pk)
            if locked.booth.status not in (
                BoothStatus.PLANNED,
                BoothStatus.CONFIRMED,
                BoothStatus.STAFFED,
            ):
                raise ActionRefused("This booth no longer takes sign-ups.")
            if locked.starts_at <= now:
                raise ActionRefused("This shift has started; it takes no more sign-ups.")
            if ShiftSignup.objects.filter(shift=locked, volunteer=by).exists():
                raise ActionRefused("You are already on this shift.")
            if locked.signups.count() >= locked.capacity_max:
                raise ActionRefused(
                    "This shift is full. Join its waiting list to get the next free place."
                )
            signup = ShiftSignup.objects.create(
                shift=locked, volunteer=by, period=locked.period, shows_first_name=shows_first_name
            )
            ShiftWaiting.objects.filter(shift=locked, volunteer=by).delete()
    except IntegrityError:
        raise ActionRefused(_overlap_message(by, shift)) from None
    return signup


def shift_wait(*, shift, by):
    """Queue for a full shift."""
    from kits.models import ShiftSignup, ShiftWaiting

    if ShiftSignup.objects.filter(shift=shift, volunteer=by).exists():
        raise ActionRefused("You are already on this shift.")
    if shift.starts_at <= timezone.now():
        raise ActionRefused("This shift has started.")
    waiting, _ = ShiftWaiting.objects.get_or_create(shift=shift, volunteer=by)
    return waiting


def shift_drop(*, shift, by, now=None):
    """Give a place back up to the cut-off; the first on the waiting list who is free at
    that time gets it and is told by mail."""
    from kits.models import SHIFT_DROP_CUTOFF, Shift, ShiftSignup, ShiftWaiting

    now = now or timezone.now()
    with transaction.atomic():
        locked = Shift.objects.select_for_update().select_related("booth").get(pk=shift.pk)
        if now > locked.drop_cutoff:
            hours = int(SHIFT_DROP_CUTOFF.total_seconds() // 3600)
            raise ActionRefused(
                f"Shifts can be dropped up to {hours} hours before they start; "
                f"please write to the booth lead ({locked.booth.lead.email}) instead."
            )
        deleted, _ = ShiftSignup.objects.filter(shift=locked, volunteer=by).delete()
        if not deleted:
            raise ActionRefused("You are not on this shift.")
        for waiting in ShiftWaiting.objects.filter(shift=locked).select_related("volunteer"):
            try:
                with transaction.atomic():
                    ShiftSignup.objects.create(
                        shift=locked, volunteer=waiting.volunteer, period=locked.period
                    )
            except IntegrityError:
                # Busy at that time elsewhere by now: keep their place in line, try the next.
                continue
            waiting.delete()
            if waiting.volunteer.email:
                queue_mail(
                    to=[waiting.volunteer.email],
                    template="kits/email/shift_from_waiting_list",
                    context={
                        "shift": locked,
                        "booth": locked.booth,
                        "url": absolute(reverse("kits:my-shifts")),
                    },
                )
            break
    return locked


# --- volunteers' own view -------------------------------------------------------------------


def shift_feed_token_for(user):
    from kits.models import ShiftFeedToken

    return ShiftFeedToken.objects.get_or_create(user=user)[0]


def shift_feed_token_reset(*, user):
    """A new secret: the old calendar URL stops working at once."""
    from kits.models import ShiftFeedToken, new_feed_token

    token, created = ShiftFeedToken.objects.get_or_create(user=user)
    if not created:
        token.token = new_feed_token()
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
    return token


def shift_feed_ics(user) -> bytes:
    """The volunteer's shifts as iCalendar, times in UTC (unambiguous for every client)."""
    from icalendar import Calendar, Event

    from kits.models import ShiftSignup

    calendar = Calendar()
    calendar.add("prodid", "-//PSF Community Relations//Booth shifts//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "My PSF booth shifts")
    signups = (
        ShiftSignup.objects.filter(volunteer=user)
        .select_related("shift__booth")
        .order_by("period")[:500]
    )
    for signup in signups:
        shift, booth = signup.shift, signup.shift.booth
        event = Event()
        event.add("uid", f"booth-shift-{shift.pk}-{user.pk}@community.python.org")
        event.add("summary", f"PSF booth shift: {booth.conference_name}")
        event.add("dtstart", shift.starts_at)
        event.add("dtend", shift.ends_at)
        event.add("dtstamp", signup.created_at)
        event.add("location", ", ".join(p for p in (booth.location_notes, booth.location) if p))
        event.add("url", absolute(booth.get_absolute_url()))
        event.add("description", f"Times in the conference's zone: {booth.timezone}.")
        calendar.add_component(event)
    return calendar.to_ical()


def shift_reminders_send(*, now=None) -> int:
    """Mail each volunteer whose shift starts within 24 hours, once: the reminder is
    claimed with a conditional UPDATE, so a second run (or a second worker) sends nothing."""
    from kits.models import ShiftSignup

    now = now or timezone.now()
    due = ShiftSignup.objects.filter(
        reminded_at__isnull=True,
        shift__starts_at__gt=now,
        shift__starts_at__lte=now + timedelta(hours=24),
    ).select_related("shift__booth__lead", "volunteer")
    sent = 0
    for signup in due:
        with transaction.atomic():
            claimed = ShiftSignup.objects.filter(pk=signup.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed or not signup.volunteer.email:
                continue
            queue_mail(
                to=[signup.volunteer.email],
                template="kits/email/shift_reminder",
                context={
                    "shift": signup.shift,
                    "booth": signup.shift.booth,
                    "url": absolute(reverse("kits:my-shifts")),
                },
            )
            sent += 1
    return sent


def signup_mark_attendance(*, signup, by, attended: bool, now=None):
    """The lead (or the kit's managers) mark came / no-show once the shift has started."""
    booth = signup.shift.booth
    if booth.actor_for(by) is None:
        raise ActionRefused("Only the booth's lead can mark attendance.")
    if signup.shift.starts_at > (now or timezone.now()):
        raise ActionRefused("Attendance is marked once the shift has started.")
    signup.attended = attended
    signup.save(update_fields=["attended"])
    return signup


# --- kit choice by cost ---------------------------------------------------------------------


@dataclass(frozen=True)
class BoothKitOption:
    option: KitOption
    median_cost_usd: Decimal | None
    shipments_counted: int

    @property
    def kit(self):
        return self.option.kit


def median_shipping_costs(destination_country: str) -> dict[int, tuple]:
    """Per kit region id: (median USD cost, how many shipments) of past outbound shipments
    to the destination's region (its one country when it has no region). Two queries."""
    from django.db.models import Count, FloatField

    region = region_for_country(destination_country)
    countries = region.countries.values("country") if region is not None else [destination_country]
    rows = (
        Shipment.objects.filter(
            purpose=Shipment.Purpose.OUTBOUND, cost_usd__isnull=False, to_country__in=countries
        )
        .order_by()
        .values("kit__region")
        .annotate(median=Median("cost_usd", output_field=FloatField()), n=Count("pk"))
    )
    return {
        row["kit__region"]: (Decimal(str(row["median"])).quantize(Decimal("0.01")), row["n"])
        for row in rows
    }


def booth_kit_options(*, booth, arrive_by: date, leave_on: date) -> list[BoothKitOption]:
    """Kits free for the booth's dates with transit, cheapest expected shipping first (kits
    without history after those with it), then fewer transit days."""
    costs = median_shipping_costs(booth.conference_country)
    options = [
        BoothKitOption(option, *costs.get(option.kit.region_id, (None, 0)))
        for option in kits_for_dates(
            arrive_by=arrive_by, leave_on=leave_on, country=booth.conference_country
        )
        if option.is_free
    ]
    options.sort(
        key=lambda o: (
            o.median_cost_usd is None,
            o.median_cost_usd or 0,
            o.option.outbound_days,
            o.kit.name,
        )
    )
    return options


def booth_kit_book(*, booth, by, kit, arrive_by: date, leave_on: date, shipping_address: str):
    """Request ``kit`` for the booth and link the booking, in one step."""
    if booth.actor_for(by) is None:
        raise ActionRefused("Only the booth's lead can request its kit.")
    if booth.booking_id and booth.booking.status in BookingStatus.open():
        raise ActionRefused("This booth already has a kit booking; cancel it first.")
    free = {
        o.kit.pk for o in booth_kit_options(booth=booth, arrive_by=arrive_by, leave_on=leave_on)
    }
    if kit.pk not in free:
        raise ActionRefused(f"{kit} is not free for those dates, transit included.")
    with transaction.atomic():
        booking = booking_request(
            by=by,
            kit=kit,
            event=booth.event,
            conference_name=booth.conference_name,
            conference_city=booth.conference_city,
            conference_country=booth.conference_country,
            conference_starts=booth.conference_starts,
            conference_ends=booth.conference_ends,
            arrive_by=arrive_by,
            leave_on=leave_on,
            shipping_address=shipping_address,
            contact_name=by.get_full_name() or by.username,
            contact_email=by.email,
            note=f"For the PSF booth at {booth.conference_name}.",
        )
        booth.booking = booking
        booth.save(update_fields=["booking", "updated_at"])
    return booking


# --- after the conference -------------------------------------------------------------------


def booth_report_file(*, booth, by, used: dict | None = None, photo=None, **fields):
    """File the booth's report once: consumables used come off the kit's stock (an item
    below its threshold then shows as needing reorder). ``used`` maps KitItem ids to
    quantities; ``photo`` is a ``community.uploads.ProcessedImage``."""
    from django.db.models import F

    from kits.models import BoothReport, BoothStatus, ConsumableUse, KitItem

    if booth.actor_for(by) is None:
        raise ActionRefused("Only the booth's lead can file its report.")
    if booth.status == BoothStatus.CANCELLED:
        raise ActionRefused("A cancelled booth has no report.")
    if booth.conference_starts > timezone.localdate():
        raise ActionRefused("The report is filed once the conference has begun.")
    used = {pk: qty for pk, qty in (used or {}).items() if qty}
    kit_id = booth.booking.kit_id if booth.booking_id else None
    with transaction.atomic():
        if BoothReport.objects.filter(booth=booth).exists():
            raise ActionRefused("This booth's report is already filed.")
        unit_costs = dict(
            KitItem.objects.filter(
                pk__in=used, kit_id=kit_id, unit_cost_usd__isnull=False
            ).values_list("pk", "unit_cost_usd")
        )
        costs = {pk: unit_costs[pk] * quantity for pk, quantity in used.items() if pk in unit_costs}
        if fields.get("consumables_cost_usd") is None and costs:
            # The lead's own figure wins; without one, the priced items count it.
            fields["consumables_cost_usd"] = sum(costs.values())
        report = BoothReport(booth=booth, filed_by=by, **fields)
        if photo is not None:
            report.photo.save(photo.image.name, photo.image, save=False)
            report.photo_thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
        report.save()
        for item_pk, quantity in used.items():
            # A conditional UPDATE: the stock never goes below zero, even with two reports
            # filed for two booths of one kit at once.
            taken = KitItem.objects.filter(
                pk=item_pk, kit_id=kit_id, is_consumable=True, quantity__gte=quantity
            ).update(quantity=F("quantity") - quantity)
            if not taken:
                item = KitItem.objects.filter(pk=item_pk, kit_id=kit_id).first()
                left = f"only {item.quantity} {item.name} are in stock" if item else "no such item"
                raise ActionRefused(f"Cannot take {quantity} off the stock: {left}.")
            ConsumableUse.objects.create(
                report=report, item_id=item_pk, quantity=quantity, cost_usd=costs.get(item_pk)
            )
    return report
