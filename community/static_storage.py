"""The production storage of static files, with each file's URL kept per process.

WhiteNoise's manifest storage looks the hashed name up and builds the URL on every
``{% static %}``: about 20 µs, five times on every page (bench/README.md, the cache-miss
storm). The manifest is read when the process starts and does not change while it runs,
so a name's URL does not either. ``collectstatic`` builds URLs through ``_url``, not
``url``, so nothing is kept while the manifest is being written.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept_urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._kept_urls[name]
        except KeyError:
            # A missing file raises here (manifest_strict), and nothing is kept.
            url = self._kept_urls[name] = super().url(name)
            return url
