"""The portal's page chrome (header, menu, language switch, footer), rendered once per language
for visitors who carry no session.

A public page under load, such as the status lookup, would otherwise spend most of its time
rendering the same chrome again: for a visitor without a session cookie the chrome depends only
on the language (no account menu, no messages) and the page's own address (the language switch,
a GET form, returns to it). So it is rendered once per process and language with markers where
those go, and each answer only replaces the markers (a CSRF token too, should the chrome ever
carry a form that needs one). Visitors with a
session (signed in, or with messages waiting) get the chrome rendered as usual, and so does
everyone while ``DEBUG`` is on (templates may change).
"""

from __future__ import annotations

import re
from html import escape

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

BODY = "\u2063body\u2063"
NEXT = "\u2063next\u2063"
CSRF = "\u2063csrf\u2063"

# Per template and language: the chrome before and after the body, each cut where the page's
# address goes; and whether it carries a CSRF token.
_shells: dict[tuple[str, str], tuple[list[str], list[str], bool]] = {}
_BETWEEN_TAGS = re.compile(r">\s+<")


class _Marked:
    """Stands for the request while the chrome is rendered once: its address is a marker."""

    path = NEXT

    def get_full_path(self) -> str:
        return NEXT


def _render_shell(template: str) -> tuple[list[str], list[str], bool]:
    html = render_to_string(
        template,
        {
            "body": mark_safe(BODY),
            "csrf_token": CSRF,
            "request": _Marked(),
            "user": AnonymousUser(),
            "messages": (),
        },
    )
    # Runs of blank lines and indentation between tags (template layout) say nothing to a
    # browser: one space keeps the page the same, in fewer bytes.
    head, tail = (_BETWEEN_TAGS.sub("> <", part) for part in html.split(BODY))
    return head.split(NEXT), tail.split(NEXT), CSRF in html


def cacheable(request) -> bool:
    return not settings.DEBUG and settings.SESSION_COOKIE_NAME not in request.COOKIES


def page(request, template: str, body: str) -> str:
    """The whole page: ``template`` (which shows ``{{ body }}`` in its content block) around
    ``body`` (HTML, already escaped)."""
    if not cacheable(request):
        return render_to_string(template, {"body": mark_safe(body)}, request)
    # The active language, as the language middleware set it (faster to read than Django's).
    key = (template, getattr(request, "LANGUAGE_CODE", None) or get_language())
    shell = _shells.get(key)
    if shell is None:
        shell = _shells[key] = _render_shell(template)
    head, tail, csrf = shell
    path = escape(request.get_full_path())
    head_html, tail_html = path.join(head), path.join(tail)
    if csrf:  # in the chrome only: never in the body, whatever it quotes
        token = get_token(request)
        head_html, tail_html = head_html.replace(CSRF, token), tail_html.replace(CSRF, token)
    return head_html + body + tail_html
