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


@pytest.fixture
def network(monkeypatch):
    """Connections outside loopback are refused and recorded; chosen names resolve as told."""
    from tests.loopback import LoopbackOnly

    return LoopbackOnly(monkeypatch)


@pytest.fixture
def loopback_server(network, settings):
    """A web server on 127.0.0.1 that the fetcher may reach (FETCH_ALLOWED_HOSTS)."""
    from tests.loopback import LoopbackServer

    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    server = LoopbackServer().start()
    yield server
    server.stop()
