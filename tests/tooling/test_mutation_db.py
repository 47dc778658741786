"""``make mutate`` keeps its test database between mutants only while no test committed."""

import pytest
from django.db import connection

from tests import mutation_db


class Item:
    """What ``commits_to_database`` reads of a collected test."""

    def __init__(self, *marks, fixtures=()):
        self.marks = [mark.mark for mark in marks]
        self.fixturenames = ["request", *fixtures]

    def get_closest_marker(self, name):
        return next((mark for mark in self.marks if mark.name == name), None)


@pytest.mark.parametrize(
    "item",
    [
        Item(pytest.mark.django_db(transaction=True)),
        Item(pytest.mark.django_db(True)),
        Item(pytest.mark.django_db(transaction=True, serialized_rollback=True)),
        Item(pytest.mark.django_db(reset_sequences=True, transaction=True)),
        Item(fixtures=["transactional_db"]),
        Item(fixtures=["live_server"]),
        Item(pytest.mark.django_db, fixtures=["django_db_serialized_rollback"]),
    ],
)
def test_a_transactional_test_commits(item):
    assert mutation_db.commits_to_database(item)


@pytest.mark.parametrize(
    "item",
    [
        Item(pytest.mark.django_db),
        Item(pytest.mark.django_db(transaction=False)),
        Item(fixtures=["db"]),
        Item(),
    ],
)
def test_a_test_in_a_rolled_back_transaction_does_not_commit(item):
    assert not mutation_db.commits_to_database(item)


@pytest.fixture
def copy_tables(db):
    """The two tables a template carries, made inside the test's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE mutation_template (fingerprint text, serialized text)")
        cursor.execute("INSERT INTO mutation_template VALUES ('abc', '[serialised rows]')")
        cursor.execute("CREATE TABLE mutation_clean (mark boolean)")


def test_a_database_without_the_tables_is_not_a_kept_copy(db):
    assert mutation_db.claim_clean_copy("abc") is None


def test_a_copy_without_a_clean_mark_is_not_reused(copy_tables):
    assert mutation_db.claim_clean_copy("abc") is None


def test_a_clean_copy_is_reused_once_with_its_serialised_rows(copy_tables):
    mutation_db.mark_clean()

    assert mutation_db.claim_clean_copy("abc") == "[serialised rows]"
    # Taken: a session that dies now leaves the copy unmarked for the next one.
    assert mutation_db.claim_clean_copy("abc") is None


def test_a_copy_of_other_migrations_is_not_reused(copy_tables):
    mutation_db.mark_clean()

    assert mutation_db.claim_clean_copy("def") is None
