from django import forms

from community.countries import any_country_choices
from community.uploads import ImageUploadField
from community.widgets import LongSelect
from jobs.models import REVIEWED_FIELDS, JobPost, JobPostQuerySet

# What a poster writes: everything a reviewer judges, plus the private contact address
# (reviewers see it, but it is not part of the reviewed post).
POST_FIELDS = [*REVIEWED_FIELDS, "contact_email"]


class JobPostForm(forms.ModelForm):
    company_logo = ImageUploadField(
        required=False,
        label="Company logo",
        help_text=(
            "Optional. PNG, JPEG, GIF or WebP, at most 2 MB and 4096 x 4096 pixels. "
            "Used only when the company has no logo on the board yet."
        ),
    )
    company_website = forms.URLField(
        label="Company website", required=False, assume_scheme="https", max_length=200
    )
    apply_url = forms.URLField(
        label="Apply at (web address)",
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="Where candidates apply. Give this, an e-mail address, or both.",
    )
    job_types = forms.MultipleChoiceField(
        choices=JobPost.JobType.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Job type",
        help_text="Pick every type that applies.",
    )

    class Meta:
        model = JobPost
        fields = POST_FIELDS
        widgets = {
            "country": LongSelect,
            "description": forms.Textarea(attrs={"rows": 12, "data-markdown-toolbar": ""}),
            "requirements": forms.Textarea(attrs={"rows": 6, "data-markdown-toolbar": ""}),
            "remote": forms.RadioSelect,
        }
        labels = {"company_name": "Company name"}
        help_texts = {
            "description": "Markdown. What the job is, the team, the stack, salary range.",
            "requirements": "Markdown. Skills and experience you ask for.",
        }

    def clean(self):
        data = super().clean()
        if not data.get("apply_url") and not data.get("apply_email"):
            self.add_error("apply_url", "Give a web address or an e-mail address to apply at.")
        remote = data.get("remote")
        if remote in (JobPost.Remote.ONSITE, JobPost.Remote.HYBRID):
            if not data.get("city"):
                self.add_error("city", "On-site and hybrid jobs need a city.")
            if not data.get("country"):
                self.add_error("country", "On-site and hybrid jobs need a country.")
        return data

    def post_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in POST_FIELDS}


class JobFilterForm(forms.Form):
    """The public board's filters; every field is optional and bad values are ignored."""

    q = forms.CharField(label="Search", required=False, max_length=200)
    category = forms.ChoiceField(
        choices=[("", "Any category"), *JobPost.Category.choices], required=False
    )
    job_type = forms.ChoiceField(
        label="Job type", choices=[("", "Any type"), *JobPost.JobType.choices], required=False
    )
    remote = forms.ChoiceField(
        label="Where",
        choices=[("", "Anywhere"), *JobPost.Remote.choices],
        required=False,
    )
    country = forms.ChoiceField(choices=any_country_choices, required=False, widget=LongSelect)

    def filter(self, queryset):
        # A bad value in one field (an old link, a hand-edited URL) drops that filter only.
        self.is_valid()
        data = self.cleaned_data
        if data.get("q", "").strip():
            queryset = queryset.search(data["q"].strip())
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("job_type"):
            queryset = queryset.filter(job_types__contains=[data["job_type"]])
        if data.get("remote"):
            queryset = queryset.filter(remote=data["remote"])
        if data.get("country"):
            queryset = queryset.filter(country=data["country"])
        return queryset

    @classmethod
    def board(cls, params) -> tuple["JobFilterForm", JobPostQuerySet]:
        """The form for ``params`` and the public posts it selects, newest first: what the
        board and its feeds list."""
        form = cls(params)
        return form, form.filter(JobPost.objects.public()).newest_first()

    @property
    def is_filtered(self) -> bool:
        self.is_valid()
        return any(self.cleaned_data.values())


class PosterCommentForm(forms.Form):
    body = forms.CharField(
        label="Reply to the reviewers", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
