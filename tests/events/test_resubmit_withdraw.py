"""A member edits and resubmits a rejected event, and withdraws one still waiting."""

import pytest
from django.urls import reverse

from events.models import EventStatus
from events.services import event_publish, event_reject
from tests.events.factories import SubmittedEventFactory
from tests.events.test_submission import form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(member, superuser):
    event = SubmittedEventFactory(submitted_by=member, title="PyCon Lisbon")
    event_reject(event=event, by=superuser, reason="Please add the venue's address.")
    return event


def test_the_rejection_mail_links_the_edit_and_resubmit_page(
    member, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    event = SubmittedEventFactory(submitted_by=member)
    with django_capture_on_commit_callbacks(execute=True):
        event_reject(event=event, by=superuser, reason="Add the venue.")
    assert reverse("events:submission-edit", args=[event.pk]) in mailoutbox[-1].body


def test_my_events_offers_to_edit_and_resubmit_a_rejected_event(client, member, rejected):
    client.force_login(member)
    page = client.get(reverse("events:my-submissions")).content.decode()
    assert "Edit and resubmit" in page
    assert reverse("events:submission-edit", args=[rejected.pk]) in page


def test_the_edit_page_shows_the_reason_and_resubmits(client, member, rejected):
    client.force_login(member)
    url = reverse("events:submission-edit", args=[rejected.pk])
    page = client.get(url).content.decode()
    assert "Please add the venue&#x27;s address." in page
    assert "Edit and resubmit" in page
    response = client.post(url, form_data(venue_address="Rua do Congresso 1"))
    assert response.status_code == 302
    rejected.refresh_from_db()
    assert rejected.status == EventStatus.SUBMITTED
    assert rejected.venue_address == "Rua do Congresso 1"
    assert rejected.rejection_reason == ""
    last = rejected.status_changes.last()
    assert (last.from_status, last.to_status, last.by) == ("rejected", "submitted", member)


def test_a_resubmitted_event_is_back_in_the_volunteers_queue(client, member, rejected, superuser):
    client.force_login(member)
    client.post(reverse("events:submission-edit", args=[rejected.pk]), form_data())
    client.force_login(superuser)
    queue = client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "PyCon Lisbon" in queue


def test_nobody_resubmits_someone_elses_event(client, rejected):
    client.force_login(UserFactory())
    url = reverse("events:submission-edit", args=[rejected.pk])
    assert client.post(url, form_data()).status_code == 404
    rejected.refresh_from_db()
    assert rejected.status == EventStatus.REJECTED


def test_a_member_withdraws_a_waiting_event(client, member):
    event = SubmittedEventFactory(submitted_by=member)
    client.force_login(member)
    page = client.get(reverse("events:my-submissions")).content.decode()
    url = reverse("events:submission-withdraw", args=[event.pk])
    assert f'action="{url}"' in page
    response = client.post(url, follow=True)
    assert "is withdrawn" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.WITHDRAWN
    assert event.status_changes.last().by == member


def test_a_published_event_cannot_be_withdrawn(client, member, superuser):
    event = SubmittedEventFactory(submitted_by=member)
    event_publish(event=event, by=superuser)
    client.force_login(member)
    page = client.get(reverse("events:my-submissions")).content.decode()
    url = reverse("events:submission-withdraw", args=[event.pk])
    assert f'action="{url}"' not in page
    response = client.post(url, follow=True)
    assert "cannot become" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_nobody_withdraws_someone_elses_event(client, member):
    event = SubmittedEventFactory(submitted_by=UserFactory())
    client.force_login(member)
    url = reverse("events:submission-withdraw", args=[event.pk])
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405


def test_my_events_query_count_does_not_grow_with_rows(client, member, django_assert_num_queries):
    for _ in range(2):
        SubmittedEventFactory(submitted_by=member)
    client.force_login(member)
    client.get(reverse("events:my-submissions"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("events:my-submissions"))
    for _ in range(8):
        SubmittedEventFactory(submitted_by=member)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("events:my-submissions"))
