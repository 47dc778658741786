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


LIGHTS = Workflow(
    Light,
    {
        (Light.RED, Light.GREEN): {Who.SYSTEM},
        (Light.GREEN, Light.AMBER): {Who.SYSTEM, Who.OPERATOR},
        (Light.AMBER, Light.RED): Who.SYSTEM,  # a single actor may be given bare
        (Light.RED, Light.OFF): {Who.OPERATOR},
    },
    noun="light",
)


def test_an_allowed_move_lists_its_actors():
    assert LIGHTS.actors(Light.GREEN, Light.AMBER) == {"system", "operator"}
    assert LIGHTS.actors(Light.AMBER, Light.RED) == {"system"}


def test_a_move_missing_from_the_table_has_no_actors():
    assert LIGHTS.actors(Light.GREEN, Light.RED) == frozenset()
    assert not LIGHTS.allows(Light.GREEN, Light.RED)
    assert not LIGHTS.allows(Light.GREEN, Light.RED, Who.SYSTEM)


def test_allows_with_and_without_an_actor():
    assert LIGHTS.allows(Light.RED, Light.GREEN)
    assert LIGHTS.allows(Light.RED, Light.GREEN, Who.SYSTEM)
    assert LIGHTS.allows("red", "green", "system")  # plain strings, as stored
    assert not LIGHTS.allows(Light.RED, Light.GREEN, Who.DRIVER)


def test_check_passes_an_allowed_move_silently():
    LIGHTS.check(Light.RED, Light.OFF, Who.OPERATOR)


def test_check_refuses_a_move_the_table_lacks():
    with pytest.raises(TransitionRefused, match="A light that is “Green” cannot become “Red”") as e:
        LIGHTS.check(Light.GREEN, Light.RED, Who.SYSTEM)
    assert (e.value.from_status, e.value.to_status) == ("green", "red")


def test_check_refuses_the_wrong_actor_and_names_the_right_ones():
    with pytest.raises(TransitionRefused, match="Only the operator or system can make a light"):
        LIGHTS.check(Light.GREEN, Light.AMBER, Who.DRIVER)


def test_a_refused_move_is_a_refused_action():
    assert issubclass(TransitionRefused, ActionRefused)


def test_targets_in_table_order_for_anyone_or_one_actor():
    assert LIGHTS.targets(Light.RED) == ["green", "off"]
    assert LIGHTS.targets(Light.RED, Who.OPERATOR) == ["off"]
    assert LIGHTS.targets(Light.RED, Who.DRIVER) == []
    assert LIGHTS.targets(Light.OFF) == []


def test_statuses_reachable_by_an_actor():
    assert LIGHTS.statuses_reachable_by(Who.OPERATOR) == {"amber", "off"}
    assert LIGHTS.statuses_reachable_by(Who.DRIVER) == set()


def test_the_table_refuses_an_unknown_status():
    with pytest.raises(ValueError, match="blue"):
        Workflow(Light, {(Light.RED, "blue"): {Who.SYSTEM}})


def test_a_noun_starting_with_a_vowel_reads_an():
    events = Workflow(Light, {(Light.RED, Light.GREEN): {Who.SYSTEM}}, noun="event")
    with pytest.raises(TransitionRefused, match=r"^An event that is “Green”"):
        events.check(Light.GREEN, Light.RED, Who.SYSTEM)
