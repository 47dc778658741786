"""The demo shows India being set up, a representative for Europe and a full directory."""

import pytest
from django.core.management import call_command

from representatives.models import Region, Representative, UserGroup

pytestmark = pytest.mark.django_db


def test_the_demo_shows_india_being_set_up_and_is_idempotent(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    india = Region.objects.get(slug="india")
    assert india.status == Region.Status.SETTING_UP
    assert india.milestones.count() == 3
    proposed = Representative.objects.get(region=india)
    assert proposed.status == Representative.Status.PROPOSED
    assert Region.objects.with_active_representatives().filter(slug="europe").exists()
    assert UserGroup.objects.count() >= 200
    assert UserGroup.objects.filter(country="ZA", region__slug="africa").exists()
    html = client.get(india.get_absolute_url()).content.decode()
    assert "Priya Raman" in html
    assert "First contact" in html
