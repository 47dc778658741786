"""The representatives' admin lists cost the same queries at 3 rows and at 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from representatives.models import Milestone, Region
from tests.representatives.factories import RepresentativeFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_groups(n, start):
    for i in range(start, start + n):
        UserGroupFactory(name=f"Group {i}", city=f"Town {i}", country="DE")


def add_milestones(n, start):
    europe = Region.objects.get(slug="europe")
    for i in range(start, start + n):
        Milestone.objects.create(region=europe, happened_on="2025-01-01", title=f"Step {i}")


@pytest.mark.parametrize(
    ("model", "add", "who"),
    [
        ("usergroup", add_groups, "representative"),
        ("usergroup", add_groups, "board_member"),
        ("usergroup", add_groups, "calendar_volunteer"),
        ("milestone", add_milestones, "representative"),
        ("milestone", add_milestones, "board_member"),
    ],
)
def test_admin_lists_do_not_grow_with_rows(client, request, model, add, who):
    user = request.getfixturevalue(who)
    if who == "representative":
        RepresentativeFactory(user=user)  # Europe, where the rows are
    client.force_login(user)
    url = reverse(f"admin:representatives_{model}_changelist")
    add(3, 0)
    queries(client, url)  # warm the session and the content types
    few = queries(client, url)
    add(27, 3)
    assert queries(client, url) == few
