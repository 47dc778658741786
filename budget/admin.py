"""Where treasurers enter the budget: lines, amendments, expenses, commitments, sponsorships.

Every save goes through ``budget.services`` (the same functions the kits receiver and
the seed call), so the audit trail, the closed-year refusal, the stale-edit refusal and
the alerts apply here too. The audit trail itself is read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from budget import services
from budget.models import (
    Amendment,
    BudgetLine,
    Commitment,
    ConferenceSupport,
    Expense,
    FiscalYear,
    FiscalYearTransition,
    LineAlert,
    MoneyChange,
    YearStatus,
)
from community.admin_scope import LinkedRowsInline, attach_inline
from community.workflow import ActionRefused
from kits.uploads import AttachmentField
from representatives.admin import ActivityReportAdmin


class VersionedForm(forms.ModelForm):
    """Carries the version the editor loaded, so a save over someone else's is refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            stored = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned.get("loaded_version") != stored:
                raise ValidationError(
                    services.STALE_MESSAGE.format(noun=self.instance._meta.verbose_name)
                )
        return cleaned


class VersionedAdmin(admin.ModelAdmin):
    """Saves through the services; a refusal re-renders nothing lost and says why."""

    def save_model(self, request, obj, form, change):
        expected = form.cleaned_data.get("loaded_version") if change else None
        services.row_save(obj=obj, by=request.user, expected_version=expected)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ActionRefused as exc:
            # Lost the race between the form's check and the locked save.
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def history_rows(self, obj):
        if not obj or not obj.pk:
            return MoneyChange.objects.none()
        return MoneyChange.objects.filter(model=obj._meta.model_name, object_id=obj.pk)

    @admin.display(description="Audit history")
    def audit_history(self, obj):
        from django.utils.html import format_html_join

        rows = self.history_rows(obj).select_related("by")[:50]
        return (
            format_html_join(
                "\n",
                "<div>{} · {} · {}: “{}” → “{}”</div>",
                (
                    (
                        r.at.strftime("%Y-%m-%d %H:%M"),
                        r.by or "automatic",
                        r.field,
                        r.before,
                        r.after,
                    )
                    for r in rows
                ),
            )
            or "—"
        )


class FiscalYearForm(forms.ModelForm):
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to reopen a closed year; kept in the year's history.",
    )
    new_status = forms.ChoiceField(
        choices=[("", "keep as it is"), *YearStatus.choices], required=False, label="Change to"
    )

    class Meta:
        model = FiscalYear
        fields = ["year", "starts_on", "ends_on"]

    def clean(self):
        cleaned = super().clean()
        to, reason = cleaned.get("new_status"), (cleaned.get("reason") or "").strip()
        if to == YearStatus.OPEN and self.instance.status == YearStatus.CLOSED and not reason:
            self.add_error("reason", "Say why the year is reopened; the reason is kept with it.")
        return cleaned


class FiscalYearTransitionInline(admin.TabularInline):
    model = FiscalYearTransition
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    form = FiscalYearForm
    list_display = ["__str__", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    readonly_fields = ["status"]
    inlines = [FiscalYearTransitionInline]

    def save_model(self, request, obj, form, change):
        obj.save()
        to = form.cleaned_data.get("new_status")
        if to and to != obj.status:
            try:
                obj.transition(
                    to,
                    by=request.user,
                    actor="treasurer",
                    reason=form.cleaned_data.get("reason", ""),
                )
            except ActionRefused as exc:
                self.message_user(request, str(exc), messages.ERROR)


class AmendmentInline(admin.TabularInline):
    model = Amendment
    extra = 0
    can_delete = False
    fields = ["resolved_on", "amount_usd", "resolution", "reason"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BudgetLine)
class BudgetLineAdmin(VersionedAdmin):
    form = VersionedForm
    list_display = ["name", "fiscal_year", "category", "region", "approved_usd", "resolved_on"]
    list_filter = ["fiscal_year", "category", "region"]
    search_fields = ["name", "resolution", "notes"]
    list_select_related = ["fiscal_year", "region"]
    readonly_fields = ["audit_history"]
    inlines = [AmendmentInline]


@admin.register(Amendment)
class AmendmentAdmin(VersionedAdmin):
    form = VersionedForm
    list_display = ["line", "amount_usd", "resolved_on", "resolution"]
    list_filter = ["line__fiscal_year"]
    search_fields = ["line__name", "reason", "resolution"]
    autocomplete_fields = ["line"]
    list_select_related = ["line__fiscal_year"]
    readonly_fields = ["audit_history"]


@admin.register(Commitment)
class CommitmentAdmin(VersionedAdmin):
    form = VersionedForm
    actions = ["pay_today"]

    @admin.action(description="Paid today in full (records the expense)")
    def pay_today(self, request, queryset):
        from django.utils import timezone

        from community.workflow import apply_to_each

        done, refused = apply_to_each(
            queryset,
            lambda c: services.commitment_pay(
                commitment=c, by=request.user, spent_on=timezone.localdate(), amount=c.amount_usd
            ),
        )
        if done:
            self.message_user(request, f"{done} paid; their expenses are recorded.")
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    list_display = ["payee", "line", "amount_usd", "due_on", "status"]
    list_filter = ["status", "line__fiscal_year"]
    search_fields = ["payee", "description", "line__name"]
    autocomplete_fields = ["line"]
    list_select_related = ["line__fiscal_year"]
    readonly_fields = ["audit_history"]


class ExpenseForm(VersionedForm):
    # A plain file input: the stored receipt has no public URL to show (it is linked
    # beside the form through the permission-checked download instead).
    receipt = AttachmentField(
        required=False,
        widget=forms.FileInput,
        help_text="A PDF or an image, 10 MB at most. A new file replaces the stored one.",
    )

    class Meta:
        model = Expense
        fields = [
            "line",
            "spent_on",
            "amount",
            "currency",
            "payee",
            "description",
            "commitment",
            "receipt",
        ]

    def clean_receipt(self):
        checked = self.cleaned_data.get("receipt")
        if checked is None:
            return None  # no new file: the stored one stays
        checked.content.name = checked.stored_name
        return checked.content

    def clean(self):
        cleaned = super().clean()
        line, spent_on = cleaned.get("line"), cleaned.get("spent_on")
        if line and not line.fiscal_year.is_open:
            self.add_error(
                "line", f"{line.fiscal_year} is closed; a treasurer must reopen it first."
            )
        if (
            line
            and spent_on
            and not (line.fiscal_year.starts_on <= spent_on <= line.fiscal_year.ends_on)
        ):
            self.add_error("spent_on", f"The date is outside {line.fiscal_year}.")
        if spent_on and cleaned.get("currency"):
            try:
                services.usd_rate_on(currency=cleaned["currency"], day=spent_on)
            except ValidationError as exc:
                self.add_error("currency", exc)
        return cleaned


@admin.register(Expense)
class ExpenseAdmin(VersionedAdmin):
    form = ExpenseForm
    list_display = ["spent_on", "payee", "line", "amount", "currency", "usd_amount", "shipment"]
    list_filter = ["line__fiscal_year", "line__category", "currency"]
    search_fields = ["payee", "description", "line__name"]
    autocomplete_fields = ["line"]
    list_select_related = ["line__fiscal_year", "shipment"]
    date_hierarchy = "spent_on"
    readonly_fields = [
        "usd_rate",
        "usd_amount",
        "entered_by",
        "shipment",
        "stored_receipt",
        "audit_history",
    ]

    @admin.display(description="Stored receipt")
    def stored_receipt(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        if not obj or not obj.receipt:
            return "—"
        return format_html(
            '<a href="{}">Download</a>', reverse("budget:receipt-download", args=[obj.pk])
        )

    def delete_model(self, request, obj):
        services.expense_delete(expense=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for expense in queryset:
            services.expense_delete(expense=expense, by=request.user)

    def save_model(self, request, obj, form, change):
        expected = form.cleaned_data.get("loaded_version") if change else None
        services.expense_save(expense=obj, by=request.user, expected_version=expected)


@admin.register(ConferenceSupport)
class ConferenceSupportAdmin(VersionedAdmin):
    form = VersionedForm
    list_display = [
        "conference",
        "year",
        "kind",
        "level_or_purpose",
        "amount_usd",
        "status",
        "booth",
    ]
    list_filter = ["kind", "status", "year"]
    list_select_related = ["booth"]
    search_fields = ["conference", "level_or_purpose"]
    readonly_fields = ["audit_history"]
    raw_id_fields = ["event", "kit", "booth", "activity_report"]


@admin.register(MoneyChange)
class MoneyChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "model", "object_id", "field", "before", "after", "by"]
    list_filter = ["model", "field"]
    search_fields = ["before", "after", "by__username"]
    list_select_related = ["by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LineAlert)
class LineAlertAdmin(MoneyChangeAdmin):
    list_display = ["line", "level", "crossed_at"]
    list_filter = ["level"]
    search_fields = ["line__name"]
    list_select_related = ["line__fiscal_year"]


class SupportsOfReportInline(LinkedRowsInline):
    model = ConferenceSupport
    fk_name = "activity_report"
    verbose_name = "sponsorship or grant made for this report"
    verbose_name_plural = "sponsorships and grants made for this report"
    fields = ["conference", "year", "kind", "level_or_purpose", "amount_usd", "status"]


attach_inline(ActivityReportAdmin, SupportsOfReportInline)
