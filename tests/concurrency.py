"""Actions run at the same moment on separate database connections, for race tests.

Tests that use it need ``django_db(transaction=True)``: each thread opens its own
connection and commits for real, as two web workers would.
"""

import threading

from django.db import connection

from community.workflow import ActionRefused


def run_together(*actions, timeout: float = 60) -> list[str]:
    """Run each action in its own thread, all released together; one outcome per action:
    "won", or "refused: <message>" for an ``ActionRefused``."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def runner(index, action):
        try:
            barrier.wait()
            action()
            outcomes[index] = "won"
        except ActionRefused as exc:
            outcomes[index] = f"refused: {exc}"
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
