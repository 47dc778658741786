"""Demo team profiles and marketing material for seed_demo (idempotent)."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.material_files import check_material
from community.materials import material_file_set
from community.models import Material
from community.team import team_profile_save
from kits.models import Kit

TEAM_BIOS = {
    "calendar": "Keeps the Python events calendar tidy, one submission at a time.",
    "reviewer": "Reviews job posts most evenings, Central European Time.",
    "kitmanager": "Ships the North American booth kit to conferences.",
    "representative": "Links the PSF to user groups across Europe.",
}


def _png(colour) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), colour).save(buffer, "PNG")
    return SimpleUploadedFile("demo.png", buffer.getvalue())


def _pdf(colour) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (595, 842), colour).save(buffer, "PDF")  # one A4 page
    return SimpleUploadedFile("guide.pdf", buffer.getvalue())


MATERIALS = [
    ("PSF logo pack", Material.Kind.LOGO, "en", True, lambda: _png((48, 105, 152))),
    ("Python flyer (Spanish)", Material.Kind.FLYER, "es", True, lambda: _png((255, 212, 59))),
    ("Booth staffing guide", Material.Kind.BOOTH_GUIDE, "en", False,
     lambda: _pdf((75, 139, 190))),
]  # fmt: skip


def seed(ctx):
    for username, bio in TEAM_BIOS.items():
        user = ctx.users.get(username)
        if user is not None:
            team_profile_save(user=user, shows_on_team_page=True, bio=bio)
    for title, kind, language, public, upload in MATERIALS:
        if Material.objects.filter(title=title).exists():
            continue
        material = Material(
            title=title, kind=kind, language=language, is_public=public,
            released_on=date(2026, 1, 15),
        )  # fmt: skip
        material_file_set(material=material, checked=check_material(upload()))
        material.save()
    # Every booth kit carries the logo pack and the staffing guide (its page lists them).
    carried = Material.objects.filter(title__in=["PSF logo pack", "Booth staffing guide"])
    for kit in Kit.objects.in_service().filter(kind=Kit.Kind.BOOTH):
        kit.materials.add(*carried)
    ctx.log(f"Community: {len(TEAM_BIOS)} team profiles, {Material.objects.count()} materials.")
