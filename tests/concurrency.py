"""Actions run at the same moment on separate database connections, for race tests.

Tests that use it need ``django_db(transaction=True)``: each thread opens its own
connection and commits for real, as two web workers would.
"""

import threading
import time

from django.db import connection, transaction

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


def while_held(hold, act, *, hold_for: float = 1, timeout: float = 30):
    """Run ``act`` on its own connection while ``hold`` sits in an open transaction.

    ``hold`` runs first, in a transaction kept open ``hold_for`` seconds after it; ``act``
    starts once ``hold`` has run, so it meets every row ``hold`` locked and waits for those
    it locks too (where ``run_together`` leaves the order to chance). Returns what ``act``
    returned; raises what either of them raised.
    """
    held = threading.Event()
    results = {}

    def hold_open():
        try:
            with transaction.atomic():
                hold()
                held.set()
                time.sleep(hold_for)  # ``act`` runs meanwhile, or waits
        finally:
            held.set()

    def act_when_held():
        held.wait(timeout)
        return act()

    def runner(name, work):
        try:
            results[name] = (True, work())
        except Exception as exc:
            results[name] = (False, exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=runner, args=("hold", hold_open)),
        threading.Thread(target=runner, args=("act", act_when_held)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    for name in ("hold", "act"):
        if name not in results:
            raise AssertionError(f"{name!r} did not finish within {timeout} s")
        finished, value = results[name]
        if not finished:
            raise value
    return results["act"][1]
