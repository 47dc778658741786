from django.shortcuts import get_object_or_404, render

from community.http import cached_public_page
from community.pagination import page_of
from representatives.forms import GroupFilterForm
from representatives.models import Region, UserGroup

GROUPS_PER_PAGE = 30


@cached_public_page("representatives")
def region_list(request):
    return render(request, "representatives/region_list.html", {"regions": Region.objects.all()})


@cached_public_page("representatives")
def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    groups = region.user_groups.only("name", "slug", "city", "country", "website")
    return render(
        request, "representatives/region_detail.html", {"region": region, "groups": groups}
    )


@cached_public_page("representatives")
def group_list(request):
    form = GroupFilterForm(request.GET)
    groups = form.filter(
        UserGroup.objects.select_related("region").only(
            "name", "slug", "city", "country", "website", "region__name", "region__slug"
        )
    )
    page = page_of(request, groups, GROUPS_PER_PAGE)
    return render(request, "representatives/group_list.html", {"form": form, "page": page})
