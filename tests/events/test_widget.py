import pytest
from django.test import Client
from django.urls import reverse

from tests.events.factories import EventFactory, in_days

pytestmark = pytest.mark.django_db


def widget(client, query=""):
    return client.get(reverse("events:calendar-widget", args=["python-events"]) + query)


def test_widget_shows_the_next_events_up_to_the_limit(client):
    for n in range(4):
        EventFactory(title=f"Conference {n}", start=in_days(10 + n), end=in_days(11 + n))
    page = widget(client, "?limit=2").content.decode()
    assert "Conference 0" in page
    assert "Conference 1" in page
    assert "Conference 2" not in page
    assert 'href="/static/events/widget.css"' in page
    assert 'target="_blank"' in page


def test_widget_may_be_framed_by_any_site(client):
    response = widget(client)
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url",
    ["/events/", "/events/python-events/", "/"],
)
def test_other_pages_still_refuse_framing(url):
    response = Client().get(url)
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_calendar_page_shows_the_copy_paste_snippet(client):
    page = client.get(reverse("events:calendar", args=["python-events"])).content.decode()
    assert (
        "&lt;iframe src=&quot;http://testserver/events/python-events/widget/?limit=5&quot;" in page
    )
