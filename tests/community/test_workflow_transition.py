"""``WorkflowModel.transition`` and ``record_creation``: the one way every app's status
changes. Shown on a job post; the hooks are wrapped to record what they are handed, and
still run as the app wrote them.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.workflow import ActionRefused
from jobs.models import Actor, JobPost, JobTransition, Status
from tests.jobs.factories import PendingJobPostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hooks(monkeypatch):
    """The calls of the three hooks, in order: (hook, status of the row then, args, kwargs)."""
    calls = []
    for name in ("check_transition", "history_extra", "apply_transition"):
        original = getattr(JobPost, name)

        def spy(self, *args, _name=name, _original=original, **kwargs):
            calls.append((_name, self.status, args, kwargs))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(JobPost, name, spy)
    return calls


def test_the_hooks_get_the_move_the_person_the_actor_the_trimmed_reason_and_the_moment(
    hooks, job_reviewer
):
    post = PendingJobPostFactory()
    moment = timezone.now() - timedelta(hours=3)
    post.transition(
        Status.REJECTED, by=job_reviewer, actor=Actor.REVIEWER, reason="  Too vague. ", now=moment
    )
    given = {"by": job_reviewer, "actor": Actor.REVIEWER, "reason": "Too vague.", "now": moment}
    assert hooks == [
        ("check_transition", "review", ("review", "rejected"), given),
        # Read before the status changes, so it sees the post as the reviewer did.
        ("history_extra", "review", ("review", "rejected"), {}),
        # Called on the row with its new status, before it is saved.
        ("apply_transition", "rejected", ("review", "rejected"), given),
    ]


def test_the_history_row_says_from_to_who_when_and_why(job_reviewer):
    post = PendingJobPostFactory()
    moment = timezone.now() - timedelta(hours=3)
    record = post.transition(
        Status.REJECTED, by=job_reviewer, actor=Actor.REVIEWER, reason=" Too vague.\n", now=moment
    )
    stored = JobTransition.objects.get(post=post)
    assert stored == record
    assert (stored.from_status, stored.to_status, stored.by, stored.at, stored.reason) == (
        "review",
        "rejected",
        job_reviewer,
        moment,
        "Too vague.",
    )
    # The model's extra columns (history_extra) are written with it.
    assert stored.snapshot["title"] == post.title


def test_the_moment_given_dates_the_change_and_the_fields_that_go_with_it(job_reviewer):
    post = PendingJobPostFactory()
    moment = timezone.now() - timedelta(days=2)
    post.transition(Status.APPROVED, by=job_reviewer, actor=Actor.REVIEWER, now=moment)
    post.refresh_from_db()
    assert post.published_at == moment
    assert post.transitions.get().at == moment


def test_without_a_moment_the_change_is_dated_now_and_without_a_reason_has_none(job_reviewer):
    post = PendingJobPostFactory()
    before = timezone.now()
    record = post.transition(Status.APPROVED, by=job_reviewer, actor=Actor.REVIEWER)
    after = timezone.now()
    record.refresh_from_db()
    post.refresh_from_db()
    assert before <= record.at <= after
    assert post.published_at == record.at
    assert record.reason == ""


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_no_reason_is_stored_as_an_empty_one(job_reviewer, reason):
    post = PendingJobPostFactory()
    post.transition(Status.APPROVED, by=job_reviewer, actor=Actor.REVIEWER, reason=reason)
    assert post.transitions.get().reason == ""


def test_the_callers_instance_follows_the_row(job_reviewer):
    post = PendingJobPostFactory(title="Python developer")
    # Someone else saved the row after this instance was read: the instance takes it up.
    JobPost.objects.filter(pk=post.pk).update(title="Senior Python developer")
    post.transition(Status.APPROVED, by=job_reviewer, actor=Actor.REVIEWER)
    assert post.status == Status.APPROVED
    assert post.published_at is not None
    assert post.title == "Senior Python developer"


def test_the_status_is_judged_from_the_row_not_the_callers_copy(job_reviewer):
    post = PendingJobPostFactory()
    stale = JobPost.objects.get(pk=post.pk)
    post.transition(Status.APPROVED, by=job_reviewer, actor=Actor.REVIEWER)
    # ``stale`` still says "review": the locked row says "approved", which cannot be rejected.
    with pytest.raises(ActionRefused, match="A post that is “Published” cannot become “Rejected”"):
        stale.transition(Status.REJECTED, by=job_reviewer, actor=Actor.REVIEWER, reason="No.")
    assert JobTransition.objects.filter(post=post).count() == 1


def test_a_move_the_model_refuses_changes_nothing(job_reviewer):
    post = PendingJobPostFactory(poster=job_reviewer)
    with pytest.raises(ActionRefused, match="You cannot review your own post"):
        post.transition(Status.APPROVED, by=job_reviewer, actor=Actor.REVIEWER)
    post.refresh_from_db()
    assert post.status == Status.REVIEW
    assert post.published_at is None
    assert not post.transitions.exists()


def test_the_creation_is_recorded_from_nothing_to_the_first_status(member):
    post = PendingJobPostFactory()
    moment = timezone.now() - timedelta(hours=1)
    record = post.record_creation(by=member, reason="Imported.", now=moment)
    stored = JobTransition.objects.get(post=post)
    assert stored == record
    assert (stored.from_status, stored.to_status, stored.by, stored.at, stored.reason) == (
        "",
        "review",
        member,
        moment,
        "Imported.",
    )


def test_a_creation_without_a_moment_is_dated_now_with_no_reason(member):
    post = PendingJobPostFactory()
    before = timezone.now()
    post.record_creation(by=member)
    stored = JobTransition.objects.get(post=post)
    assert before <= stored.at <= timezone.now()
    assert stored.reason == ""
