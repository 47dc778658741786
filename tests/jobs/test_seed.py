import pytest
from django.core.management import call_command

from jobs.models import BlockedPoster, JobPost, Status

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
