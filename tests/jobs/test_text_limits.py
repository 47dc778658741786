"""Job descriptions stop at 10,000 characters and requirements at 5,000 (README.md,
"Limits"): 20,000 brackets on /jobs/new/ used to kill the worker and save nothing."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from jobs.models import JobPost
from tests.jobs.factories import JobPostFactory
from tests.jobs.test_posting import form_data

pytestmark = pytest.mark.django_db


def test_a_description_over_the_limit_is_refused_with_a_clear_message(client, poster):
    client.force_login(poster)
    response = client.post(reverse("jobs:job-create"), form_data(description="[" * 20_000))
    assert response.status_code == 200
    assert "at most 10,000 characters; it has 20,000" in response.content.decode()
    assert not JobPost.objects.exists()


def test_requirements_over_the_limit_are_refused(client, poster):
    client.force_login(poster)
    response = client.post(reverse("jobs:job-create"), form_data(requirements="a" * 5_001))
    assert "at most 5,000 characters; it has 5,001" in response.content.decode()
    assert not JobPost.objects.exists()


def test_a_description_at_the_limit_is_saved_and_previewed(client, poster):
    client.force_login(poster)
    response = client.post(
        reverse("jobs:job-create"), form_data(description="[" * 10_000), follow=True
    )
    assert response.status_code == 200
    post = JobPost.objects.get()
    assert post.description_html == f"<p>{'[' * 10_000}</p>\n"
    assert "[" * 10_000 in response.content.decode()


def test_the_form_tells_the_limits(client, poster):
    client.force_login(poster)
    html = client.get(reverse("jobs:job-create")).content.decode()
    assert 'maxlength="10000"' in html
    assert "at most 10,000 characters" in html
    assert "at most 5,000 characters" in html


@pytest.mark.parametrize(("field", "length"), [("description", 10_001), ("requirements", 5_001)])
def test_the_database_refuses_longer_text(field, length):
    with pytest.raises(IntegrityError), transaction.atomic():
        JobPostFactory(**{field: "a" * length})


def test_a_company_name_whose_slug_outgrows_the_name_gets_a_slug_cut_to_fit(client, poster):
    """Ligatures spell out: 100 "ﬃ" make a 300-letter slug for a 100-letter name."""
    client.force_login(poster)
    client.post(reverse("jobs:job-create"), form_data(company_name="\ufb03" * 100))
    company = JobPost.objects.get(poster=poster).company
    assert company.slug == ("ffi" * 100)[:200]
    assert company.get_absolute_url() == reverse("jobs:company-detail", args=[company.slug])
