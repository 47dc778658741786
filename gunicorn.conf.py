"""Gunicorn settings that belong with the code; gunicorn reads this file from the
directory it starts in. Bind address and worker count stay on the command line
(docs/deploy.md).

Garbage collection: a worker holds Django, every module and its compiled templates,
and a full (generation 2) collection walked all of them, about 50 ms, on one
request in twenty of the busiest pages (measured with bench/run.py --cache off).
Freezing what the worker loaded before its first request takes those objects out
of every later collection, and a higher first threshold makes collections rarer;
young cycles are still collected.
"""

import gc

# Heartbeat files on tmpfs: a busy disk cannot stall workers.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - gunicorn creates private files there


def post_worker_init(worker):
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
