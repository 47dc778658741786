"""What spans kits, bookings, shipments and mail. Keyword-only, named ``<noun>_<verb>``."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

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


def get_kit_for_manager(user, pk) -> Kit:
    """The kit ``pk`` if ``user`` manages it; 404 otherwise (its existence is not revealed)."""
    try:
        return Kit.objects.managed_by(user).get(pk=pk)
    except Kit.DoesNotExist:
        raise Http404("No such kit") from None


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
    from kits.models import blocked_period

    destination = region_for_country(country)
    table = ShippingTime.table()
    kits = list(Kit.objects.in_service().filter(is_in_repair=False).select_related("region"))
    blocking = list(
        Booking.objects.blocking()
        .filter(kit__in=kits, blocked_period__endswith__gt=timezone.localdate())
        .select_related("kit")
    )
    options = []
    for kit in kits:
        out = ShippingTime.days_between(table, kit.region_id, destination and destination.pk)
        back = (
            ShippingTime.days_between(table, destination.pk, kit.region_id) if destination else out
        )
        period = blocked_period(arrive_by, leave_on, out, back)
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
