"""The pure transition table of community.workflow: no database, no model."""

import pytest
from django.db import models

from community.workflow import ActionRefused, TransitionRefused, Workflow


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    OFF = "off", "Off"


class Who(models.TextChoices):
    DRIVER = "driver", "Driver"
    OPERATOR = "operator", "Operator"
    SYSTEM = "system", "System"


# Built when the tests run, not when the module is imported: mutation testing switches its
# mutants on only after the imports, and the table's construction is part of what it checks.
@pytest.fixture
def lights() -> Workflow:
    return Workflow(
        Light,
        {
            (Light.RED, Light.GREEN): {Who.SYSTEM},
            (Light.GREEN, Light.AMBER): {Who.SYSTEM, Who.OPERATOR},
            (Light.AMBER, Light.RED): Who.SYSTEM,  # a single actor may be given bare
            (Light.RED, Light.OFF): {Who.OPERATOR},
        },
        noun="light",
    )


def test_an_allowed_move_lists_its_actors(lights):
    assert lights.actors(Light.GREEN, Light.AMBER) == {"system", "operator"}
    assert lights.actors(Light.AMBER, Light.RED) == {"system"}


def test_a_move_missing_from_the_table_has_no_actors(lights):
    assert lights.actors(Light.GREEN, Light.RED) == frozenset()
    assert not lights.allows(Light.GREEN, Light.RED)
    assert not lights.allows(Light.GREEN, Light.RED, Who.SYSTEM)


def test_allows_with_and_without_an_actor(lights):
    assert lights.allows(Light.RED, Light.GREEN)
    assert lights.allows(Light.RED, Light.GREEN, Who.SYSTEM)
    assert lights.allows("red", "green", "system")  # plain strings, as stored
    assert not lights.allows(Light.RED, Light.GREEN, Who.DRIVER)


def test_check_passes_an_allowed_move_silently(lights):
    lights.check(Light.RED, Light.OFF, Who.OPERATOR)


def test_check_refuses_a_move_the_table_lacks(lights):
    with pytest.raises(TransitionRefused, match="A light that is “Green” cannot become “Red”") as e:
        lights.check(Light.GREEN, Light.RED, Who.SYSTEM)
    assert (e.value.from_status, e.value.to_status) == ("green", "red")


def test_check_refuses_the_wrong_actor_and_names_the_right_ones(lights):
    with pytest.raises(
        TransitionRefused, match="Only the operator or system can make a light"
    ) as e:
        lights.check(Light.GREEN, Light.AMBER, Who.DRIVER)
    assert (e.value.from_status, e.value.to_status) == ("green", "amber")


def test_a_refused_move_is_a_refused_action():
    assert issubclass(TransitionRefused, ActionRefused)


def test_targets_in_table_order_for_anyone_or_one_actor(lights):
    assert lights.targets(Light.RED) == ["green", "off"]
    assert lights.targets(Light.RED, Who.OPERATOR) == ["off"]
    assert lights.targets(Light.RED, Who.DRIVER) == []
    assert lights.targets(Light.OFF) == []


def test_statuses_reachable_by_an_actor(lights):
    assert lights.statuses_reachable_by(Who.OPERATOR) == {"amber", "off"}
    assert lights.statuses_reachable_by(Who.DRIVER) == set()


def test_the_table_refuses_an_unknown_status():
    with pytest.raises(ValueError, match="blue"):
        Workflow(Light, {(Light.RED, "blue"): {Who.SYSTEM}})


def test_a_noun_starting_with_a_vowel_reads_an():
    events = Workflow(Light, {(Light.RED, Light.GREEN): {Who.SYSTEM}}, noun="event")
    with pytest.raises(TransitionRefused, match=r"^An event that is “Green”"):
        events.check(Light.GREEN, Light.RED, Who.SYSTEM)
    # Inside a sentence too, in lower case.
    with pytest.raises(TransitionRefused, match=r"^Only the system can make an event “Green”\.$"):
        events.check(Light.RED, Light.GREEN, Who.OPERATOR)


def test_a_workflow_without_a_noun_speaks_of_an_item():
    items = Workflow(Light, {(Light.RED, Light.GREEN): {Who.SYSTEM}})
    with pytest.raises(TransitionRefused, match=r"^An item that is “Green” cannot become “Red”\.$"):
        items.check(Light.GREEN, Light.RED, Who.SYSTEM)


def test_an_object_without_a_status_yet_is_called_new(lights):
    with pytest.raises(TransitionRefused, match=r"^A light that is “new” cannot become “Red”\.$"):
        lights.check("", Light.RED, Who.SYSTEM)
