import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler
from django.test import override_settings
from django.urls import path, reverse

from community import views

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_healthz_is_503_when_the_database_is_unreachable(client, settings, monkeypatch):
    unreachable = dict(settings.DATABASES["default"], HOST="127.0.0.1", PORT="1")
    unreachable["OPTIONS"] = {"connect_timeout": 1}
    handler = ConnectionHandler({"default": unreachable})
    monkeypatch.setattr(views, "connections", handler)
    try:
        response = client.get(reverse("healthz"))
    finally:
        handler.close_all()
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def database_down(request):
    raise OperationalError("could not connect to server")


urlpatterns = [path("down/", database_down)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_database_outage_gives_a_friendly_503_page(client):
    response = client.get("/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"We'll be right back" in response.content
    assert b"Traceback" not in response.content
