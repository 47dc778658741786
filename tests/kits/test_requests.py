"""Members request kits; the form shows free kits with transit; managers decide on the site."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from kits.models import Booking, BookingStatus, ShippingTime
from representatives.models import ActivityReport, Region
from tests.factories import UserFactory
from tests.kits.factories import ApprovedBookingFactory, BookingFactory, KitFactory, in_days, region
from tests.representatives.factories import RepresentativeFactory

pytestmark = pytest.mark.django_db


def request_data(**overrides):
    starts = in_days(90)
    data = {
        "conference_name": "PyCon Brasil",
        "conference_city": "Belo Horizonte",
        "conference_country": "BR",
        "conference_starts": starts,
        "conference_ends": starts + timedelta(days=3),
        "arrive_by": starts - timedelta(days=2),
        "leave_on": starts + timedelta(days=4),
        "shipping_address": "Centro de Convenções, Belo Horizonte",
        "contact_name": "Bia",
        "contact_email": "bia@example.org",
        "note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def kits(db):
    na = KitFactory(name="North American kit")
    sa = KitFactory(name="South American kit", region=region("south-america"))
    ShippingTime.objects.create(origin=na.region, destination=sa.region, days=20)
    ShippingTime.objects.create(origin=sa.region, destination=sa.region, days=4)
    return {"na": na, "sa": sa}


def test_checking_dates_suggests_the_kit_with_the_shortest_transit(client, member, kits):
    client.force_login(member)
    response = client.post(reverse("kits:booking-request"), {**request_data(), "check": "1"})
    assert "Suggested: <strong>South American kit</strong>" in response.text
    assert "4 days" in response.text
    assert not Booking.objects.exists()


def test_a_kit_booked_for_the_dates_with_transit_is_not_offered(client, member, kits):
    data = request_data()
    ApprovedBookingFactory(
        kit=kits["sa"],
        arrive_by=data["arrive_by"] + timedelta(days=8),
        leave_on=data["leave_on"] + timedelta(days=9),
        conference_starts=data["arrive_by"] + timedelta(days=8),
        conference_ends=data["leave_on"] + timedelta(days=9),
    )
    client.force_login(member)
    response = client.post(reverse("kits:booking-request"), {**data, "check": "1"})
    assert "South American kit is not free" in response.text
    assert "Suggested: <strong>North American kit</strong>" in response.text


def test_sending_creates_the_request_and_mails_the_regions_managers(
    client, member, kits, sa_manager, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("kits:booking-request"), {**request_data(), "send": "1", "kit": kits["sa"].pk}
        )
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert (booking.kit, booking.requester, booking.status) == (kits["sa"], member, "requested")
    assert booking.outbound_days == 4
    assert booking.history.get().to_status == "requested"
    assert sa_manager.email in mailoutbox[-1].to


def test_a_return_before_the_arrival_is_a_clear_error_and_keeps_the_input(client, member, kits):
    client.force_login(member)
    data = request_data(leave_on=in_days(10), arrive_by=in_days(20))
    response = client.post(reverse("kits:booking-request"), {**data, "send": "1"})
    assert "The kit cannot leave before it arrives." in response.text
    assert "Centro de Convenções" in response.text
    assert not Booking.objects.exists()


def test_an_unverified_member_cannot_request(client, kits):
    user = UserFactory(username="unverified", verified_email=False)
    client.force_login(user)
    response = client.post(reverse("kits:booking-request"), {**request_data(), "send": "1"})
    assert not Booking.objects.exists()
    assert response.status_code in (200, 302)


def test_my_requests_lists_only_mine(client, member):
    mine = BookingFactory(requester=member, conference_name="My Conf")
    BookingFactory(conference_name="Their Conf")
    client.force_login(member)
    text = client.get(reverse("kits:my-requests")).text
    assert "My Conf" in text
    assert "Their Conf" not in text
    assert client.get(mine.get_absolute_url()).status_code == 200


def test_a_manager_approves_on_the_booking_page(client, na_manager):
    booking = BookingFactory()
    client.force_login(na_manager)
    response = client.post(reverse("kits:booking-approve", args=[booking.pk]), follow=True)
    assert "Approved" in response.text
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.APPROVED


def test_an_overlapping_approval_is_a_message_not_a_500(client, na_manager):
    first = ApprovedBookingFactory()
    second = BookingFactory(kit=first.kit)
    client.force_login(na_manager)
    response = client.post(reverse("kits:booking-approve", args=[second.pk]), follow=True)
    assert response.status_code == 200
    assert f"{first.blocked_start:%d %b %Y}" in response.text
    assert Booking.objects.get(pk=second.pk).status == BookingStatus.REQUESTED


def test_declining_needs_a_reason(client, na_manager):
    booking = BookingFactory()
    client.force_login(na_manager)
    response = client.post(
        reverse("kits:booking-decline", args=[booking.pk]), {"reason": ""}, follow=True
    )
    assert "Say why" in response.text
    client.post(reverse("kits:booking-decline", args=[booking.pk]), {"reason": "In repair."})
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.DECLINED


def test_another_regions_manager_cannot_decide(client, sa_manager):
    booking = BookingFactory()
    client.force_login(sa_manager)
    assert client.post(reverse("kits:booking-approve", args=[booking.pk])).status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.REQUESTED


def test_picking_the_conference_from_the_calendar_fills_its_name_place_and_dates(
    client, member, kits
):
    from tests.events.factories import EventFactory

    event = EventFactory(title="PyCon Calendar", city="Recife", country="BR")
    start = event.start.date()
    client.force_login(member)
    data = request_data(
        event=event.pk,
        conference_name="",
        conference_city="",
        conference_country="",
        conference_starts="",
        conference_ends="",
        arrive_by=start,
        leave_on=event.end.date() + timedelta(days=1),
    )
    response = client.post(
        reverse("kits:booking-request"), {**data, "send": "1", "kit": kits["sa"].pk}
    )
    assert response.status_code == 302, response.context["form"].errors
    booking = Booking.objects.get()
    assert (booking.event, booking.conference_name, booking.conference_city) == (
        event,
        "PyCon Calendar",
        "Recife",
    )
    assert booking.conference_country == "BR"


# --- a representative's request names the activity report that asked for it -----------

REQUEST = reverse("kits:booking-request")


def report(term, quarter=1, year=None):
    year = year or date.today().year
    return ActivityReport.objects.create(
        representative=term, year=year, quarter=quarter, summary="Needs a kit."
    )


def offered_reports(page):
    """The report ids the request form's report menu offers (not any other ``value=``)."""
    menu = re.search(r'<select name="activity_report".*?</select>', page, re.S)
    return {int(v) for v in re.findall(r'<option value="(\d+)"', menu.group())} if menu else set()


@pytest.fixture
def term(member):
    return RepresentativeFactory(user=member, region=Region.objects.get(slug="south-america"))


def test_a_representative_picks_a_report_of_their_region(client, member, term, kits):
    theirs = report(term)
    co_representative = report(RepresentativeFactory(region=term.region), quarter=2)
    elsewhere = report(RepresentativeFactory(region=Region.objects.get(slug="asia")))
    client.force_login(member)
    page = client.get(REQUEST).text
    assert "Asked for in your region" in page
    assert offered_reports(page) == {theirs.pk, co_representative.pk}
    assert elsewhere.pk not in offered_reports(page)
    data = {**request_data(), "send": "1", "kit": kits["sa"].pk, "activity_report": theirs.pk}
    assert client.post(REQUEST, data).status_code == 302
    assert Booking.objects.get().activity_report == theirs


def test_another_regions_report_is_refused_and_nothing_is_lost(client, member, term, kits):
    report(term)
    elsewhere = report(RepresentativeFactory(region=Region.objects.get(slug="asia")))
    client.force_login(member)
    data = {**request_data(), "send": "1", "kit": kits["sa"].pk, "activity_report": elsewhere.pk}
    response = client.post(REQUEST, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Centro de Convenções" in response.text
    assert not Booking.objects.exists()


def test_a_member_without_reports_sees_no_report_field_and_cannot_send_one(client, member, kits):
    someone = report(RepresentativeFactory())
    client.force_login(member)
    assert "activity_report" not in client.get(REQUEST).text
    data = {**request_data(), "send": "1", "kit": kits["sa"].pk, "activity_report": someone.pk}
    assert client.post(REQUEST, data).status_code == 302
    assert Booking.objects.get().activity_report is None


def test_old_reports_are_not_offered(client, member, term, kits):
    old = report(term, year=date.today().year - 2)
    recent = report(term, year=date.today().year - 1)
    client.force_login(member)
    page = client.get(REQUEST).text
    assert offered_reports(page) == {recent.pk}
    assert old.pk not in offered_reports(page)
