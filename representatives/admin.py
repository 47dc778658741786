from django.contrib import admin
from django.db import models

from representatives.models import Milestone, Region, RegionCountry, UserGroup


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
