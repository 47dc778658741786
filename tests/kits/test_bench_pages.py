"""The kits pages are in the benchmark's list and resolve in a seeded database."""

import pytest

from bench.urls import PAGES
from tests.kits.factories import KitFactory

pytestmark = pytest.mark.django_db


def test_the_catalogue_and_a_kit_page_are_benchmarked(client):
    kit = KitFactory()
    pages = {page.label: page for page in PAGES}
    assert pages["kits"].resolve() == "/kits/"
    assert pages["kit detail"].resolve() == kit.get_absolute_url()
    assert client.get(pages["kit detail"].resolve()).status_code == 200
