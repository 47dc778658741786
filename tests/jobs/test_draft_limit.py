"""Issue 23 §6: drafts are rate-limited as submissions are (each may store a company
and its logo); issue 16 §4: a valid logo on a form that comes back is asked for again."""

from datetime import timedelta

import pytest
from django.urls import reverse

from community.workflow import ActionRefused
from jobs import services
from jobs.forms import LOGO_AGAIN
from jobs.models import Company, JobPost
from tests.jobs.factories import JobPostFactory
from tests.jobs.test_posting import form_data, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_drafts_a_day(settings):
    settings.JOBS_DRAFTS_PER_DAY = 2


def new_draft(client, **overrides):
    return client.post(reverse("jobs:job-create"), form_data(**overrides))


def test_drafts_past_the_daily_limit_are_refused_with_a_form_message(
    client, poster, two_drafts_a_day
):
    client.force_login(poster)
    for n in range(2):
        assert new_draft(client, company_name=f"Company {n}").status_code == 302
    response = new_draft(client, company_name="Company 3")
    assert response.status_code == 200
    assert "2 job posts in the last 24 hours, the daily limit" in response.content.decode()
    assert JobPost.objects.count() == 2
    assert not Company.objects.filter(name="Company 3").exists()


def test_the_service_refuses_with_action_refused(poster, two_drafts_a_day):
    JobPostFactory.create_batch(2, poster=poster)
    with pytest.raises(ActionRefused, match="daily limit"):
        services.post_create(poster=poster, data={"company_name": "X"})


def test_drafts_older_than_a_day_and_other_posters_drafts_do_not_count(
    client, poster, other_poster, two_drafts_a_day
):
    old = JobPostFactory.create_batch(2, poster=poster)
    JobPost.objects.filter(pk__in=[p.pk for p in old]).update(
        created_at=old[0].created_at - timedelta(days=1, minutes=1)
    )
    JobPostFactory.create_batch(2, poster=other_poster)
    client.force_login(poster)
    assert new_draft(client).status_code == 302


def test_editing_a_draft_is_not_limited(client, poster, two_drafts_a_day):
    drafts = JobPostFactory.create_batch(2, poster=poster)
    client.force_login(poster)
    response = client.post(reverse("jobs:job-edit", args=[drafts[0].pk]), form_data())
    assert response.status_code == 302


def test_a_valid_logo_on_a_form_with_another_error_is_asked_for_again(client, poster):
    client.force_login(poster)
    response = client.post(
        reverse("jobs:job-create"), {**form_data(title=""), "company_logo": png_upload()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "choose the logo again before you save" in html
    assert not Company.objects.exists()


def test_a_logo_refused_with_the_post_is_asked_for_again(client, poster, two_drafts_a_day):
    JobPostFactory.create_batch(2, poster=poster)
    client.force_login(poster)
    response = client.post(
        reverse("jobs:job-create"), {**form_data(), "company_logo": png_upload()}
    )
    assert "choose the logo again before you save" in response.content.decode()


def test_no_logo_is_asked_for_when_none_was_chosen(client, poster):
    client.force_login(poster)
    response = new_draft(client, title="")
    assert LOGO_AGAIN[:30] not in response.content.decode()
