"""The public status page (``/tra-cuu/``): a GET form, so the QR code of Form 01 can link to it
with the code filled in (``?ma=CODE``) and the citizen only adds the four digits.

Answers: 200 with the form (and the status when found); 400 when the input is unusable; 404,
the same page and message whether the code is unknown or the digits wrong; 429 with a
``Retry-After`` while the rate limit refuses lookups (``motcua/portal/lookup.py``). Every answer
is ``Cache-Control: private, no-store`` (it can show a dossier's status) and nothing is written
to the session: a lookup writes only a wrong guess's ``LookupFailure`` rows. The page is built
by ``lookup_page`` inside the chrome of ``shell`` (cheap under load); what it showed is kept on
the response as ``lookup`` for tests.
"""

from __future__ import annotations

import math

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from motcua.core.dates import vn_instant

from .. import lookup as lookups
from .. import lookup_page, shell


@require_safe
def lookup(request):
    # The language the middleware activated, read where it left it (cheaper than Django's).
    language = getattr(request, "LANGUAGE_CODE", None)
    query = lookups.read_query(lookups.query_params(request.META.get("QUERY_STRING", "")))
    context: dict = {"query": query}
    status = 400 if query.errors else 200
    retry_after = None
    if query.ready:
        now = timezone.now()
        outcome = lookups.look_up(
            query.code,
            query.factor,
            address=request.META.get("REMOTE_ADDR") or "unknown",
            now=now,
            language=language,
        )
        if outcome.refused_until is not None:
            status = 429
            context["refused_until"] = outcome.refused_until
            retry_after = max(1, math.ceil((outcome.refused_until - now).total_seconds()))
        elif outcome.status is None:
            status = 404
            context["not_found"] = True
        else:
            context["status"] = outcome.status
    body = lookup_page.body(
        query=query,
        status=context.get("status"),
        not_found=context.get("not_found", False),
        refused_until_text=vn_instant(context.get("refused_until")),
        language=language,
    )
    page = shell.page(request, "portal/lookup.html", body).encode()
    response = HttpResponse(page, content_type="text/html; charset=utf-8", status=status)
    response["Cache-Control"] = "private, no-store"
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    response.lookup = context
    return response
