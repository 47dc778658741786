from django.shortcuts import render

from community.http import cached_public_page
from representatives.models import Region


@cached_public_page("kits", "representatives")
def index(request):
    return render(request, "kits/index.html", {"regions": Region.objects.all()})
