"""Admin pages scoped to what a volunteer may touch (kits by region, groups by region)."""

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
