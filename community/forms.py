from django import forms
from django.contrib.auth import get_user_model

from community.uploads import ImageUploadField


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]
        labels = {"first_name": "Given name", "last_name": "Family name"}


class TeamProfileForm(forms.Form):
    shows_on_team_page = forms.BooleanField(
        label="Show me on the team page",
        required=False,
        help_text=(
            "Your name, roles, bio and photo appear on the public team page while this is "
            "ticked. Untick it to leave the page at any time; your photo is then deleted."
        ),
    )
    bio = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=600,
        required=False,
        help_text="A few sentences about you and what you do for the community.",
    )
    photo = ImageUploadField(required=False, fit=(400, 400), thumbnail_size=None)
