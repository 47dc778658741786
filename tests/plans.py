"""What PostgreSQL would do with the queries a page runs: the index tests' helpers.

Test tables hold a few rows, and the planner scans and sorts those whatever the indexes. Inside
``large_table_plans()`` scans and sorts are discouraged (still chosen where no index can serve),
so ``plan(sql)`` shows whether an index serves the query as it would at 10,000 rows.
"""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def large_table_plans():
    """Capture the queries run inside, with scans and sorts discouraged until the test's
    transaction ends (``SET LOCAL``)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    with CaptureQueriesContext(connection) as captured:
        yield captured


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def queries_with(captured, text: str) -> list[str]:
    """The captured queries whose SQL contains ``text``."""
    return [query["sql"] for query in captured.captured_queries if text in query["sql"]]
