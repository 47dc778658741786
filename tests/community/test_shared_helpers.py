"""The helpers in community/ that several apps share, each written once."""

import json

import pytest
from django.contrib.admin import ModelAdmin, site
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.syndication.views import Feed
from django.test import RequestFactory

from community.admin_actions import report_outcome
from community.feeds import joined
from community.jsonld import json_ld
from community.pagination import CappedPaginator, limit_from, page_of
from community.workflow import ActionRefused, apply_to_each
from representatives.models import Region


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", 5), ("limit=7", 7), ("limit=0", 1), ("limit=-3", 1), ("limit=999", 20), ("limit=x", 5)],
)
def test_limit_is_clamped_between_one_and_the_maximum(rf, query, expected):
    request = rf.get(f"/?{query}")
    assert limit_from(request, default=5, maximum=20) == expected


def test_json_ld_cannot_close_its_script_element():
    text = json_ld({"name": "</script><script>alert(1)</script> & <!--", "city": "Kraków"})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert "Kraków" in text  # UTF-8, not \\u escapes: the page is UTF-8
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["", "2", "abc", "999"])
def test_page_of_counts_capped_and_never_fails_on_a_bad_number(rf, page):
    page_obj = page_of(rf.get(f"/?page={page}"), Region.objects.order_by("pk"), 4)
    assert isinstance(page_obj.paginator, CappedPaginator)
    assert page_obj.number == (2 if page in ("2", "999") else 1)


def test_joined_turns_a_written_feed_into_one_piece(rf):
    class Tiny(Feed):
        title = link = description = "x"

        def items(self):
            return [1, 2, 3]

        def item_link(self, item):
            return f"/{item}/"

    response = Tiny()(rf.get("/"))
    body = response.content
    assert len(list(response)) > 1  # the feed writer's many small writes
    assert list(joined(response)) == [body]


def test_apply_to_each_keeps_going_past_a_refusal():
    def act(number):
        if number == 2:
            raise ActionRefused("two is refused")

    assert apply_to_each([1, 2, 3], act) == (2, ["“2”: two is refused"])


def test_report_outcome_says_what_was_done_and_each_refusal(rf):
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    model_admin = ModelAdmin(Region, site)
    report_outcome(model_admin, request, done=2, success="{done} done.", problems=["“x”: no"])
    report_outcome(model_admin, request, done=0, success="{done} done.", problems=[])
    assert [str(m) for m in get_messages(request)] == ["2 done.", "“x”: no"]


@pytest.fixture
def rf():
    return RequestFactory()
