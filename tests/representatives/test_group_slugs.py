"""A submitted group's address: its name and city once, never a taken slug nor one of the
directory's own pages, and short enough to number."""

import pytest

from representatives.services import group_submit
from tests.representatives.factories import UserGroupFactory

pytestmark = pytest.mark.django_db


def submitted(member, name, city="", country="DE"):
    return group_submit(by=member, name=name, city=city, country=country).slug


@pytest.mark.parametrize(
    ("name", "city", "slug"),
    [
        ("PyData", "Berlin", "pydata-berlin"),
        ("Python Berlin", "Berlin", "python-berlin"),
        ("PYTHON BERLIN", "berlin", "python-berlin"),
        ("Python Usergroup", "", "python-usergroup"),
        ("¿¡!", "", "group"),
    ],
)
def test_the_slug_names_the_group_and_its_city_once(member, name, city, slug):
    assert submitted(member, name, city) == slug


def test_a_taken_slug_gets_the_next_free_number(member):
    UserGroupFactory(name="Old PyData", slug="pydata-berlin")
    UserGroupFactory(name="Older PyData", slug="pydata-berlin-2")
    assert submitted(member, "PyData", "Berlin") == "pydata-berlin-3"
    assert submitted(member, "PyData", "Potsdam") == "pydata-potsdam"


@pytest.mark.parametrize("name", ["Submit", "Mine"])
def test_the_directorys_own_pages_are_never_a_groups_slug(member, name):
    assert submitted(member, name) == f"{name.lower()}-2"


def test_a_long_name_leaves_room_for_a_number(member):
    name = "Python " + "x" * 143
    base = ("python-" + "x" * 143)[:140]
    assert submitted(member, name, "Berlin") == base
    # Another city falls beyond the cut: the same base, numbered.
    assert submitted(member, name, "Potsdam") == f"{base}-2"
