"""Where kit managers keep kits, shipments, rates and transit times.

Every list and every form choice is scoped to the kits the volunteer manages
(``Kit.objects.managed_by``); an object outside that scope answers 404, never the
admin's "perhaps it was deleted" redirect. Treasurers read everything here and change
only exchange rates.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from community.admin_scope import LinkedRowsInline, OutOfScopeIs404, attach_inline
from community.uploads import ImageUploadField
from kits import services
from kits.models import (
    Booking,
    BookingTransition,
    Booth,
    BoothTransition,
    ChecklistItem,
    ExchangeRate,
    Kit,
    KitItem,
    RegionKitManager,
    Shift,
    Shipment,
    ShipmentAttachment,
    ShippingTime,
    reads_all_kits,
)
from kits.uploads import AttachmentField
from representatives.admin import ActivityReportAdmin
from representatives.models import Region


class ScopedAdmin(OutOfScopeIs404, admin.ModelAdmin):
    """Lists and choices limited to the kits the user manages; the rest is 404."""

    kit_path = "kit__"

    def scope(self, request, queryset):
        if reads_all_kits(request.user):
            return queryset
        return queryset.managed_by(request.user)

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or request.user.is_superuser or self._manages(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def _manages(self, request, obj):
        kit = obj if isinstance(obj, Kit) else obj.kit
        return kit.is_managed_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        if db_field.name == "kit":
            kwargs["queryset"] = Kit.objects.managed_by(user)
        elif db_field.name == "booking":
            kwargs["queryset"] = Booking.objects.managed_by(user).select_related("kit")
        elif db_field.name == "region" and not user.is_superuser:
            kwargs["queryset"] = Region.objects.filter(kit_managers__user=user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class KitItemInline(admin.TabularInline):
    model = KitItem
    extra = 1
    fields = [
        "name",
        "quantity",
        "condition",
        "is_consumable",
        "reorder_threshold",
        "unit_cost_usd",
        "notes",
    ]


class KitAdminForm(forms.ModelForm):
    photo_upload = ImageUploadField(label="Photo", required=False)

    class Meta:
        model = Kit
        fields = [
            "name",
            "slug",
            "kind",
            "region",
            "description",
            "home_city",
            "home_country",
            "home_address",
            "managers",
            "produced_city",
            "produced_country",
            "produced_on",
            "production_cost",
            "production_currency",
            "is_in_repair",
            "retired_on",
        ]


@admin.register(Kit)
class KitAdmin(ScopedAdmin):
    form = KitAdminForm
    list_display = ["name", "kind", "region", "status_label", "home_location"]
    list_filter = ["kind", "region", "is_in_repair"]
    search_fields = ["name", "home_city"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["managers"]
    inlines = [KitItemInline]
    list_select_related = ["region"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status_data()

    @admin.display(description="status")
    def status_label(self, kit):
        return kit.status_label

    def save_model(self, request, obj, form, change):
        photo = form.cleaned_data.get("photo_upload")
        if photo is not None:
            obj.photo.save(photo.image.name, photo.image, save=False)
            obj.photo_thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and (
            request.user.is_superuser or request.user.kit_regions.exists()
        )


class BookingTransitionInline(admin.TabularInline):
    model = BookingTransition
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(ScopedAdmin):
    """Bookings are decided on the site (``/kits/bookings/<id>/``); here they are read."""

    list_display = [
        "conference_name",
        "kit",
        "status",
        "arrive_by",
        "leave_on",
        "return_overdue",
        "requester",
    ]
    list_filter = ["status", "kit__region"]
    search_fields = ["conference_name", "conference_city", "requester__email"]
    list_select_related = ["kit", "requester"]
    inlines = [BookingTransitionInline]
    readonly_fields = [
        "kit",
        "requester",
        "event",
        "status",
        "blocked_period",
        "outbound_days",
        "return_days",
        "decided_by",
    ]
    fields = [
        "kit",
        "requester",
        "status",
        "event",
        "conference_name",
        "conference_city",
        "conference_country",
        "conference_starts",
        "conference_ends",
        "arrive_by",
        "leave_on",
        "outbound_days",
        "return_days",
        "blocked_period",
        "shipping_address",
        "contact_name",
        "contact_email",
        "contact_phone",
        "note",
        "decided_by",
    ]

    @admin.display(description="return overdue", boolean=True)
    def return_overdue(self, booking):
        return booking.is_return_overdue

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Dates and status change through the workflow on the site, never by typing here.
        return False


class AttachmentInlineForm(forms.ModelForm):
    upload = AttachmentField(label="File", required=False)

    class Meta:
        model = ShipmentAttachment
        fields = ["kind"]

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("upload") and self.has_changed():
            raise ValidationError("Choose the file to attach.")
        return cleaned


class AttachmentInline(admin.TabularInline):
    model = ShipmentAttachment
    form = AttachmentInlineForm
    extra = 1
    fields = ["kind", "upload", "download"]
    readonly_fields = ["download"]

    @admin.display(description="download")
    def download(self, attachment):
        if not attachment.pk:
            return ""
        return format_html(
            '<a href="{}">{}</a> ({} KB)',
            attachment.get_absolute_url(),
            attachment.original_name,
            attachment.size // 1024,
        )


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


@admin.register(Shipment)
class ShipmentAdmin(ScopedAdmin):
    list_display = [
        "kit",
        "purpose",
        "route",
        "carrier_label",
        "status",
        "shipped_on",
        "expected_on",
        "overdue_flag",
        "cost",
        "currency",
        "cost_usd",
    ]
    list_filter = [OverdueFilter, "status", "carrier", "purpose", "kit__region"]
    search_fields = ["tracking_number", "kit__name", "carnet_number"]
    list_select_related = ["kit"]
    date_hierarchy = "shipped_on"
    inlines = [AttachmentInline]
    readonly_fields = ["usd_rate", "rate_date", "cost_usd", "customs_fees_usd", "logged_by"]
    fieldsets = [
        (None, {"fields": ["kit", "booking", "purpose", "status"]}),
        ("Route", {"fields": ["from_address", "from_country", "to_address", "to_country"]}),
        (
            "Carrier",
            {
                "fields": [
                    "carrier",
                    "carrier_name",
                    "tracking_number",
                    "shipped_on",
                    "expected_on",
                    "delivered_on",
                ]
            },
        ),
        (
            "Cost",
            {
                "fields": [
                    "cost",
                    "currency",
                    "customs_fees",
                    "usd_rate",
                    "rate_date",
                    "cost_usd",
                    "customs_fees_usd",
                ]
            },
        ),
        ("Customs", {"fields": ["carnet_number", "declared_value", "customs_notes"]}),
        (None, {"fields": ["logged_by"]}),
    ]

    @admin.display(description="overdue", boolean=True)
    def overdue_flag(self, shipment):
        return shipment.is_overdue

    def save_model(self, request, obj, form, change):
        # The form's choices are already scoped; the service checks again and prices it.
        services.shipment_log(shipment=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ShipmentAttachment:
            return super().save_formset(request, form, formset, change)
        # Attachments are written by the service from the checked upload; the admin's
        # change message reads these three lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            checked = inline_form.cleaned_data.get("upload") if inline_form.is_valid() else None
            if checked is not None:
                attachment = services.attachment_add(
                    shipment=form.instance,
                    by=request.user,
                    checked=checked,
                    kind=inline_form.cleaned_data.get("kind") or ShipmentAttachment.Kind.RECEIPT,
                )
                formset.new_objects.append(attachment)
        return None


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["on", "currency", "usd_per_unit", "source"]
    list_filter = ["currency"]
    date_hierarchy = "on"
    search_fields = ["currency"]


@admin.register(ShippingTime)
class ShippingTimeAdmin(admin.ModelAdmin):
    list_display = ["origin", "destination", "days"]
    list_editable = ["days"]
    list_select_related = ["origin", "destination"]


@admin.register(RegionKitManager)
class RegionKitManagerAdmin(admin.ModelAdmin):
    list_display = ["user", "region"]
    list_filter = ["region"]
    autocomplete_fields = ["user"]


# --- booths ---------------------------------------------------------------------------------


class BoothTransitionInline(admin.TabularInline):
    model = BoothTransition
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    fields = ["position", "label", "done_at", "done_by"]
    readonly_fields = ["done_at", "done_by"]
    extra = 0


@admin.register(Booth)
class BoothAdmin(OutOfScopeIs404, admin.ModelAdmin):
    """Booths are run on the site (``/kits/booths/<id>/manage/``); here kit managers read
    the booths that use their kits and the board reads all. Status moves only through the
    workflow."""

    list_display = ["conference_name", "conference_starts", "status", "lead", "booking"]
    list_filter = ["status"]
    search_fields = ["conference_name", "conference_city", "lead__email"]
    list_select_related = ["lead", "booking__kit"]
    date_hierarchy = None
    readonly_fields = ["status", "lead", "booking", "event"]
    inlines = [ChecklistItemInline, BoothTransitionInline]

    def get_queryset(self, request):
        return Booth.objects.readable_by(request.user)

    def has_add_permission(self, request):
        # A booth starts on the site, where its lead and checklist are set up by the service.
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Shift)
class ShiftAdmin(OutOfScopeIs404, admin.ModelAdmin):
    list_display = ["booth", "starts_at", "ends_at", "capacity_min", "capacity_max", "skill"]
    list_select_related = ["booth"]
    search_fields = ["booth__conference_name"]
    readonly_fields = ["booth"]

    def get_queryset(self, request):
        return Shift.objects.filter(booth__in=Booth.objects.readable_by(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


class KitRequestsOfReportInline(LinkedRowsInline):
    model = Booking
    fk_name = "activity_report"
    verbose_name = "kit request made for this report"
    verbose_name_plural = "kit requests made for this report"
    fields = ["conference_name", "kit", "status", "arrive_by", "leave_on"]
    related = ["kit"]


attach_inline(ActivityReportAdmin, KitRequestsOfReportInline)
