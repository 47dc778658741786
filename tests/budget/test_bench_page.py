"""The bench's "budget report" row finds the report and the board account can open it."""

import pytest

from bench.urls import PAGES

pytestmark = pytest.mark.django_db


def test_the_budget_report_is_benchmarked_signed_in_as_the_board(client, board_member):
    page = {page.label: page for page in PAGES}["budget report"]
    assert page.resolve() == "/budget/"
    assert page.login == "board"
    client.force_login(board_member)
    assert client.get(page.resolve()).status_code == 200
