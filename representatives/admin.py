from django import forms
from django.contrib import admin, messages
from django.db import models

from community.uploads import ImageUploadField
from community.workflow import ActionRefused
from representatives.models import (
    ApplicationStatus,
    ApplicationTransition,
    Milestone,
    Region,
    RegionCountry,
    Representative,
    RepresentativeApplication,
    UserGroup,
)
from representatives.services import (
    application_accept,
    application_decline,
    representative_activate,
)


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


@admin.register(UserGroup)
class UserGroupAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name",
        "city",
        "country",
        "region",
        "is_trusted",
        "has_feed",
        "last_import_status",
        "last_import_at",
    ]
    # "Trust proposed" is where calendar volunteers find what representatives vouch for.
    list_filter = ["is_trust_proposed", "is_trusted", "last_import_status", "region"]
    search_fields = ["name", "city", "ics_url"]
    prepopulated_fields = {"slug": ["name"]}
    # The region follows the country (UserGroup.save), so it is shown, never chosen.
    readonly_fields = ["region", "last_import_at", "last_import_status", "last_import_message"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "website", "city", "country", "region"]}),
        ("Event feed", {"fields": ["ics_url", "is_trust_proposed", "is_trusted"]}),
        (
            "Last feed import",
            {"fields": ["last_import_status", "last_import_at", "last_import_message"]},
        ),
    ]

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


class ApplicationDecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(
        choices=[("", "Not decided yet"), ("accept", "Accept"), ("decline", "Decline")],
        required=False,
        help_text="Accepting makes the applicant the region's active representative.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="Needed to decline: the applicant reads it in the e-mail.",
    )

    class Meta:
        model = RepresentativeApplication
        fields = []

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision and self.instance.status != ApplicationStatus.SUBMITTED:
            raise forms.ValidationError("This application has already been decided.")
        if decision == "decline" and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the application is declined: the applicant reads it.")
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
