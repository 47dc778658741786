from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from community.forms import ProfileForm
from community.roles import ROLES
from events.models import Event
from events.views import with_next_occurrences
from representatives.models import Region


def home(request):
    upcoming = Event.objects.upcoming().select_related("calendar").defer("description")[:5]
    context = {
        "regions": Region.objects.all(),
        "upcoming_events": with_next_occurrences(upcoming),
    }
    return render(request, "community/home.html", context)


def about(request):
    return render(request, "community/about.html", {"roles": ROLES})


@require_GET
@never_cache
def healthz(request):
    """200 when the database answers a query, 503 (never a traceback) when it does not."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, "Your profile was saved.")
            return redirect("community:profile")
    else:
        form = ProfileForm(instance=request.user)
    group_names = set(request.user.groups.values_list("name", flat=True))
    context = {
        "form": form,
        "roles": [role for role in ROLES if role.name in group_names],
        "email_addresses": request.user.emailaddress_set.order_by("-primary", "email"),
    }
    return render(request, "community/profile.html", context)
