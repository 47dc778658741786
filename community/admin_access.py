"""Whether the admin has work for a signed-in user, derived from what it offers them.

A role opens the admin once an app registers pages in which it may add, change or
delete something; reading reference data (every staff role may view the regions) is
not work. Kit managers and treasurers therefore reach the admin the day their apps
register pages for them, without a list of roles to keep in step here.
"""

from django.contrib import admin

WORK_PERMISSIONS = ("add", "change", "delete")


def admin_work(request) -> list[dict]:
    """The admin's models in which ``request.user`` may add, change or delete (cached on
    the request)."""
    cached = getattr(request, "_admin_work", None)
    if cached is not None:
        return cached
    user = request.user
    work = []
    if user.is_authenticated and user.is_active and user.is_staff:
        work = [
            model
            for app in admin.site.get_app_list(request)
            for model in app["models"]
            if any(model["perms"].get(name) for name in WORK_PERMISSIONS)
        ]
    request._admin_work = work
    return work


def admin_offers_work(request) -> bool:
    return bool(admin_work(request))
