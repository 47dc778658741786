"""What a booking's people are told, and what its history keeps: the managers' mail on a
request, the requester's on each decision, each with the link to the booking."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.workflow import ActionRefused
from kits import services
from kits.models import Booking, BookingStatus
from tests.factories import UserFactory
from tests.kits.factories import (
    ApprovedBookingFactory,
    BookingFactory,
    KitFactory,
    RegionKitManagerFactory,
    in_days,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://community.example"


def link_to(booking):
    return "https://community.example" + reverse("kits:booking-detail", args=[booking.pk])


def request_fields():
    starts = in_days(90)
    return {
        "conference_name": "PyCon Canada",
        "conference_city": "Toronto",
        "conference_country": "CA",
        "conference_starts": starts,
        "conference_ends": starts + timedelta(days=3),
        "arrive_by": starts - timedelta(days=2),
        "leave_on": starts + timedelta(days=4),
        "shipping_address": "Conference Centre, Toronto",
        "contact_name": "Carla",
        "contact_email": "carla@example.org",
    }


def test_a_request_is_recorded_as_the_members_and_mails_the_managers_its_link(
    na_manager, mailoutbox, django_capture_on_commit_callbacks
):
    member = UserFactory(username="requesting-member")
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_request(by=member, kit=KitFactory(), **request_fields())
    row = booking.history.get()
    assert (row.from_status, row.to_status, row.by) == ("", BookingStatus.REQUESTED, member)
    (mail,) = mailoutbox
    assert mail.to == [na_manager.email]
    assert f"Approve, decline or propose another kit: {link_to(booking)}" in mail.body


def test_a_request_mails_the_regions_managers_and_the_kits_keeper_each_once_oldest_first(
    mailoutbox, django_capture_on_commit_callbacks
):
    keeper = UserFactory(username="kit-keeper")
    regional = UserFactory(username="regional-manager")
    RegionKitManagerFactory(user=regional, region=region("north-america"))
    kit = KitFactory()
    kit.managers.add(keeper, regional)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_request(by=UserFactory(), kit=kit, **request_fields())
    (mail,) = mailoutbox
    assert mail.to == [keeper.email, regional.email]


def test_a_request_costs_the_same_queries_for_one_regional_manager_or_four(
    django_capture_on_commit_callbacks,
):
    kit = KitFactory()
    RegionKitManagerFactory(region=kit.region)

    def queries_of_a_request():
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks():
            services.booking_request(by=UserFactory(), kit=kit, **request_fields())
        return len(queries)

    queries_of_a_request()  # the first one fills Django's caches
    with_one = queries_of_a_request()
    RegionKitManagerFactory.create_batch(3, region=kit.region)
    assert queries_of_a_request() == with_one


def test_an_approval_without_a_note_mails_no_note_and_records_no_reason(
    na_manager, mailoutbox, django_capture_on_commit_callbacks
):
    booking = BookingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_approve(booking=booking, by=na_manager)
    assert booking.history.last().reason == ""
    (mail,) = mailoutbox
    assert mail.to == [booking.requester.email]
    assert "Note from the kit manager" not in mail.body
    assert f"Your request: {link_to(booking)}" in mail.body


def test_an_approvals_note_is_kept_in_the_history_and_mailed(
    na_manager, mailoutbox, django_capture_on_commit_callbacks
):
    booking = BookingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_approve(booking=booking, by=na_manager, note="Pick it up at gate 3.")
    row = booking.history.last()
    assert (row.to_status, row.by, row.reason) == (
        BookingStatus.APPROVED,
        na_manager,
        "Pick it up at gate 3.",
    )
    assert "Note from the kit manager: Pick it up at gate 3." in mailoutbox[0].body


def test_a_proposal_without_a_note_names_both_kits_in_the_history_and_the_mail(
    na_manager, mailoutbox, django_capture_on_commit_callbacks
):
    booking = BookingFactory(kit=KitFactory(name="Big NA kit"))
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_propose_kit(
            booking=booking, by=na_manager, kit=KitFactory(name="Popup NA kit")
        )
    assert booking.history.last().reason == "Proposed Popup NA kit instead of Big NA kit."
    (mail,) = mailoutbox
    assert "The kit managers propose Popup NA kit instead of Big NA kit for" in mail.body
    assert "Their note" not in mail.body
    assert f"it is now for Popup NA kit: {link_to(booking)}" in mail.body


def test_a_proposals_note_follows_the_kits_in_the_history_and_is_mailed(
    na_manager, mailoutbox, django_capture_on_commit_callbacks
):
    booking = BookingFactory(kit=KitFactory(name="Big NA kit"))
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_propose_kit(
            booking=booking, by=na_manager, kit=KitFactory(name="Popup NA kit"), note="Lighter."
        )
    assert booking.history.last().reason == "Proposed Popup NA kit instead of Big NA kit. Lighter."
    assert "Their note: Lighter." in mailoutbox[0].body


def test_proposing_the_same_kit_or_one_not_managed_is_refused_in_words(na_manager, mailoutbox):
    booking = BookingFactory()
    with pytest.raises(ActionRefused) as refused:
        services.booking_propose_kit(booking=booking, by=na_manager, kit=booking.kit)
    assert str(refused.value) == "Propose a different kit from the one requested."
    elsewhere = KitFactory(region=region("south-america"))
    with pytest.raises(ActionRefused) as refused:
        services.booking_propose_kit(booking=booking, by=na_manager, kit=elsewhere)
    assert str(refused.value) == "You can only propose kits you manage."
    assert Booking.objects.get(pk=booking.pk).kit == booking.kit
    assert not mailoutbox


def test_an_advance_keeps_the_managers_note_and_none_when_not_given(na_manager):
    booking = ApprovedBookingFactory()
    services.booking_advance(booking=booking, by=na_manager, to=BookingStatus.SHIPPED)
    assert booking.history.last().reason == ""
    services.booking_advance(
        booking=booking, by=na_manager, to=BookingStatus.AT_EVENT, note="Signed for at the desk."
    )
    row = booking.history.last()
    assert (row.to_status, row.by, row.reason) == (
        BookingStatus.AT_EVENT,
        na_manager,
        "Signed for at the desk.",
    )
