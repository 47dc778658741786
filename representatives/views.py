from django.shortcuts import get_object_or_404, render

from community.http import cached_public_page
from representatives.models import Region


@cached_public_page("representatives")
def region_list(request):
    return render(request, "representatives/region_list.html", {"regions": Region.objects.all()})


@cached_public_page("representatives")
def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return render(request, "representatives/region_detail.html", {"region": region})
