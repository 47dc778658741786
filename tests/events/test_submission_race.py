"""Two submissions sent at once by one member: the daily limit holds for both."""

import threading
import time

import pytest
from django.db import connection, transaction

from events import services
from events.models import Event
from tests.events.factories import SubmittedEventFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_submission_sent_while_another_is_saved_waits_and_is_refused(member, settings):
    settings.EVENT_SUBMISSIONS_PER_DAY = 1
    first_checked, outcome = threading.Event(), {}

    def submit_slowly():
        try:
            with transaction.atomic():
                services.event_submit(event=SubmittedEventFactory.build(title="First"), by=member)
                first_checked.set()
                time.sleep(1)  # the second submission is checked meanwhile, or waits
        finally:
            connection.close()

    def submit_at_once():
        first_checked.wait(10)
        try:
            services.event_submit(event=SubmittedEventFactory.build(title="Second"), by=member)
            outcome["second"] = "saved"
        except services.SubmissionLimitReached:
            outcome["second"] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=submit_slowly), threading.Thread(target=submit_at_once)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome == {"second": "refused"}
    assert list(Event.objects.values_list("title", flat=True)) == ["First"]
