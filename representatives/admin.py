from django import forms
from django.contrib import admin
from django.db import models

from community.uploads import ImageUploadField
from representatives.models import Milestone, Region, RegionCountry, Representative, UserGroup
from representatives.services import representative_activate


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
    list_filter = ["is_trusted", "last_import_status", "region"]
    search_fields = ["name", "city", "ics_url"]
    prepopulated_fields = {"slug": ["name"]}
    # The region follows the country (UserGroup.save), so it is shown, never chosen.
    readonly_fields = ["region", "last_import_at", "last_import_status", "last_import_message"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "website", "city", "country", "region"]}),
        ("Event feed", {"fields": ["ics_url", "is_trusted"]}),
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
