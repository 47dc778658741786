"""Two submissions sent at once by one member: the daily limit holds for both."""

import pytest

from events import services
from events.models import Event
from tests.concurrency import while_held
from tests.events.factories import SubmittedEventFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_submission_sent_while_another_is_saved_waits_and_is_refused(member, settings):
    settings.EVENT_SUBMISSIONS_PER_DAY = 1

    with pytest.raises(services.SubmissionLimitReached):
        while_held(
            lambda: services.event_submit(
                event=SubmittedEventFactory.build(title="First"), by=member
            ),
            lambda: services.event_submit(
                event=SubmittedEventFactory.build(title="Second"), by=member
            ),
        )

    assert list(Event.objects.values_list("title", flat=True)) == ["First"]
