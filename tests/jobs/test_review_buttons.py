"""The review decisions are buttons on the post's page, not collapsed text."""

import re

import pytest
from django.urls import reverse

from jobs.models import Status
from tests.jobs.factories import PendingJobPostFactory

pytestmark = pytest.mark.django_db


def decision_buttons(page):
    return re.findall(r'<button type="submit" name="action" value="(\w+)" class="button', page)


def test_a_waiting_post_shows_its_decisions_as_buttons(client, job_reviewer):
    post = PendingJobPostFactory()
    client.force_login(job_reviewer)
    page = client.get(reverse("admin:jobs_jobpost_change", args=[post.pk])).content.decode()
    assert decision_buttons(page) == ["claim", "approve", "request_changes", "reject", "spam"]
    assert '<button type="submit" name="action" value="approve" class="button default' in page
    assert "<details" not in page
    assert '<label for="decision-comment">' in page


def test_a_button_decides_with_the_comment_above_it(client, job_reviewer, mailoutbox):
    post = PendingJobPostFactory()
    client.force_login(job_reviewer)
    url = reverse("admin:jobs_jobpost_review", args=[post.pk])
    client.post(url, {"action": "request_changes", "comment": "Please add a salary range."})
    post.refresh_from_db()
    assert post.status == Status.CHANGES_REQUESTED


def test_a_reason_is_still_required_to_reject(client, job_reviewer):
    post = PendingJobPostFactory()
    client.force_login(job_reviewer)
    url = reverse("admin:jobs_jobpost_review", args=[post.pk])
    page = client.post(url, {"action": "reject", "comment": ""}, follow=True).content.decode()
    assert "Please give a reason for the rejection" in page
    post.refresh_from_db()
    assert post.status == Status.REVIEW
