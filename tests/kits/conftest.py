import pytest

from community import roles
from tests.factories import UserFactory
from tests.kits.factories import RegionKitManagerFactory, region


@pytest.fixture
def na_manager(db):
    user = UserFactory(username="na-manager", role=roles.KIT_MANAGERS)
    RegionKitManagerFactory(user=user, region=region("north-america"))
    return user


@pytest.fixture
def sa_manager(db):
    user = UserFactory(username="sa-manager", role=roles.KIT_MANAGERS)
    RegionKitManagerFactory(user=user, region=region("south-america"))
    return user


@pytest.fixture
def treasurer(db):
    return UserFactory(username="treasurer", role=roles.TREASURERS)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Receipts written by a test land in its temporary folder, never in the tree."""
    settings.KITS_PRIVATE_ROOT = tmp_path / "private"
