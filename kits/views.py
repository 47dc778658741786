from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from community.http import cached_public_page
from community.workflow import ActionRefused
from kits import reports, services
from kits.forms import BookingRequestForm, DecisionForm, ProposeKitForm, ShipmentForm
from kits.models import (
    BOOKING_WORKFLOW,
    Actor,
    Booking,
    BookingStatus,
    Kit,
    KitItem,
    Shipment,
    ShipmentAttachment,
    reads_all_kits,
)
from representatives.models import Region

PAGE_SIZE = 25


def catalogue_kits():
    """Kits in service with what the catalogue shows: contents and status, in 4 queries."""
    return (
        Kit.objects.in_service()
        .select_related("region")
        .prefetch_related(
            Prefetch("items", queryset=KitItem.objects.order_by("-is_consumable", "name"))
        )
        .with_status_data()
        .defer("home_address", "production_cost", "production_currency")
    )


@cached_public_page("kits", "representatives")
def index(request):
    kits = list(catalogue_kits())
    regions = []
    for region in Region.objects.all():
        regions.append({"region": region, "kits": [k for k in kits if k.region_id == region.pk]})
    return render(request, "kits/index.html", {"regions": regions})


# "community": the page lists the marketing material the kit carries.
@cached_public_page("kits", "representatives", "community")
def kit_detail(request, slug):
    kit = get_object_or_404(catalogue_kits(), slug=slug)
    context = {"kit": kit, "timeline": kit.timeline()}
    if request.user.is_authenticated and services.can_read_history(request.user, kit):
        context.update(
            can_read_history=True,
            is_manager=kit.is_managed_by(request.user),
            bookings=kit.bookings.select_related("requester").order_by("-arrive_by")[:50],
            shipments=kit.shipments.order_by("-shipped_on", "-pk")[:50],
            last_delivery=kit.shipments.filter(status="delivered")
            .order_by("-delivered_on", "-pk")
            .first(),
            home_address=kit.home_address,
        )
    return render(request, "kits/kit_detail.html", context)


# --- booking requests -------------------------------------------------------------------


@verified_email_required
def booking_request(request):
    kit_options = []
    if request.method == "POST":
        form = BookingRequestForm(request.POST, user=request.user)
        form.is_valid()
        if form.dates_ready:
            kit_options = services.kits_for_dates(
                arrive_by=form.cleaned_data["arrive_by"],
                leave_on=form.cleaned_data["leave_on"],
                country=form.cleaned_data["conference_country"],
            )
        form = BookingRequestForm(request.POST, user=request.user, kit_options=kit_options)
        suggested = next((o for o in kit_options if o.is_free), None)
        if "send" in request.POST and form.is_valid():
            kit = form.cleaned_data["kit"]
            if kit is None:
                form.add_error("kit", "Choose one of the kits free for your dates.")
            else:
                booking = services.booking_request(
                    by=request.user, kit=kit, **form.booking_fields()
                )
                messages.success(request, "Your request is sent to the kit's managers.")
                return redirect("kits:booking-detail", pk=booking.pk)
        elif "send" not in request.POST and kit_options:
            # Checking the dates is not sending: show the kits, the suggestion chosen, and
            # no "required" errors for the parts not filled in yet.
            initial = request.POST.dict()
            if suggested and not initial.get("kit"):
                initial["kit"] = suggested.kit.pk
            form = BookingRequestForm(initial=initial, user=request.user, kit_options=kit_options)
    else:
        form = BookingRequestForm(
            user=request.user,
            initial={
                "contact_email": request.user.email,
                "contact_name": request.user.get_full_name(),
            },
        )
        suggested = None
    return render(
        request,
        "kits/request_form.html",
        {"form": form, "kit_options": kit_options, "suggested": suggested},
    )


@login_required
def my_requests(request):
    bookings = Booking.objects.requested_by(request.user).select_related("kit").order_by("-pk")
    page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "kits/my_requests.html", {"page": page})


@login_required
def booking_detail(request, pk):
    booking = services.get_booking_for_user(request.user, pk)
    is_manager = booking.kit.is_managed_by(request.user)
    targets = BOOKING_WORKFLOW.targets(booking.status, Actor.MANAGER) if is_manager else []
    context = {
        "booking": booking,
        "is_manager": is_manager,
        "is_requester": booking.requester_id == request.user.pk,
        "history": booking.history.select_related("by"),
        "shipments": booking.shipments.all(),
        "can_approve": BookingStatus.APPROVED in targets,
        "advance_to": [
            (to, BookingStatus(to).label)
            for to in targets
            if to
            not in (
                BookingStatus.APPROVED,
                BookingStatus.DECLINED,
                BookingStatus.REQUESTED,
                BookingStatus.CANCELLED,
            )
        ],
        "can_cancel": BookingStatus.CANCELLED in BOOKING_WORKFLOW.targets(booking.status),
        "decision_form": DecisionForm(),
        "propose_form": ProposeKitForm(user=request.user, exclude_kit=booking.kit)
        if is_manager and BookingStatus.REQUESTED in targets
        else None,
    }
    return render(request, "kits/booking_detail.html", context)


def _act(request, pk, action):
    booking = services.get_booking_for_manager(request.user, pk)
    try:
        action(booking)
    except ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("kits:booking-detail", pk=booking.pk)


@require_POST
@login_required
def booking_approve(request, pk):
    def approve(booking):
        services.booking_approve(booking=booking, by=request.user)
        messages.success(request, "Approved; the requester has been told.")

    return _act(request, pk, approve)


@require_POST
@login_required
def booking_decline(request, pk):
    form = DecisionForm(request.POST)
    form.is_valid()

    def decline(booking):
        services.booking_decline(
            booking=booking, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
        messages.success(request, "Declined; the reason was mailed to the requester.")

    return _act(request, pk, decline)


@require_POST
@login_required
def booking_propose(request, pk):
    def propose(booking):
        form = ProposeKitForm(request.POST, user=request.user, exclude_kit=booking.kit)
        if not form.is_valid():
            raise ActionRefused("Choose a kit you manage to propose.")
        services.booking_propose_kit(
            booking=booking,
            by=request.user,
            kit=form.cleaned_data["kit"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, "Proposed; the requester has been told.")

    return _act(request, pk, propose)


@require_POST
@login_required
def booking_advance(request, pk):
    to = request.POST.get("to", "")
    if to not in BookingStatus.values:
        raise PermissionDenied

    def advance(booking):
        services.booking_advance(booking=booking, by=request.user, to=to)
        messages.success(request, f"The booking is now “{BookingStatus(to).label}”.")

    return _act(request, pk, advance)


@require_POST
@login_required
def booking_cancel(request, pk):
    booking = services.get_booking_for_user(request.user, pk)
    try:
        services.booking_cancel(booking=booking, by=request.user)
        messages.success(request, "The booking is cancelled.")
    except ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("kits:booking-detail", pk=booking.pk)


# --- shipments (the phone form) ---------------------------------------------------------


def _shipment_form(request, shipment=None):
    if request.method == "POST":
        form = ShipmentForm(request.POST, request.FILES, instance=shipment, user=request.user)
        if form.is_valid():
            checked = form.cleaned_data.get("attachment")
            uploads = [{"checked": checked, "kind": "receipt"}] if checked else []
            try:
                saved = services.shipment_log(
                    shipment=form.instance, by=request.user, attachments=uploads
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                if saved.cost is not None and saved.cost_usd is None:
                    messages.warning(
                        request,
                        f"No {saved.currency} exchange rate is known for that date yet; the "
                        "USD value is filled in when one is imported.",
                    )
                messages.success(request, "Shipment saved.")
                return redirect("kits:kit-detail", slug=saved.kit.slug)
    else:
        initial = {}
        booking_id = request.GET.get("booking", "")
        if shipment is None and booking_id.isdigit():
            booking = Booking.objects.managed_by(request.user).filter(pk=booking_id).first()
            if booking is not None:
                initial = {
                    "kit": booking.kit_id,
                    "booking": booking.pk,
                    "to_address": booking.shipping_address,
                    "to_country": booking.conference_country,
                    "from_country": booking.kit.home_country,
                    "from_address": booking.kit.home_address,
                    "expected_on": booking.arrive_by,
                }
        form = ShipmentForm(instance=shipment, initial=initial, user=request.user)
    return render(request, "kits/shipment_form.html", {"form": form, "shipment": shipment})


@login_required
def shipment_new(request):
    if not services.manages_any_kit(request.user):
        raise PermissionDenied
    return _shipment_form(request)


@login_required
def shipment_edit(request, pk):
    return _shipment_form(request, services.get_shipment_for_manager(request.user, pk))


@require_GET
@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(ShipmentAttachment.objects.select_related("shipment"), pk=pk)
    services.get_shipment_for_reader(request.user, attachment.shipment_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- reports --------------------------------------------------------------------------


def _report_reader(request):
    if not (reads_all_kits(request.user) or services.manages_any_kit(request.user)):
        raise PermissionDenied
    today = timezone.localdate()
    form = reports.ShipmentFilter(request.GET or None, today=today)
    return form, form.filter(Shipment.objects.all()), today


@login_required
def report(request):
    form, shipments, today = _report_reader(request)
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    context = {"form": form, **reports.report(shipments, today=today, year=year)}
    context["query"] = request.GET.urlencode()
    return render(request, "kits/report.html", context)


class _Echo:
    def write(self, value):
        return value


@login_required
def report_csv(request):
    import csv

    _, shipments, today = _report_reader(request)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in reports.csv_rows(shipments)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="kit-shipments-{today}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- booths and shifts ------------------------------------------------------------------------


def _booth_shifts(booth):
    """The booth's shifts with their fill counts and the first names volunteers chose to show."""
    from kits.models import ShiftSignup

    return booth.shifts.with_filled().prefetch_related(
        Prefetch(
            "signups",
            queryset=ShiftSignup.objects.filter(shows_first_name=True)
            .select_related("volunteer")
            .only("shift_id", "volunteer__first_name"),
            to_attr="public_signups",
        )
    )


def coverage_grid(booth, shifts) -> dict:
    """Days as columns, time slots (local start to end) as rows, shifts in the cells."""
    zone = booth.zone
    days, slots, cells = [], [], {}
    for shift in shifts:
        start = timezone.localtime(shift.starts_at, zone)
        end = timezone.localtime(shift.ends_at, zone)
        day, slot = start.date(), f"{start:%H:%M}\u2013{end:%H:%M}"
        if day not in days:
            days.append(day)
        if slot not in slots:
            slots.append(slot)
        cells.setdefault((slot, day), []).append(shift)
    days.sort()
    slots.sort()
    return {
        "days": days,
        "rows": [(slot, [cells.get((slot, day), []) for day in days]) for slot in slots],
    }


# Anonymous readers share one copy until a kits row changes (sign-ups included).
@cached_public_page("kits")
def booth_list(request):
    """Upcoming PSF booths with their open places: the public call for help."""
    from kits.models import Booth

    booths = Booth.objects.upcoming().with_coverage().order_by("conference_starts", "pk")
    page = Paginator(booths, PAGE_SIZE).get_page(request.GET.get("page"))
    running = []
    if request.user.is_authenticated:
        running = (
            Booth.objects.managed_by(request.user)
            .exclude(status__in=["done", "cancelled"])
            .only("pk", "conference_name", "conference_starts", "status")
            .order_by("conference_starts")[:20]
        )
    return render(request, "kits/booth_list.html", {"page": page, "running": running})


@cached_public_page("kits")
def booth_detail(request, pk):
    """A booth's public page: shifts with counts and opted-in first names only."""
    from kits.models import Booth, ShiftSignup, ShiftWaiting

    booth = get_object_or_404(
        Booth.objects.exclude(status="cancelled").with_coverage().select_related("booking__kit"),
        pk=pk,
    )
    shifts = list(_booth_shifts(booth))
    mine, waiting = set(), set()
    if request.user.is_authenticated:
        mine = set(
            ShiftSignup.objects.filter(volunteer=request.user, shift__booth=booth).values_list(
                "shift_id", flat=True
            )
        )
        waiting = set(
            ShiftWaiting.objects.filter(volunteer=request.user, shift__booth=booth).values_list(
                "shift_id", flat=True
            )
        )
    context = {
        "booth": booth,
        "shifts": shifts,
        "grid": coverage_grid(booth, shifts),
        "mine": mine,
        "waiting": waiting,
        "can_manage": booth.actor_for(request.user) is not None,
        "now": timezone.now(),
    }
    return render(request, "kits/booth_detail.html", context)


@verified_email_required
def booth_new(request):
    from kits.forms import BoothForm

    form = BoothForm(request.POST or None, initial={"timezone": "UTC"})
    if request.method == "POST" and form.is_valid():
        try:
            booth = services.booth_plan(by=request.user, **form.booth_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Booth planned. Add shifts and tick the checklist as you go.")
            return redirect("kits:booth-manage", pk=booth.pk)
    return render(request, "kits/booth_form.html", {"form": form, "booth": None})


@login_required
def booth_edit(request, pk):
    from kits.forms import BoothForm

    booth = services.get_booth_for_manager(request.user, pk)
    form = BoothForm(request.POST or None, instance=booth)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Booth saved.")
        return redirect("kits:booth-manage", pk=booth.pk)
    return render(request, "kits/booth_form.html", {"form": form, "booth": booth})


@login_required
def booth_manage(request, pk):
    """The lead's page (and the kit managers', read-only for the board)."""
    return _booth_manage_page(request, services.get_booth_for_reader(request.user, pk))


def _booth_manage_page(request, booth, *, shift_form=None, generate_form=None):
    from kits.forms import ShiftForm, ShiftGenerateForm
    from kits.models import BOOTH_WORKFLOW, BoothStatus

    actor = booth.actor_for(request.user)
    shifts = list(_booth_shifts(booth))
    context = {
        "booth": booth,
        "can_manage": actor is not None,
        "moves": [(to, BoothStatus(to).label) for to in BOOTH_WORKFLOW.targets(booth.status, actor)]
        if actor
        else [],
        "checklist": booth.checklist.all(),
        "history": booth.history.select_related("by"),
        "shifts": shifts,
        "grid": coverage_grid(booth, shifts),
        "attendance": _attendance_rows(booth) if actor else [],
        "shift_form": shift_form or ShiftForm(),
        "generate_form": generate_form or ShiftGenerateForm(),
    }
    return render(request, "kits/booth_manage.html", context)


def _attendance_rows(booth):
    """Sign-ups of the booth's started shifts, for the lead to mark came / no-show."""
    from kits.models import ShiftSignup

    return (
        ShiftSignup.objects.filter(shift__booth=booth, shift__starts_at__lte=timezone.now())
        .select_related("shift", "volunteer")
        .order_by("period", "pk")[:200]
    )


def _booth_action(request, pk, action, success: str):
    booth = services.get_booth_for_manager(request.user, pk)
    try:
        action(booth)
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("kits:booth-manage", pk=booth.pk)


@require_POST
@login_required
def booth_move(request, pk):
    from kits.models import BoothStatus

    to = request.POST.get("to", "")
    if to not in BoothStatus.values:
        raise PermissionDenied
    reason = request.POST.get("reason", "")[:1000]
    return _booth_action(
        request,
        pk,
        lambda booth: services.booth_move(booth=booth, by=request.user, to=to, reason=reason),
        f"The booth is now “{BoothStatus(to).label}”.",
    )


@require_POST
@login_required
def checklist_tick(request, pk, item_pk):
    def tick(booth):
        item = get_object_or_404(booth.checklist, pk=item_pk)
        services.checklist_tick(item=item, by=request.user, done=request.POST.get("done") == "1")

    return _booth_action(request, pk, tick, "Checklist updated.")


@require_POST
@login_required
def checklist_add(request, pk):
    return _booth_action(
        request,
        pk,
        lambda booth: services.checklist_add(
            booth=booth, by=request.user, label=request.POST.get("label", "")
        ),
        "Added to the checklist.",
    )


def _booth_form_action(request, pk, form_name: str, form, service, success: str):
    """A form of the lead's page: done and back to the page, or the page again with the
    form as it was sent and its errors, the service's refusal among them."""
    booth = services.get_booth_for_manager(request.user, pk)
    if form.is_valid():
        try:
            service(booth=booth, by=request.user, **form.cleaned_data)
        except ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return redirect("kits:booth-manage", pk=booth.pk)
    return _booth_manage_page(request, booth, **{form_name: form})


@require_POST
@login_required
def shift_new(request, pk):
    from kits.forms import ShiftForm

    return _booth_form_action(
        request, pk, "shift_form", ShiftForm(request.POST), services.shift_create, "Shift added."
    )


@require_POST
@login_required
def shift_generate(request, pk):
    from kits.forms import ShiftGenerateForm

    return _booth_form_action(
        request,
        pk,
        "generate_form",
        ShiftGenerateForm(request.POST),
        services.shift_generate,
        "Shifts generated from the conference days.",
    )


def _shift_action(request, shift_pk, action, success: str):
    from kits.models import Shift

    shift = get_object_or_404(Shift.objects.select_related("booth"), pk=shift_pk)
    try:
        action(shift)
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("kits:booth-detail", pk=shift.booth_id)


@require_POST
@verified_email_required
def shift_signup(request, shift_pk):
    return _shift_action(
        request,
        shift_pk,
        lambda shift: services.shift_signup(
            shift=shift, by=request.user, shows_first_name=request.POST.get("show_name") == "1"
        ),
        "You are on this shift. Thank you! It is in “My shifts”.",
    )


@require_POST
@login_required
def shift_drop(request, shift_pk):
    return _shift_action(
        request,
        shift_pk,
        lambda shift: services.shift_drop(shift=shift, by=request.user),
        "You have dropped the shift.",
    )


@require_POST
@verified_email_required
def shift_wait(request, shift_pk):
    return _shift_action(
        request,
        shift_pk,
        lambda shift: services.shift_wait(shift=shift, by=request.user),
        "You are on the waiting list; we mail you if a place opens.",
    )


@login_required
def my_shifts(request):
    from kits.models import ShiftSignup

    signups = (
        ShiftSignup.objects.filter(volunteer=request.user)
        .select_related("shift__booth__lead")
        .order_by("period")
    )
    page = Paginator(signups, PAGE_SIZE).get_page(request.GET.get("page"))
    feed_url = request.build_absolute_uri(
        services.shift_feed_token_for(request.user).get_absolute_url()
    )
    return render(
        request,
        "kits/my_shifts.html",
        {"page": page, "now": timezone.now(), "feed_url": feed_url},
    )


@require_GET
def shift_feed(request, token):
    """The private calendar of one volunteer's shifts: the token in the URL is the key."""
    from django.http import Http404, HttpResponse

    from kits.models import ShiftFeedToken

    found = ShiftFeedToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404("No such calendar")
    response = HttpResponse(
        services.shift_feed_ics(found.user), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@login_required
def shift_feed_reset(request):
    services.shift_feed_token_reset(user=request.user)
    messages.success(request, "Your calendar address is new; the old one no longer works.")
    return redirect("kits:my-shifts")


@require_POST
@login_required
def signup_attendance(request, signup_pk):
    from kits.models import Booth, ShiftSignup

    signup = get_object_or_404(
        ShiftSignup.objects.select_related("shift__booth__booking__kit").filter(
            shift__booth__in=Booth.objects.managed_by(request.user)
        ),
        pk=signup_pk,
    )
    try:
        services.signup_mark_attendance(
            signup=signup, by=request.user, attended=request.POST.get("attended") == "1"
        )
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Attendance saved.")
    return redirect("kits:booth-manage", pk=signup.shift.booth_id)


@login_required
def booth_kit(request, pk):
    """Kits free for the booth's dates, cheapest expected shipping first; pick one to book."""
    from datetime import timedelta

    from kits.forms import BoothKitForm
    from kits.models import Kit

    booth = services.get_booth_for_manager(request.user, pk)
    initial = {
        "arrive_by": booth.conference_starts - timedelta(days=2),
        "leave_on": booth.conference_ends + timedelta(days=1),
    }
    form = BoothKitForm(request.POST or request.GET or None, initial=initial)
    if not form.is_bound:
        form = BoothKitForm(initial)
    options = []
    if form.is_valid():
        options = services.booth_kit_options(
            booth=booth,
            arrive_by=form.cleaned_data["arrive_by"],
            leave_on=form.cleaned_data["leave_on"],
        )
        if request.method == "POST":
            kit = Kit.objects.filter(pk=request.POST.get("kit", "")[:12] or 0).first()
            if kit is None:
                form.add_error(None, "Choose one of the kits listed.")
            elif not form.cleaned_data["shipping_address"].strip():
                form.add_error("shipping_address", "Say where to send the kit.")
            else:
                try:
                    services.booth_kit_book(
                        booth=booth, by=request.user, kit=kit, **form.cleaned_data
                    )
                except ActionRefused as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, f"{kit} is requested for the booth.")
                    return redirect("kits:booth-manage", pk=booth.pk)
    return render(
        request, "kits/booth_kit.html", {"booth": booth, "form": form, "options": options}
    )


@login_required
def booth_report(request, pk):
    """File the report (lead, kit managers) or read it with the booth's cost (also the board)."""
    from kits.forms import BoothReportForm
    from kits.models import Booth, BoothReport, KitItem, cost_per_visitor

    booth = services.get_booth_for_reader(request.user, pk)
    report = BoothReport.objects.filter(booth=booth).prefetch_related("consumables__item").first()
    form = None
    if report is None and booth.actor_for(request.user) is not None:
        items = (
            KitItem.objects.filter(kit_id=booth.booking.kit_id, is_consumable=True)
            if booth.booking_id
            else KitItem.objects.none()
        )
        form = BoothReportForm(request.POST or None, request.FILES or None, items=items)
        if request.method == "POST" and form.is_valid():
            try:
                services.booth_report_file(
                    booth=booth,
                    by=request.user,
                    used=form.used(),
                    photo=form.cleaned_data.get("photo_upload"),
                    **form.report_fields(),
                )
            except ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Report filed; the kit's stock is updated.")
                return redirect("kits:booth-report", pk=booth.pk)
    costs = Booth.objects.filter(pk=booth.pk).costs().first()
    context = {
        "booth": booth,
        "report": report,
        "form": form,
        "costs": costs,
        "cost_per_visitor": cost_per_visitor(costs) if costs else None,
        "reorder": [u.item for u in report.consumables.all() if u.item.needs_reorder]
        if report
        else [],
    }
    return render(request, "kits/booth_report.html", context)
