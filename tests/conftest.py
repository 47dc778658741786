import os

import pytest
from django.test import Client

from community import roles
from tests.factories import UserFactory

DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}

if "MUTANT_UNDER_TEST" in os.environ:  # set by mutmut (make mutate) in each of its runs
    from tests import mutation_db

    @pytest.fixture(scope="session")
    def django_db_setup(request, django_test_environment, django_db_blocker):
        with django_db_blocker.unblock():
            original = mutation_db.open_test_database()
        yield
        committed = getattr(request.session, "commits_to_database", False)
        with django_db_blocker.unblock():
            mutation_db.close_test_database(original, committed=committed)

    def pytest_runtest_setup(item):
        # Noted before the test runs: a session that dies inside it leaves no clean mark.
        if mutation_db.commits_to_database(item):
            item.session.commits_to_database = True


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user, and most tests create users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def clear_cache(request):
    """Each test starts with empty caches: rate limits and cached pages do not leak.

    Without Redis the shared cache is a PostgreSQL table. Tests that use the database
    empty it as they start: a transactional test's entries outlive it, a plain test's
    are rolled back with it (and after a failed query its transaction takes no more).
    """
    from django.conf import settings
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    uses_database = request.node.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(request.fixturenames)
    )
    in_memory = [a for a in settings.CACHES if not isinstance(caches[a], DatabaseCache)]
    for alias in in_memory:
        caches[alias].clear()
    if uses_database:
        request.getfixturevalue("django_db_setup")
        with request.getfixturevalue("django_db_blocker").unblock():
            for alias in settings.CACHES:
                if alias not in in_memory:
                    caches[alias].clear()
    yield
    for alias in in_memory:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def force_login_gives_the_second_factor(monkeypatch):
    """``client.force_login`` stands for a finished sign-in, which for an account with
    two-factor on includes the code: the session records it as allauth's login does
    (the admin asks for it, community.middleware). Tests of the sign-in itself log in
    through the real forms.
    """
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.utils import is_mfa_enabled
    from django.http import HttpRequest

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if is_mfa_enabled(user):
            request = HttpRequest()
            request.session = self.session
            record_authentication(request, user, "mfa", type="totp")
            request.session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


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
