from django.shortcuts import get_object_or_404, render

from representatives.models import Region


def region_list(request):
    return render(request, "representatives/region_list.html", {"regions": Region.objects.all()})


def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return render(request, "representatives/region_detail.html", {"region": region})
