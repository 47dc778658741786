import pytest

from community import roles
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user, and most tests create users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts with an empty cache: rate limits and cached pages do not leak."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return UserFactory(username="member")


@pytest.fixture
def calendar_volunteer(db):
    return UserFactory(username="calendar", role=roles.CALENDAR_VOLUNTEERS)


@pytest.fixture
def job_reviewer(db):
    return UserFactory(username="reviewer", role=roles.JOB_BOARD_REVIEWERS)


@pytest.fixture
def kit_manager(db):
    return UserFactory(username="kitmanager", role=roles.KIT_MANAGERS)


@pytest.fixture
def board_member(db):
    return UserFactory(username="board", role=roles.BOARD_MEMBERS)


@pytest.fixture
def representative(db):
    return UserFactory(username="representative", role=roles.REGIONAL_REPRESENTATIVES)


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)
