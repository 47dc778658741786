"""The admin of regions, representatives, applications, user groups, milestones and
activity reports.

A representative changes only their own regions' groups, milestones and reports: lists
and choices are scoped (``RegionScopedAdmin``) and another region's object answers 404.
Board members read every region's; calendar volunteers review and edit every group.
"""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from community.admin_scope import OutOfScopeIs404
from community.uploads import ImageUploadField
from community.workflow import ActionRefused
from representatives.forms import CountryField, SocialLinksField
from representatives.models import (
    GROUP_LANGUAGES,
    ActivityReport,
    ApplicationStatus,
    ApplicationTransition,
    GroupReview,
    Milestone,
    Region,
    RegionCountry,
    Representative,
    RepresentativeApplication,
    UserGroup,
    meetup_feed_url,
    reads_every_region,
    represented_regions,
)
from representatives.services import (
    application_accept,
    application_decline,
    group_approve,
    group_decline,
    representative_activate,
)


class RegionScopedAdmin(OutOfScopeIs404, admin.ModelAdmin):
    """Lists and choices limited to the regions the user represents, unless their role
    reads every region (board, calendar volunteers, superusers); the rest is a 404."""

    region_path = "region"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if reads_every_region(request.user):
            return queryset
        return queryset.filter(**{f"{self.region_path}__in": represented_regions(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region" and not reads_every_region(request.user):
            kwargs["queryset"] = represented_regions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RegionCountryInline(admin.TabularInline):
    model = RegionCountry
    extra = 1


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "position"]
    list_filter = ["status"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RegionCountryInline, MilestoneInline]


class DecisionForm(forms.ModelForm):
    """A reviewer's decision on a submission, in its admin page: accept it, or decline it
    with a reason that the person who sent it reads in the e-mail. ``save_model`` calls
    the workflow's service with the decision."""

    accept: tuple[str, str]  # the accepting choice: value and label
    accept_help = ""
    decided_thing = ""  # "group": the word in the missing-reason message
    reader = ""  # who reads the reason: "the applicant"

    decision = forms.ChoiceField(required=False)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            ("", "Not decided yet"),
            self.accept,
            ("decline", "Decline"),
        ]
        self.fields["decision"].help_text = self.accept_help
        self.fields[
            "reason"
        ].help_text = f"Needed to decline: {self.reader} reads it in the e-mail."

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason", "").strip():
            self.add_error(
                "reason", f"Say why the {self.decided_thing} is declined: {self.reader} reads it."
            )
        return data


class UserGroupAdminForm(DecisionForm):
    country = CountryField(required=False)
    languages = forms.MultipleChoiceField(
        choices=GROUP_LANGUAGES, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    social_links = SocialLinksField(required=False, help_text="One link a line.")
    accept = ("approve", "Approve")
    accept_help = "Approving lists the group in the directory."
    decided_thing = "group"
    reader = "the submitter"
    # Set by UserGroupAdmin.get_form: who is editing, for the region check.
    editor = None

    class Meta:
        model = UserGroup
        fields = [
            "name", "slug", "website", "city", "country", "languages", "meeting_frequency",
            "social_links", "contact_name", "contact_email", "status", "ics_url",
            "is_trust_proposed", "is_trusted",
        ]  # fmt: skip

    def clean_ics_url(self):
        return meetup_feed_url(self.cleaned_data["ics_url"])

    def clean(self):
        data = super().clean()
        if self.editor is not None and not reads_every_region(self.editor):
            region = Region.objects.for_country(data.get("country", ""))
            if region is None or not represented_regions(self.editor).filter(pk=region.pk).exists():
                self.add_error(
                    "country",
                    "You can list groups only in the countries of the regions you represent; "
                    "the calendar volunteers place groups elsewhere.",
                )
        return data

    def _post_clean(self):
        super()._post_clean()
        # The folded keys are not form fields, so the duplicate check is said here (with a
        # link) rather than left to the unique constraints.
        if self.errors.keys() & {"name", "city", "website"}:
            return
        if duplicate := self.instance.duplicates().first():
            self.add_error(
                None,
                format_html(
                    'The same group is already listed: <a href="{}">{}</a> ({}).',
                    reverse("admin:representatives_usergroup_change", args=[duplicate.pk]),
                    duplicate.name,
                    duplicate.location or "no place given",
                ),
            )


@admin.register(UserGroup)
class UserGroupAdmin(RegionScopedAdmin):
    form = UserGroupAdminForm
    list_display = [
        "name",
        "city",
        "country",
        "region",
        "status",
        "review_status",
        "last_activity_at",
        "is_trusted",
        "has_feed",
        "last_import_status",
    ]
    # "Waiting for review" is where reviewers start; "trust proposed" is where calendar
    # volunteers find what representatives vouch for.
    list_filter = [
        "review_status",
        "status",
        "is_trust_proposed",
        "is_trusted",
        "last_import_status",
        "region",
    ]
    list_select_related = ["region"]
    search_fields = ["name", "city", "ics_url"]
    prepopulated_fields = {"slug": ["name"]}
    # The region follows the country (UserGroup.save), so it is shown, never chosen.
    readonly_fields = [
        "region",
        "review_status",
        "submitted_by",
        "submitted_at",
        "last_activity_at",
        "last_import_at",
        "last_import_status",
        "last_import_message",
        "review_history",
    ]

    def get_fieldsets(self, request, obj=None):
        review = ["review_status", "submitted_by", "submitted_at", "review_history"]
        if obj is not None and obj.review_status == GroupReview.SUBMITTED:
            review += ["decision", "reason"]
        return [
            (None, {"fields": ["name", "slug", "website", "city", "country", "region"]}),
            ("Meetings", {"fields": ["languages", "meeting_frequency", "social_links"]}),
            ("Organiser (never public)", {"fields": ["contact_name", "contact_email"]}),
            ("Life", {"fields": ["status", "last_activity_at"]}),
            ("Review", {"fields": review}),
            ("Event feed", {"fields": ["ics_url", "is_trust_proposed", "is_trusted"]}),
            (
                "Last feed import",
                {"fields": ["last_import_status", "last_import_at", "last_import_message"]},
            ),
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        # A trusted group's feed publishes straight to the public calendar, so only the
        # calendar's moderators (and superusers) decide it, not every role that edits groups.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("representatives.trust_usergroup"):
            readonly.append("is_trusted")
        return readonly

    @admin.display(boolean=True, description="Feed")
    def has_feed(self, group):
        return bool(group.ics_url)

    @admin.display(description="history")
    def review_history(self, group):
        # Shown, not an inline: the history is written by the transitions only, and a
        # read-only inline would still ask every save for its formset's management data.
        rows = group.history.select_related("by") if group.pk else []
        return (
            format_html_join(
                "",
                "<div>{}: {} → {}{}{}</div>",
                (
                    (
                        f"{row.at:%Y-%m-%d %H:%M}",
                        GroupReview(row.from_status).label if row.from_status else "new",
                        GroupReview(row.to_status).label,
                        f" by {row.by}" if row.by else "",
                        f" ({row.reason})" if row.reason else "",
                    )
                    for row in rows
                ),
            )
            or "—"
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        decision = form.cleaned_data.get("decision")
        try:
            if decision == "approve":
                group_approve(group=obj, by=request.user)
            elif decision == "decline":
                group_decline(group=obj, by=request.user, reason=form.cleaned_data["reason"])
        except ActionRefused as exc:
            messages.error(request, str(exc))


class RepresentativeAdminForm(forms.ModelForm):
    photo_upload = ImageUploadField(label="Photo", required=False)

    class Meta:
        model = Representative
        fields = [
            "user",
            "region",
            "role_title",
            "term_start",
            "term_end",
            "status",
            "bio",
            "contact_label",
            "contact_url",
        ]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    form = RepresentativeAdminForm
    list_display = ["display_name", "region", "role_title", "status", "term_start", "term_end"]
    list_filter = ["status", "region"]
    list_select_related = ["user", "region"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        photo = form.cleaned_data.get("photo_upload")
        if photo is not None:
            obj.photo.save(photo.image.name, photo.image, save=False)
            obj.photo_thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
        super().save_model(request, obj, form, change)
        if obj.status == Representative.Status.ACTIVE:
            # The same service the applications use: an active representative has the role.
            representative_activate(representative=obj)


class ApplicationDecisionForm(DecisionForm):
    accept = ("accept", "Accept")
    accept_help = "Accepting makes the applicant the region's active representative."
    decided_thing = "application"
    reader = "the applicant"

    class Meta:
        model = RepresentativeApplication
        fields = []

    def clean(self):
        data = super().clean()
        if data.get("decision") and self.instance.status != ApplicationStatus.SUBMITTED:
            raise forms.ValidationError("This application has already been decided.")
        return data


class ApplicationTransitionInline(admin.TabularInline):
    model = ApplicationTransition
    extra = 0
    can_delete = False
    fields = ["from_status", "to_status", "by", "at", "reason"]
    readonly_fields = fields

    # The history is written by the transition, never through the inline.
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RepresentativeApplication)
class RepresentativeApplicationAdmin(admin.ModelAdmin):
    form = ApplicationDecisionForm
    list_display = ["applicant", "region", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "region"]
    list_select_related = ["applicant", "region"]
    search_fields = ["applicant__username", "applicant__first_name", "applicant__last_name"]
    readonly_fields = [
        "applicant",
        "region",
        "status",
        "submitted_at",
        "decided_at",
        "motivation",
        "community_involvement",
        "references",
        "representative",
    ]
    fieldsets = [
        (None, {"fields": readonly_fields}),
        ("Decision", {"fields": ["decision", "reason"]}),
    ]
    inlines = [ApplicationTransitionInline]

    def has_add_permission(self, request):
        return False  # members apply on the site, through application_submit

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        try:
            if decision == "accept":
                application_accept(application=obj, by=request.user)
            elif decision == "decline":
                application_decline(
                    application=obj, by=request.user, reason=form.cleaned_data["reason"]
                )
        except ActionRefused as exc:
            messages.error(request, str(exc))


@admin.register(Milestone)
class MilestoneAdmin(RegionScopedAdmin):
    list_display = ["happened_on", "title", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["title"]
    date_hierarchy = "happened_on"


class ActivityReportForm(forms.ModelForm):
    needs = forms.MultipleChoiceField(
        choices=ActivityReport._meta.get_field("needs").base_field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="What the region needs from the PSF; say which below.",
    )

    class Meta:
        model = ActivityReport
        fields = [
            "representative",
            "year",
            "quarter",
            "summary",
            "groups_contacted",
            "events_attended",
            "needs",
            "needs_detail",
        ]


@admin.register(ActivityReport)
class ActivityReportAdmin(RegionScopedAdmin):
    """Representatives file a report a quarter; the board reads every region's."""

    form = ActivityReportForm
    region_path = "representative__region"
    list_display = ["period", "region", "representative", "updated_at"]
    list_filter = ["year", "quarter", "representative__region"]
    list_select_related = ["representative__user", "representative__region"]
    search_fields = ["summary", "events_attended"]
    autocomplete_fields = ["groups_contacted"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description="period", ordering="year")
    def period(self, report):
        return report.period

    @admin.display(description="region", ordering="representative__region")
    def region(self, report):
        return report.representative.region

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # The author stays the author; a co-representative may still edit the text.
            readonly.append("representative")
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "representative":
            terms = Representative.objects.active().select_related("user", "region")
            if not request.user.is_superuser:
                terms = terms.filter(user=request.user)
            kwargs["queryset"] = terms
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups_contacted":
            kwargs["queryset"] = UserGroup.objects.editable_by(request.user).public()
        return super().formfield_for_manytomany(db_field, request, **kwargs)
