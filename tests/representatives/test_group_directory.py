import pytest
from django.urls import reverse

from representatives.models import Region
from tests.representatives.factories import UserGroupFactory

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("representatives:group-list")


def test_directory_lists_groups_with_their_place_and_region(client):
    europe = Region.objects.get(slug="europe")
    UserGroupFactory(name="PyBerlin", city="Berlin", country="DE", region=europe)
    html = client.get(DIRECTORY).content.decode()
    assert "PyBerlin" in html
    assert "Berlin, Germany" in html
    assert europe.get_absolute_url() in html


def test_directory_filters_by_region_country_and_text(client):
    europe = Region.objects.get(slug="europe")
    asia = Region.objects.get(slug="asia")
    UserGroupFactory(name="PyBerlin", city="Berlin", country="DE", region=europe)
    UserGroupFactory(name="PyTokyo", city="Tokyo", country="JP", region=asia)
    assert b"PyTokyo" not in client.get(DIRECTORY, {"region": "europe"}).content
    assert b"PyBerlin" not in client.get(DIRECTORY, {"country": "JP"}).content
    only_tokyo = client.get(DIRECTORY, {"q": "tokyo"}).content
    assert b"PyTokyo" in only_tokyo
    assert b"PyBerlin" not in only_tokyo


def test_a_bad_filter_value_is_ignored_not_an_error(client):
    UserGroupFactory(name="PyBerlin")
    response = client.get(DIRECTORY, {"region": "atlantis", "country": "ZZ"})
    assert response.status_code == 200
    assert b"PyBerlin" in response.content


def test_directory_query_count_does_not_grow_with_groups(client, django_assert_num_queries):
    UserGroupFactory.create_batch(3)
    # Content versions, count, the page's groups, the per-country counts, the region
    # filter's choices.
    with django_assert_num_queries(5):
        client.get(DIRECTORY)
    UserGroupFactory.create_batch(60)
    with django_assert_num_queries(5):
        response = client.get(DIRECTORY)
    assert b"Page 1 of 3" in response.content


def test_region_page_lists_its_groups(client):
    europe = Region.objects.get(slug="europe")
    UserGroupFactory(name="PyAmsterdam", city="Amsterdam", country="NL")
    UserGroupFactory(name="PyNairobi", city="Nairobi", country="KE")
    html = client.get(europe.get_absolute_url()).content.decode()
    assert "PyAmsterdam" in html
    assert "PyNairobi" not in html


def test_seed_scale_adds_groups(settings):
    from django.core.management import call_command

    from representatives.models import UserGroup

    settings.DEBUG = True
    call_command("seed_demo", "--scale", "25")
    assert UserGroup.objects.filter(slug__startswith="scale-group-").count() == 25
