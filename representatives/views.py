from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.views.decorators.cache import never_cache

from community import roles
from community.http import cached_public_page
from community.pagination import page_of
from community.workflow import ActionRefused
from representatives.forms import ApplicationForm, GroupFilterForm, GroupSubmitForm
from representatives.models import Region, Representative, UserGroup
from representatives.services import DuplicateGroup, application_submit, group_submit

GROUPS_PER_PAGE = 30
REGION_PAGE_GROUPS = 50
# The directory's per-country counts: the busiest countries, then "and N more".
COUNTRY_COUNTS_SHOWN = 12
# What a directory row shows, and nothing else (the contact is never public).
GROUP_ROW_FIELDS = (
    "name", "slug", "city", "country", "website", "status", "languages",
    "meeting_frequency", "region__name", "region__slug",
)  # fmt: skip


def _current_representatives():
    return Prefetch(
        "representatives",
        queryset=Representative.objects.listed().exclude(status=Representative.Status.EMERITUS),
        to_attr="current_representatives",
    )


@cached_public_page("representatives")
def region_list(request):
    regions = Region.objects.prefetch_related(_current_representatives())
    return render(request, "representatives/region_list.html", {"regions": regions})


@cached_public_page("representatives", "events", "kits")
def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    groups = region.user_groups.listed()
    context = {
        "region": region,
        "representatives": list(region.representatives.listed()),
        "milestones": list(region.milestones.all()),
        "groups": groups.only("name", "slug", "city", "country", "status", "region")[
            :REGION_PAGE_GROUPS
        ],
        "country_counts": groups.count_by_country(),
    }
    return render(request, "representatives/region_detail.html", context)


def get_region_for_insider(request, slug) -> Region:
    """The region, for board members and its own representatives; a 404 for anyone else,
    so the strategy page of another region does not even show that it exists."""
    region = get_object_or_404(Region, slug=slug)
    user = request.user
    if user.is_authenticated and (
        user.is_superuser
        or user.groups.filter(name=roles.BOARD_MEMBERS.name).exists()
        or region.representatives.active().filter(user=user).exists()
    ):
        return region
    raise Http404("No such region.")


@login_required
@never_cache
def region_strategy(request, slug):
    region = get_region_for_insider(request, slug)
    return render(request, "representatives/region_strategy.html", {"region": region})


@cached_public_page("representatives")
def group_list(request):
    form = GroupFilterForm(request.GET)
    groups = form.filter(UserGroup.objects.public())
    page = page_of(
        request, groups.select_related("region").only(*GROUP_ROW_FIELDS), GROUPS_PER_PAGE
    )
    counts = groups.count_by_country()
    context = {
        "form": form,
        "page": page,
        "country_counts": counts[:COUNTRY_COUNTS_SHOWN],
        "more_countries": len(counts) - COUNTRY_COUNTS_SHOWN,
        "filtered_country": form.cleaned_data.get("country"),
        # The count links keep the other filters and replace the country.
        "filter_query": _query_without(request, "country", "page"),
    }
    return render(request, "representatives/group_list.html", context)


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@cached_public_page("representatives")
def group_detail(request, slug):
    group = get_object_or_404(UserGroup.objects.public().select_related("region"), slug=slug)
    return render(request, "representatives/group_detail.html", {"group": group})


@login_required
@never_cache
def group_submit_view(request):
    """Anyone signed in submits a group; below the form, the groups they submitted."""
    form = GroupSubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group_submit(by=request.user, **form.cleaned_data)
        except DuplicateGroup as exc:
            form.add_error(None, _duplicate_message(exc))
        except ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                "Thank you: the region's representatives or the calendar volunteers will "
                "review the group.",
            )
            return redirect("representatives:group-submit")
    submitted = request.user.submitted_user_groups.only(
        "name", "slug", "city", "country", "review_status", "submitted_at"
    ).order_by("-submitted_at", "pk")
    return render(
        request, "representatives/group_submit.html", {"form": form, "submitted": submitted}
    )


def _duplicate_message(exc: DuplicateGroup):
    group = exc.existing
    if group.is_public:
        return format_html(
            '{} <a href="{}">See its page</a>; if something there is out of date, tell the '
            "region's representatives.",
            str(exc),
            group.get_absolute_url(),
        )
    return str(exc)


@login_required
@never_cache
def application_create(request):
    form = ApplicationForm(request.POST or None, initial={"region": request.GET.get("region")})
    if request.method == "POST" and form.is_valid():
        try:
            application_submit(applicant=request.user, **form.cleaned_data)
        except ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Thank you: the PSF board will read your application.")
            return redirect("representatives:application-mine")
    return render(request, "representatives/application_form.html", {"form": form})


@login_required
@never_cache
def application_mine(request):
    applications = request.user.representative_applications.select_related(
        "region"
    ).prefetch_related("history")
    return render(request, "representatives/application_mine.html", {"applications": applications})
