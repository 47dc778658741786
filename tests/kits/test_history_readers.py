"""Who reads every kit's history and costs: board members, treasurers and superusers; not a
signed-out visitor, not a member, not a kit manager for another region's kit."""

import pytest
from django.contrib.auth.models import AnonymousUser

from kits import services
from tests.factories import UserFactory
from tests.kits.factories import KitFactory, region

pytestmark = pytest.mark.django_db


def test_board_treasurers_and_superusers_read_any_kits_history(board_member, treasurer):
    kit = KitFactory(region=region("south-america"))
    superuser = UserFactory(is_superuser=True)
    assert services.can_read_history(board_member, kit)
    assert services.can_read_history(treasurer, kit)
    assert services.can_read_history(superuser, kit)


def test_visitors_members_and_other_regions_managers_do_not(member, na_manager):
    kit = KitFactory(region=region("south-america"))
    assert not services.can_read_history(AnonymousUser(), kit)
    assert not services.can_read_history(member, kit)
    assert not services.can_read_history(na_manager, kit)
