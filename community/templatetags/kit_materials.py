"""The marketing material a kit carries, for the kit's page.

Kits sit below the community project side and never import it; their page asks for this
tag by name, and the material (with who may see it) stays the library's business.
"""

from django import template

from community.models import Material

register = template.Library()


@register.inclusion_tag("community/includes/kit_materials.html", takes_context=True)
def kit_materials(context, kit):
    """Public items for everyone, internal ones too for a signed-in volunteer (one query,
    two when the reader's roles must be read)."""
    materials = Material.objects.visible_to(context["request"].user).filter(kits=kit)
    return {"materials": list(materials.defer("description", "search_vector")), "kit": kit}
