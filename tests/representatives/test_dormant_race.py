"""A group another transaction holds (a feed import updating it) is left for the next
daily run: the dormancy run neither waits for it nor marks it."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from representatives.models import DORMANT_AFTER, GroupStatus, UserGroup
from representatives.services import groups_mark_dormant
from tests.representatives.factories import UserGroupFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_group_locked_by_another_transaction_is_skipped_not_waited_for():
    long_ago = timezone.now() - DORMANT_AFTER - timedelta(days=1)
    busy = UserGroupFactory(name="PyBusy", last_activity_at=long_ago)
    quiet = UserGroupFactory(name="PyQuiet", last_activity_at=long_ago)
    locked, release = threading.Event(), threading.Event()

    def hold_the_group():
        try:
            with transaction.atomic():
                UserGroup.objects.select_for_update().get(pk=busy.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_group)
    holder.start()
    try:
        assert locked.wait(10)
        outcome = {}

        def run_the_daily_command():
            try:
                outcome["marked"] = [group.name for group in groups_mark_dormant()]
            finally:
                connection.close()

        runner = threading.Thread(target=run_the_daily_command)
        runner.start()
        runner.join(3)  # a run that waits for the lock is still blocked here
        finished_while_locked = not runner.is_alive()
    finally:
        release.set()
        holder.join(10)
    runner.join(10)
    assert finished_while_locked
    assert outcome == {"marked": ["PyQuiet"]}
    busy.refresh_from_db()
    quiet.refresh_from_db()
    assert (busy.status, quiet.status) == (GroupStatus.ACTIVE, GroupStatus.DORMANT)
