from django.shortcuts import render

from representatives.models import Region


def index(request):
    return render(request, "kits/index.html", {"regions": Region.objects.all()})
