"""Every transition of the state machine, allowed and refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.workflow import ActionRefused, TransitionRefused
from jobs import services
from jobs.models import WORKFLOW, Actor, JobTransition, Status
from tests.jobs.factories import JobPostFactory
from tests.workflow_cases import (
    allowed_moves,
    assert_moved_and_recorded,
    refused_moves,
    wrong_actor_moves,
)

pytestmark = pytest.mark.django_db

ALLOWED = allowed_moves(WORKFLOW)
REFUSED = refused_moves(WORKFLOW)
WRONG_ACTOR = wrong_actor_moves(WORKFLOW, list(Actor))


def post_in(status, poster):
    extra = {}
    if status == Status.APPROVED:
        extra = {"published_at": timezone.now(), "expires_at": timezone.now() + timedelta(days=1)}
    return JobPostFactory(status=status, poster=poster, **extra)


def actor_user(actor, poster, reviewer):
    return {Actor.POSTER: poster, Actor.REVIEWER: reviewer, Actor.SYSTEM: None}[actor]


@pytest.mark.parametrize(("pair", "actor"), ALLOWED, ids=lambda v: str(v))
def test_allowed_transition_changes_status_and_records_who_when_and_why(
    pair, actor, poster, job_reviewer
):
    source, target = pair
    post = post_in(source, poster)
    by = actor_user(actor, poster, job_reviewer)

    record = post.transition(target, by=by, actor=actor, reason="because")

    assert_moved_and_recorded(post, record, source=source, target=target, by=by, reason="because")


@pytest.mark.parametrize("pair", REFUSED, ids=lambda v: f"{v[0]}->{v[1]}")
def test_impossible_transition_is_refused_and_changes_nothing(pair, poster, job_reviewer):
    source, target = pair
    post = post_in(source, poster)
    before = post.updated_at
    with pytest.raises(TransitionRefused, match="cannot become"):
        post.transition(target, by=job_reviewer, actor=Actor.REVIEWER)
    post.refresh_from_db()
    assert post.status == source
    assert post.updated_at == before
    assert not JobTransition.objects.exists()


@pytest.mark.parametrize(("pair", "actor"), WRONG_ACTOR, ids=lambda v: str(v))
def test_an_allowed_move_is_refused_to_any_other_actor(pair, actor, poster, job_reviewer):
    source, target = pair
    post = post_in(source, poster)
    by = actor_user(actor, poster, job_reviewer)
    with pytest.raises(TransitionRefused, match="Only the "):
        post.transition(target, by=by, actor=actor)
    post.refresh_from_db()
    assert post.status == source
    assert not JobTransition.objects.exists()


@pytest.mark.parametrize(
    "pair", [p for p, actor in ALLOWED if actor == Actor.REVIEWER], ids=lambda v: str(v)
)
def test_poster_cannot_make_a_reviewer_decision(pair, poster):
    post = post_in(pair[0], poster)
    with pytest.raises(TransitionRefused, match="Only the reviewer"):
        post.transition(pair[1], by=poster, actor=Actor.POSTER)
    post.refresh_from_db()
    assert post.status == pair[0]


def test_another_user_cannot_make_the_posters_transitions(poster, other_poster):
    post = post_in(Status.DRAFT, poster)
    with pytest.raises(ActionRefused, match=r"^Only the person who posted this job can do that\.$"):
        services.post_submit(post=post, by=other_poster)
    assert JobTransition.objects.count() == 0


def test_member_without_the_reviewer_role_cannot_approve(poster, member):
    post = post_in(Status.REVIEW, poster)
    with pytest.raises(ActionRefused, match="Only job board reviewers"):
        services.post_approve(post=post, by=member)
    post.refresh_from_db()
    assert post.status == Status.REVIEW


def test_reviewer_cannot_approve_own_post(job_reviewer):
    post = post_in(Status.REVIEW, job_reviewer)
    with pytest.raises(ActionRefused, match=r"^You cannot review your own post\.$"):
        services.post_approve(post=post, by=job_reviewer)
    post.refresh_from_db()
    assert post.status == Status.REVIEW


def test_approval_sets_the_expiry_from_the_setting(settings, poster, job_reviewer):
    settings.JOBS_EXPIRY_DAYS = 45
    post = post_in(Status.REVIEW, poster)
    services.post_approve(post=post, by=job_reviewer)
    post.refresh_from_db()
    assert post.expires_at - post.published_at == timedelta(days=45)
    assert post.is_public


def test_editing_an_approved_post_sends_it_back_to_review(poster):
    post = post_in(Status.APPROVED, poster)
    data = {name: getattr(post, name) for name in ("title", "company_name", "company_website")}
    data["title"] = "Changed title"
    services.post_update(post=post, by=poster, data=data)
    post.refresh_from_db()
    assert post.status == Status.REVIEW
    assert not post.is_public
    assert post.transitions.get().reason == "Edited after publication."


@pytest.mark.parametrize(
    "status", [Status.REVIEW, Status.REJECTED, Status.FILLED, Status.SPAM, Status.WITHDRAWN]
)
def test_posts_under_review_or_closed_cannot_be_edited(status, poster):
    post = post_in(status, poster)
    with pytest.raises(ActionRefused, match="cannot be edited"):
        services.post_update(post=post, by=poster, data={"title": "x", "company_name": "y"})
    post.refresh_from_db()
    assert post.title != "x"


def test_reject_and_request_changes_need_a_reason(poster, job_reviewer):
    post = post_in(Status.REVIEW, poster)
    with pytest.raises(ActionRefused, match="reason") as refused:
        services.post_reject(post=post, by=job_reviewer, reason="  ")
    # A missing reason is a refused action, not a move the table refuses.
    assert not isinstance(refused.value, TransitionRefused)
    with pytest.raises(ActionRefused, match="changes"):
        services.post_request_changes(post=post, by=job_reviewer, reason="")
    post.refresh_from_db()
    assert post.status == Status.REVIEW
    assert not JobTransition.objects.exists()


def test_the_daily_submission_limit_is_a_refused_action(settings, poster):
    settings.JOBS_SUBMISSIONS_PER_DAY = 1
    services.post_submit(post=post_in(Status.DRAFT, poster), by=poster)
    second = post_in(Status.DRAFT, poster)
    with pytest.raises(ActionRefused, match="daily") as refused:
        services.post_submit(post=second, by=poster)
    assert not isinstance(refused.value, TransitionRefused)
    second.refresh_from_db()
    assert second.status == Status.DRAFT


def test_an_empty_comment_is_a_refused_action(poster):
    post = post_in(Status.REVIEW, poster)
    with pytest.raises(ActionRefused, match="empty"):
        services.post_comment_add(post=post, author=poster, body="   ")


def test_a_decision_snapshots_the_reviewed_fields(poster, job_reviewer):
    post = post_in(Status.REVIEW, poster)
    record = services.post_request_changes(post=post, by=job_reviewer, reason="Add a salary")
    assert record.snapshot["title"] == post.title
    assert record.snapshot["description"] == post.description


def test_each_actor_is_offered_only_its_own_moves_from_review():
    post = JobPostFactory(status=Status.REVIEW)
    assert post.allowed_transitions(Actor.REVIEWER) == [
        Status.APPROVED,
        Status.REJECTED,
        Status.CHANGES_REQUESTED,
        Status.SPAM,
    ]
    assert post.allowed_transitions(Actor.POSTER) == [Status.WITHDRAWN]
    assert post.allowed_transitions(Actor.SYSTEM) == []
