"""Benchmark settings: the production settings, plus the framework-floor URL.

Selecting this module (DJANGO_SETTINGS_MODULE=bench.settings) is the only way the
floor view is routed, so a deployment running community.settings never exposes it.
Everything else (middleware, templates, database, cache) is the site's own.
"""

from community.env import env_bool
from community.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"

# `run.py --cache off` measures uncached renders (issue 9's "cache off" target).
if env_bool("BENCH_CACHE_OFF", False):
    DUMMY_CACHE = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    CACHES = {"default": DUMMY_CACHE, "shared": DUMMY_CACHE, "near": DUMMY_CACHE}
