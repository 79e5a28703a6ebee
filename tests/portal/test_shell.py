"""The portal's chrome rendered once per language for visitors without a session
(``motcua/portal/shell.py``): each page must come out as the template would render it."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe

from motcua.portal import shell

BODY = '<p id="body">Nội dung</p>'


@pytest.fixture(autouse=True)
def fresh_shells():
    shell._shells.clear()
    yield
    shell._shells.clear()


def visitor(path: str, language: str = "vi"):
    request = RequestFactory().get(path)
    request.LANGUAGE_CODE = language
    return request


def folded(html: str) -> str:
    """The layout's whitespace between tags folded, as the shell folds the chrome's."""
    return re.sub(r">\s+<", "> <", html)


def as_rendered(request, template: str = "portal/lookup.html") -> str:
    return folded(render_to_string(template, {"body": mark_safe(BODY)}, request))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_page_is_what_the_template_renders(language):
    request = visitor('/tra-cuu/?ma=A"<b>&x=1', language)
    with translation.override(language):
        assert folded(shell.page(request, "portal/lookup.html", BODY)) == as_rendered(request)
        # Again, now from the kept chrome, for another address.
        other = visitor("/tra-cuu/?ma=H99.20-250707-0001", language)
        assert folded(shell.page(other, "portal/lookup.html", BODY)) == as_rendered(other)


def test_the_address_in_the_language_switch_is_escaped():
    html = shell.page(visitor('/tra-cuu/?ma="><script>'), "portal/lookup.html", BODY)
    assert "<script>" not in html
    assert 'value="/tra-cuu/?ma=%22%3E%3Cscript%3E"' in html


def test_the_body_is_left_as_it_is_even_with_the_markers_in_it():
    body = f"<p>{shell.NEXT} {shell.CSRF}</p>"
    html = shell.page(visitor("/tra-cuu/"), "portal/lookup.html", body)
    assert body in html


def test_a_chrome_with_a_form_gets_the_visitors_csrf_token(monkeypatch):
    """No chrome carries a CSRF token today; should one, each visitor gets their own."""

    def chrome(template, context, request=None):
        return f'<form><input name="csrf" value="{context["csrf_token"]}"></form>{context["body"]}'

    monkeypatch.setattr(shell, "render_to_string", chrome)
    first, second = visitor("/"), visitor("/")
    html = shell.page(first, "any.html", BODY)
    token = re.fullmatch(r'<form><input name="csrf" value="(\w{64})"></form>(.*)', html)
    assert token and token.group(2) == BODY and "CSRF_COOKIE" in first.META  # a cookie is due
    assert token.group(1) not in shell.page(second, "any.html", BODY)
