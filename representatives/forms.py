from django import forms
from django.contrib.postgres.forms import SimpleArrayField

from community.countries import COUNTRY_NAMES, any_country_choices, country_choices
from community.widgets import LongSelect
from representatives.models import (
    GROUP_LANGUAGES,
    MAX_LANGUAGES,
    MAX_SOCIAL_LINKS,
    GroupStatus,
    Region,
    RepresentativeApplication,
    UserGroup,
    WebURLFormField,
    meetup_feed_url,
)


class CountryField(forms.ChoiceField):
    """A country by its ISO code, said plainly when the code is unknown ("zz", "XX")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", country_choices)
        kwargs.setdefault("widget", LongSelect)
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(value).strip().upper()

    def validate(self, value):
        if value and value not in COUNTRY_NAMES:
            raise forms.ValidationError(
                "“%(code)s” is not a country code we know: choose the country from the list.",
                code="unknown_country",
                params={"code": value[:10]},
            )
        super().validate(value)


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
    language = forms.ChoiceField(choices=[("", "Any language"), *GROUP_LANGUAGES], required=False)
    status = forms.ChoiceField(
        choices=[("", "Active or dormant"), *GroupStatus.choices], required=False
    )

    def is_filtered(self) -> bool:
        self.is_valid()
        return any(self.cleaned_data.values())

    def filter(self, groups):
        """``groups`` narrowed by the valid filters; closed groups only when asked for."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            groups = groups.search(data["q"])
        if data.get("region"):
            groups = groups.filter(region=data["region"])
        if data.get("country"):
            groups = groups.filter(country=data["country"])
        if data.get("language"):
            groups = groups.filter(languages__contains=[data["language"]])
        if data.get("status"):
            groups = groups.filter(status=data["status"])
        else:
            groups = groups.exclude(status=GroupStatus.CLOSED)
        return groups


class SocialLinksField(SimpleArrayField):
    def __init__(self, **kwargs):
        super().__init__(
            WebURLFormField(max_length=300, assume_scheme="https"),
            delimiter="\n",
            max_length=MAX_SOCIAL_LINKS,
            widget=forms.Textarea(attrs={"rows": 3}),
            **kwargs,
        )

    def to_python(self, value):
        # Blank lines and stray spaces around each link are not errors.
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        return super().to_python("\n".join(lines))


class GroupSubmitForm(forms.ModelForm):
    """What a member tells the directory about a group; the contact is never shown."""

    country = CountryField()
    languages = forms.MultipleChoiceField(
        choices=GROUP_LANGUAGES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="The languages the group meets in (hold Ctrl or ⌘ to choose several).",
    )
    social_links = SocialLinksField(
        required=False,
        help_text=f"Mastodon, Discord, a mailing list: one link a line, up to {MAX_SOCIAL_LINKS}.",
    )

    class Meta:
        model = UserGroup
        fields = [
            "name",
            "city",
            "country",
            "website",
            "ics_url",
            "social_links",
            "languages",
            "meeting_frequency",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "contact_name": "Organiser's name",
            "contact_email": "Organiser's e-mail",
        }
        help_texts = {
            "contact_name": "Never shown on the site.",
        }
        widgets = {"website": forms.URLInput(), "ics_url": forms.URLInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].required = True
        self.fields["website"].assume_scheme = "https"
        self.fields["ics_url"].assume_scheme = "https"

    def clean_ics_url(self):
        return meetup_feed_url(self.cleaned_data["ics_url"])

    def clean_languages(self):
        languages = self.cleaned_data["languages"]
        if len(languages) > MAX_LANGUAGES:
            raise forms.ValidationError(f"Choose up to {MAX_LANGUAGES} languages.")
        return languages


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
