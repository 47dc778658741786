import pytest

from community import roles
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def poster(db):
    return UserFactory(username="poster")


@pytest.fixture
def other_poster(db):
    return UserFactory(username="otherposter")


@pytest.fixture
def second_reviewer(db):
    return UserFactory(username="reviewer2", role=roles.JOB_BOARD_REVIEWERS)
