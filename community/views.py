import mimetypes
import os
import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import DatabaseError, connections
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from community.content_versions import current_versions
from community.forms import ProfileForm, TeamProfileForm
from community.http import PAGE_CACHE_TIMEOUT, cached_public_page, public_page
from community.materials import download_record
from community.models import MATERIAL_LANGUAGES, Material, TeamProfile
from community.overview import overview_figures, reads_overview, user_roles, volunteer_queues
from community.pagination import page_of
from community.roles import ROLES
from community.search import TYPES, site_search
from community.team import team_members, team_profile_save
from community.volunteering import BY_SLUG, TEAM_ADDRESS, WAYS_TO_HELP
from events.models import Calendar, Event
from jobs.models import JobPost, logo_file_visibility
from kits.models import Booking
from representatives.models import Region

HOME_NAMESPACES = ("events", "jobs", "kits", "representatives")
KITS_ON_THE_HOME_PAGE = 6


@cached_public_page(*HOME_NAMESPACES)
def home(request):
    upcoming = Event.objects.upcoming().select_related("calendar").defer("description")

    def upcoming_sections():
        # Each calendar apart: five weekly meetups had filled "upcoming events" on their own.
        return [
            (calendar, upcoming.filter(calendar=calendar).soonest(5))
            for calendar in Calendar.objects.all()
        ]

    context = {
        # Signed-in readers miss the page cache; each block is kept under its app's
        # content version (and the page cache's time bucket, for events that start).
        "fragment_versions": dict(
            zip(HOME_NAMESPACES, current_versions(HOME_NAMESPACES), strict=True)
        ),
        "time_bucket": int(time.time() // PAGE_CACHE_TIMEOUT),
        "regions": Region.objects.with_representatives(),
        # A callable: the template calls it only when the block is not in the cache.
        "upcoming_sections": upcoming_sections,
        "latest_jobs": JobPost.objects.public().newest_first().select_related("company")[:5],
        "kits_on_the_road": (
            Booking.objects.bound_for_conferences()
            .select_related("kit")
            .only("status", "conference_name", "conference_starts", "conference_ends", "kit")
            .order_by("conference_starts", "pk")[:KITS_ON_THE_HOME_PAGE]
        ),
        "ways_to_help": WAYS_TO_HELP,
    }
    return render(request, "community/home.html", context)


@cached_public_page("community")
def way_to_help(request, slug):
    way = BY_SLUG.get(slug)
    if way is None:
        raise Http404("No such way to help")
    context = {"way": way, "ways_to_help": WAYS_TO_HELP, "team_address": TEAM_ADDRESS}
    return render(request, "community/way_to_help.html", context)


@cached_public_page("community")
def about(request):
    return render(request, "community/about.html", {"roles": ROLES})


# Auth tables carry no content version: a role taken away shows within the time bucket.
@cached_public_page("community", "kits")
def team(request):
    return render(request, "community/team.html", {"members": team_members()})


@login_required
def team_profile(request):
    profile = TeamProfile.objects.filter(user=request.user).first()
    if request.method == "POST":
        form = TeamProfileForm(request.POST, request.FILES)
        if form.is_valid():
            team_profile_save(
                user=request.user,
                shows_on_team_page=form.cleaned_data["shows_on_team_page"],
                bio=form.cleaned_data["bio"],
                new_photo=form.cleaned_data["photo"],
            )
            messages.success(request, "Your team page details were saved.")
            return redirect("community:team-profile")
    else:
        initial = {"shows_on_team_page": False, "bio": ""}
        if profile:
            initial = {"shows_on_team_page": profile.shows_on_team_page, "bio": profile.bio}
        form = TeamProfileForm(initial=initial)
    return render(request, "community/team_profile.html", {"form": form, "profile": profile})


@require_GET
def favicon(request):
    # Resolved per request: the hashed static name exists only after collectstatic.
    return redirect(static("favicon.svg"), permanent=True)


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
        "mfa_enabled": is_mfa_enabled(request.user),
    }
    return render(request, "community/profile.html", context)


# Uploaded files are shown inline only when they are raster images the upload
# validation re-encoded; anything else is a download with a neutral type, so an
# uploaded HTML or SVG file can never run in the site's origin.
INLINE_MEDIA_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


@require_GET
def media_file(request, path):
    # exists() is true of a directory too, which open() then failed on as a 500.
    if ".." in path.split("/") or not os.path.isfile(default_storage.path(path)):
        raise Http404("No such file")
    # A draft's company logo is not public until a reviewer approves a post: the
    # board must not host images for anyone who opens a draft.
    visibility = logo_file_visibility(path, request.user)
    if visibility is None:
        raise Http404("No such file")
    content_type, _ = mimetypes.guess_type(path)
    inline = content_type in INLINE_MEDIA_TYPES
    response = FileResponse(
        default_storage.open(path, "rb"),
        content_type=content_type if inline else "application/octet-stream",
        as_attachment=not inline,
    )
    response["Cache-Control"] = (
        f"public, max-age={settings.MEDIA_MAX_AGE}"
        if visibility == "public"
        else "private, no-store"
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


MATERIALS_PER_PAGE = 24


@cached_public_page("community")
def materials(request):
    items = Material.objects.visible_to(request.user).only(
        "title", "kind", "language", "licence", "version", "released_on", "file_format",
        "file_size", "preview", "is_public", "description",
    )  # fmt: skip
    kind = request.GET.get("kind", "")
    language = request.GET.get("language", "")
    if kind in Material.Kind.values:
        items = items.filter(kind=kind)
    if language in dict(MATERIAL_LANGUAGES):
        items = items.filter(language=language)
    page = page_of(request, items, MATERIALS_PER_PAGE)
    context = {
        "page": page,
        "kinds": Material.Kind.choices,
        "languages": MATERIAL_LANGUAGES,
        "kind": kind,
        "language": language,
    }
    return render(request, "community/materials.html", context)


def _material_for(request, pk):
    """The item if ``request.user`` may download it: 404 for a reader who may not even
    know it exists, like any internal page."""
    return get_object_or_404(Material.objects.visible_to(request.user), pk=pk)


def _private_file(response, *, public):
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def material_download(request, pk):
    material = _material_for(request, pk)
    download_record(material.pk)
    extension = material.file.name.rsplit(".", 1)[-1]
    name = f"{slugify(material.title) or 'material'}-v{slugify(material.version)}.{extension}"
    response = FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/octet-stream",
    )
    return _private_file(response, public=False)


@require_GET
def material_preview(request, pk):
    material = _material_for(request, pk)
    if not material.preview:
        raise Http404("No preview")
    content_type, _ = mimetypes.guess_type(material.preview.name)
    response = FileResponse(material.preview.open("rb"), content_type=content_type)
    return _private_file(response, public=material.is_public)


@cached_public_page("events", "jobs", "representatives", "community")
def search(request):
    kind = request.GET.get("type", "")
    kind = kind if kind in TYPES else ""
    results = site_search(request.GET.get("q", ""), kind=kind)
    return render(request, "community/search.html", {"results": results, "kind": kind})


@login_required
def overview(request):
    if not reads_overview(request.user):
        raise PermissionDenied
    return render(request, "community/overview.html", {"figures": overview_figures()})


@login_required
def inbox(request):
    """What waits for the signed-in volunteer, per role, instead of a bare admin index."""
    context = {
        "queues": volunteer_queues(request.user),
        "roles": user_roles(request.user),
        "reads_overview": reads_overview(request.user),
    }
    return render(request, "community/inbox.html", context)


ROBOTS_DISALLOWED = ("/admin/", "/accounts/", "/inbox/", "/overview/", "/search/")


@require_GET
@public_page(max_age=86400)
def robots_txt(request):
    # The search is disallowed: every query is a page, and crawlers would fill the cache.
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
