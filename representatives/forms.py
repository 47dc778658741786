from django import forms
from django.db.models import Q

from community.countries import any_country_choices
from community.widgets import LongSelect
from representatives.models import Region, RepresentativeApplication


class GroupFilterForm(forms.Form):
    """Filters of the user group directory; a bad value drops only itself."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        required=False,
        empty_label="Any region",
        to_field_name="slug",
    )
    country = forms.ChoiceField(choices=any_country_choices, required=False, widget=LongSelect)

    def filter(self, groups):
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            groups = groups.filter(Q(name__icontains=data["q"]) | Q(city__icontains=data["q"]))
        if data.get("region"):
            groups = groups.filter(region=data["region"])
        if data.get("country"):
            groups = groups.filter(country=data["country"])
        return groups


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = RepresentativeApplication
        fields = ["region", "motivation", "community_involvement", "references"]
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 5}),
            "community_involvement": forms.Textarea(attrs={"rows": 5}),
            "references": forms.Textarea(attrs={"rows": 3}),
        }

    def validate_unique(self):
        # application_submit says it in words; the partial unique index is the guarantee.
        pass
