from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from community.material_files import MATERIAL_MAX_BYTES, check_material
from community.materials import material_file_set
from community.models import Material


class MaterialAdminForm(forms.ModelForm):
    upload = forms.FileField(
        required=False,
        label="File",
        help_text=(
            f"PDF, PNG, JPEG, PowerPoint, Word or OpenDocument, at most "
            f"{MATERIAL_MAX_BYTES // (1024 * 1024)} MB; checked by its content."
        ),
    )

    class Meta:
        model = Material
        fields = ["title", "kind", "language", "licence", "version", "released_on",
                  "description", "is_public", "kits"]  # fmt: skip

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            if not self.instance.file:
                raise ValidationError("Choose the file.", code="required")
            return None
        return check_material(upload)


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    form = MaterialAdminForm
    list_display = ["title", "kind", "language", "version", "released_on", "is_public",
                    "file_format", "download_count"]  # fmt: skip
    list_filter = ["kind", "language", "is_public"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["kits"]
    readonly_fields = ["file_format", "file_size", "download_count", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        checked = form.cleaned_data.get("upload")
        if checked is not None:
            material_file_set(material=obj, checked=checked)
        super().save_model(request, obj, form, change)
