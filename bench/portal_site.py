"""Settings of the product as ``bench/portal.py`` serves it under gunicorn: the product's own
(``config.settings``, read from the same environment: ``DATABASE_URL``, ``DEBUG=0``…) with one
more URL, the bare view of ``bench/portal_urls.py``. Nothing else differs, so the bare view and
the status lookup go through the same middleware in the same processes."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.portal_urls"
