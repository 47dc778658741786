"""What a submission records (waiting, active, its clock started), whose waiting groups
count toward the limit, and what the reviewers are sent."""

import pytest

from community.workflow import ActionRefused
from representatives.models import GroupReview, GroupStatus, UserGroup
from representatives.services import MAX_WAITING_SUBMISSIONS, group_submit
from tests.factories import UserFactory
from tests.representatives.factories import RepresentativeFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


def submit(by, name="PyLadies Ghent", **fields):
    return group_submit(by=by, name=name, city="Ghent", country="BE", **fields)


def test_a_submission_waits_active_with_its_clock_started_when_sent(member):
    group = submit(member, status=GroupStatus.DORMANT, review_status=GroupReview.APPROVED)
    stored = UserGroup.objects.get(pk=group.pk)
    assert (stored.review_status, stored.status, stored.submitted_by) == (
        GroupReview.SUBMITTED,
        GroupStatus.ACTIVE,
        member,
    )
    created = stored.history.get()
    assert stored.submitted_at == stored.last_activity_at == created.at
    assert (created.from_status, created.to_status, created.by) == ("", "submitted", member)


def test_only_the_members_own_waiting_groups_count_toward_the_limit(member):
    other = UserFactory(username="other")
    for n in range(MAX_WAITING_SUBMISSIONS):
        UserGroupFactory(
            name=f"Theirs {n}", submitted_by=other, review_status=GroupReview.SUBMITTED
        )
        UserGroupFactory(name=f"Approved {n}", submitted_by=member)
    for n in range(MAX_WAITING_SUBMISSIONS - 1):
        submit(member, name=f"Mine {n}")
    submit(member, name="The fifth")
    with pytest.raises(ActionRefused) as refused:
        submit(member, name="The sixth")
    assert str(refused.value) == (
        "You have 5 groups waiting for review; submit more once those are answered."
    )
    assert not UserGroup.objects.filter(name="The sixth").exists()


def test_the_reviewers_are_sent_the_group_and_its_admin_page(
    member, django_capture_on_commit_callbacks, mailoutbox
):
    RepresentativeFactory(user=UserFactory(email="rep@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        group = submit(member, website="https://ghent.pyladies.example.org/")
    [mail] = mailoutbox
    assert mail.to == ["rep@example.org"]
    assert mail.subject.endswith("A user group to review: PyLadies Ghent")
    assert "https://ghent.pyladies.example.org/" in mail.body
    assert f"http://127.0.0.1:8000/admin/representatives/usergroup/{group.pk}/change/" in mail.body
