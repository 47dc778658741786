import pytest

from community import roles
from tests.factories import UserFactory
from tests.kits.conftest import na_manager, private_root, sa_manager  # noqa: F401


@pytest.fixture
def treasurer(db):
    return UserFactory(username="treasurer", role=roles.TREASURERS)
