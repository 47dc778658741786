import gc
import runpy

from django.conf import settings
from gunicorn.config import Config


def load():
    namespace = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    config = Config()
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_gunicorn_reads_our_settings():
    assert load().worker_tmp_dir == "/dev/shm"  # noqa: S108


def test_workers_freeze_what_they_loaded_and_collect_less_often():
    threshold = gc.get_threshold()
    try:
        load().post_worker_init(worker=None)
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] >= 10_000
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
