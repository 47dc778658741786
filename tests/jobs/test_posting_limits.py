"""The daily limits on drafts and submissions: whose moves count, which moves, for how long,
and the words the poster reads."""

from datetime import timedelta

import pytest

from community.workflow import ActionRefused
from jobs import services
from jobs.models import JobTransition, Status
from tests.jobs.factories import JobPostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_submissions_a_day(settings):
    settings.JOBS_SUBMISSIONS_PER_DAY = 2


def submit(poster):
    return services.post_submit(post=JobPostFactory(poster=poster), by=poster)


def test_other_posters_submissions_do_not_count_against_mine(
    poster, other_poster, two_submissions_a_day
):
    submit(other_poster)
    submit(other_poster)

    submit(poster)
    submit(poster)

    assert JobTransition.objects.filter(by=poster, to_status=Status.REVIEW).count() == 2


def test_a_submission_more_than_a_day_old_no_longer_counts(poster, two_submissions_a_day):
    first, second = submit(poster), submit(poster)
    JobTransition.objects.filter(pk=first.pk).update(at=first.at - timedelta(days=1, minutes=1))
    JobTransition.objects.filter(pk=second.pk).update(at=second.at - timedelta(hours=23))

    submit(poster)

    with pytest.raises(ActionRefused, match="daily limit"):
        submit(poster)


def test_only_submissions_count_not_the_posters_other_moves(poster, two_submissions_a_day):
    post = JobPostFactory(poster=poster)
    services.post_submit(post=post, by=poster)
    services.post_withdraw(post=post, by=poster)

    submit(poster)

    assert post.transitions.filter(to_status=Status.WITHDRAWN).get().by == poster


def test_the_submission_limit_is_explained_word_for_word(poster, two_submissions_a_day):
    submit(poster)
    submit(poster)
    with pytest.raises(ActionRefused) as refused:
        submit(poster)
    assert str(refused.value) == (
        "You have submitted 2 posts for review in the last 24 hours, the daily limit. "
        "Your post is saved; please submit it tomorrow."
    )


def test_the_draft_limit_is_explained_word_for_word(poster, settings):
    settings.JOBS_DRAFTS_PER_DAY = 2
    JobPostFactory.create_batch(2, poster=poster)
    with pytest.raises(ActionRefused) as refused:
        services.post_create(poster=poster, data={"company_name": "Snake Oil Ltd"})
    assert str(refused.value) == (
        "You have started 2 job posts in the last 24 hours, the daily limit. "
        "Edit one of your drafts, or start a new post tomorrow."
    )


def test_a_blocked_poster_is_told_why_word_for_word(poster, job_reviewer):
    services.post_mark_spam(
        post=JobPostFactory(poster=poster, status=Status.REVIEW), by=job_reviewer
    )
    with pytest.raises(ActionRefused) as refused:
        services.post_create(poster=poster, data={"company_name": "Snake Oil Ltd"})
    assert str(refused.value) == (
        "Your account may not post jobs. Write to the community relations team if you "
        "think this is a mistake."
    )
