"""The officers' JSON API (``/api/v1/``): dossiers, their history and every transition.

The API is a thin layer: it authenticates the officer, scopes every read and write to the
dossiers the officer may see (``motcua.dossiers.selectors``), and changes dossiers only through
``motcua.dossiers.services``. Its OpenAPI description is served at ``/api/v1/openapi.json``.
"""
