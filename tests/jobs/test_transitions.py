"""Every transition of the state machine, allowed and refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs import services
from jobs.models import TRANSITIONS, Actor, JobTransition, Status, TransitionNotAllowed
from tests.jobs.factories import JobPostFactory

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(src, to) for src in Status for to in Status if src != to]
ALLOWED = sorted(TRANSITIONS.items())
REFUSED = [pair for pair in ALL_PAIRS if pair not in TRANSITIONS]


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

    record = post.transition(target, by=by, actor=actor, comment="because")

    post.refresh_from_db()
    assert post.status == target
    assert (record.from_status, record.to_status, record.by, record.comment) == (
        source,
        target,
        by,
        "because",
    )
    assert record.created_at is not None


@pytest.mark.parametrize("pair", REFUSED, ids=lambda v: f"{v[0]}->{v[1]}")
def test_impossible_transition_is_refused_and_changes_nothing(pair, poster, job_reviewer):
    source, target = pair
    post = post_in(source, poster)
    before = post.updated_at
    with pytest.raises(TransitionNotAllowed, match="cannot become"):
        post.transition(target, by=job_reviewer, actor=Actor.REVIEWER)
    post.refresh_from_db()
    assert post.status == source
    assert post.updated_at == before
    assert not JobTransition.objects.exists()


@pytest.mark.parametrize(
    "pair", [p for p, actor in ALLOWED if actor == Actor.REVIEWER], ids=lambda v: str(v)
)
def test_poster_cannot_make_a_reviewer_decision(pair, poster):
    post = post_in(pair[0], poster)
    with pytest.raises(TransitionNotAllowed, match="Only the reviewer"):
        post.transition(pair[1], by=poster, actor=Actor.POSTER)
    post.refresh_from_db()
    assert post.status == pair[0]


def test_another_user_cannot_make_the_posters_transitions(poster, other_poster):
    post = post_in(Status.DRAFT, poster)
    with pytest.raises(TransitionNotAllowed, match="Only the person who posted"):
        services.submit_post(post=post, by=other_poster)
    assert JobTransition.objects.count() == 0


def test_member_without_the_reviewer_role_cannot_approve(poster, member):
    post = post_in(Status.REVIEW, poster)
    with pytest.raises(TransitionNotAllowed, match="Only job board reviewers"):
        services.approve_post(post=post, by=member)
    post.refresh_from_db()
    assert post.status == Status.REVIEW


def test_reviewer_cannot_approve_own_post(job_reviewer):
    post = post_in(Status.REVIEW, job_reviewer)
    with pytest.raises(TransitionNotAllowed, match="your own post"):
        services.approve_post(post=post, by=job_reviewer)
    post.refresh_from_db()
    assert post.status == Status.REVIEW


def test_approval_sets_the_expiry_from_the_setting(settings, poster, job_reviewer):
    settings.JOBS_EXPIRY_DAYS = 45
    post = post_in(Status.REVIEW, poster)
    services.approve_post(post=post, by=job_reviewer)
    post.refresh_from_db()
    assert post.expires_at - post.published_at == timedelta(days=45)
    assert post.is_public


def test_editing_an_approved_post_sends_it_back_to_review(poster):
    post = post_in(Status.APPROVED, poster)
    data = {name: getattr(post, name) for name in ("title", "company_name", "company_website")}
    data["title"] = "Changed title"
    services.update_post(post=post, by=poster, data=data)
    post.refresh_from_db()
    assert post.status == Status.REVIEW
    assert not post.is_public
    assert post.transitions.get().comment == "Edited after publication."


@pytest.mark.parametrize(
    "status", [Status.REVIEW, Status.REJECTED, Status.FILLED, Status.SPAM, Status.WITHDRAWN]
)
def test_posts_under_review_or_closed_cannot_be_edited(status, poster):
    post = post_in(status, poster)
    with pytest.raises(TransitionNotAllowed, match="cannot be edited"):
        services.update_post(post=post, by=poster, data={"title": "x", "company_name": "y"})
    post.refresh_from_db()
    assert post.title != "x"


def test_reject_and_request_changes_need_a_comment(poster, job_reviewer):
    post = post_in(Status.REVIEW, poster)
    with pytest.raises(TransitionNotAllowed, match="reason"):
        services.reject_post(post=post, by=job_reviewer, reason="  ")
    with pytest.raises(TransitionNotAllowed, match="changes"):
        services.request_changes(post=post, by=job_reviewer, comment="")
    post.refresh_from_db()
    assert post.status == Status.REVIEW


def test_a_decision_snapshots_the_reviewed_fields(poster, job_reviewer):
    post = post_in(Status.REVIEW, poster)
    record = services.request_changes(post=post, by=job_reviewer, comment="Add a salary")
    assert record.snapshot["title"] == post.title
    assert record.snapshot["description"] == post.description
