"""Admin pages scoped to what a volunteer may touch (kits by region, groups by region)."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.http import Http404


class OutOfScopeIs404:
    """For an admin whose queryset is scoped to the user: an object outside it is a 404.

    Someone who may use the page but not on this object gets no "perhaps deleted" redirect
    that confirms the id exists. Others get the admin's own 403.
    """

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and object_id and self.has_view_or_change_permission(request):
            raise Http404(f"No such {self.model._meta.verbose_name} among those you may read.")
        return obj


class ShownNotPosted(BaseInlineFormSet):
    """An inline's rows as the page shows them, bound to nothing that is posted: saving
    the page around them neither needs their management form nor changes them."""

    def __init__(self, data=None, files=None, *args, **kwargs):
        super().__init__(None, None, *args, **kwargs)

    def is_valid(self):
        return True

    def save(self, commit=True):
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        return []


class LinkedRowsInline(admin.TabularInline):
    """Rows of a higher floor's app that name the object on the page, read only: a kit
    request or a grant that a representative's activity report asked for, shown on the
    report. The higher app attaches it (``attach_inline``), so the lower app imports
    nothing of it. Whoever may open the page (its admin scopes who) reads them."""

    formset = ShownNotPosted
    extra = 0
    can_delete = False
    show_change_link = False
    related = ()

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        # Not super(): Django empties an inline's rows unless the user may view the model
        # in general; these rows are read with the page they are on (the formset keeps
        # those that name its object).
        return self.model._default_manager.select_related(*self.related)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return obj is not None


def attach_inline(model_admin_class, inline) -> None:
    """Adds ``inline`` to a lower app's admin class, from the app above it."""
    model_admin_class.inlines = [*model_admin_class.inlines, inline]
