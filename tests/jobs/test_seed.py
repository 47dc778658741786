from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobs.models import BlockedPoster, JobPost, JobTransition, Status

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_posts_in_every_state_and_scale_rows(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--scale", "40", stdout=None)
    statuses = set(JobPost.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert JobPost.objects.filter(title__contains=" #").count() == 44  # 40 approved + 4 pending
    assert JobPost.objects.filter(title__contains=" #", status=Status.REVIEW).count() == 4
    assert JobPost.objects.public().count() >= 40
    assert BlockedPoster.objects.filter(user__username="spammer").exists()


def test_demo_posts_waited_hours_before_their_review(settings):
    """The board's overview and the review dashboard show real waiting and review times
    in the demo, not "0.0 hours"."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=None)
    now = timezone.now()
    reviewed = JobPost.objects.first_review_times(now - timedelta(days=30))
    assert reviewed["count"] >= 6
    assert reviewed["median"] >= timedelta(hours=3)
    oldest = JobPost.objects.filter(status=Status.REVIEW).order_by("submitted_at").first()
    assert now - oldest.submitted_at >= timedelta(hours=3)
    submitted = JobTransition.objects.filter(post=oldest, to_status=Status.REVIEW).latest("at")
    assert submitted.at == oldest.submitted_at
