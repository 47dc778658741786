"""The region page's kit block, kept with kits so representatives never imports kits."""

from django import template

from kits.models import Kit

register = template.Library()


@register.inclusion_tag("kits/includes/region_kits.html")
def region_kits(region):
    """The kits in service kept in ``region``, in one query."""
    kits = Kit.objects.in_service().filter(region=region).only("name", "slug", "kind")
    return {"kits": list(kits), "region": region}
