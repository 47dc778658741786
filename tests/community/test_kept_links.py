"""Links and static URLs kept per process: the same answers as Django's, computed once."""

import json

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, reverse, set_script_prefix

from community.static_storage import StaticFilesStorage
from community.templatetags.kept_urls import kept_reverse


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def dummy_view(request):  # a view for the urlconf below
    raise AssertionError


# The same name as the site's job board, at another path.
urlpatterns = [path("elsewhere/", include(([path("jobs/", dummy_view, name="index")], "jobs")))]


@pytest.fixture(autouse=True)
def fresh_memo():
    kept_reverse.cache_clear()
    yield
    kept_reverse.cache_clear()
    set_script_prefix("/")


def test_a_link_without_arguments_is_djangos_and_is_reversed_once():
    assert render("{% url 'jobs:index' %}") == reverse("jobs:index")
    assert render("{% url 'jobs:index' %}") == reverse("jobs:index")
    info = kept_reverse.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_the_link_follows_the_script_prefix():
    assert render("{% url 'jobs:index' %}") == "/jobs/"
    set_script_prefix("/portal/")
    assert render("{% url 'jobs:index' %}") == "/portal/jobs/"


def test_the_link_follows_the_urlconf():
    assert render("{% url 'jobs:index' %}") == "/jobs/"
    # override_settings clears Django's resolver cache; the new resolver is a new key.
    with override_settings(ROOT_URLCONF=__name__):
        assert render("{% url 'jobs:index' %}") == "/elsewhere/jobs/"
    assert render("{% url 'jobs:index' %}") == "/jobs/"


def test_links_with_arguments_and_named_links_are_djangos_own():
    assert render("{% url 'jobs:job-detail' 5 %}") == reverse("jobs:job-detail", args=[5])
    assert render("{% url 'jobs:index' as link %}[{{ link }}]") == "[/jobs/]"
    assert render("{% url 'no-such-page' as link %}[{{ link }}]") == "[]"
    assert kept_reverse.cache_info().currsize == 0


def test_an_unknown_name_still_fails_loudly_and_is_not_kept():
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}")
    assert kept_reverse.cache_info().currsize == 0


def manifest_storage(tmp_path, paths):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"paths": paths, "version": "1.1", "hash": "abc"})
    )
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_a_static_url_is_the_manifests_and_is_kept(tmp_path):
    storage = manifest_storage(tmp_path, {"css/site.css": "css/site.0123abcd.css"})
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    storage.hashed_files = {}  # the manifest is no longer consulted for a kept name
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"


def test_a_file_missing_from_the_manifest_fails_and_is_not_kept(tmp_path):
    storage = manifest_storage(tmp_path, {})
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("css/new.css")
    storage.hashed_files = {"css/new.css": "css/new.99.css"}
    assert storage.url("css/new.css") == "/static/css/new.99.css"
