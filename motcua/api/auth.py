"""Who is calling: an officer signed in to the web site (session) or a program holding an API
token (``Authorization: Bearer mc_…``).

* **Token** — checked first. A request that presents a bearer token is judged by the token
  alone: unknown, revoked or belonging to an inactive officer → 401, even if a session cookie is
  also present. Tokens are not sent by browsers on their own, so they need no CSRF protection.
* **Session** — Django's session cookie. Because the browser sends the cookie with every request,
  unsafe methods (POST…) must carry the CSRF token (``X-CSRFToken`` header), as Django's own
  forms do; the check runs only for a signed-in session, so an anonymous caller gets 401, not a
  CSRF error.

Either way the authenticated value (``request.auth``) is the officer's user object, and the API
acts as ``Actor.officer(request.auth)``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from .models import ApiToken, hash_token

# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, _("CSRF check failed: send the X-CSRFToken header."))


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; only the token's SHA-256 hash is looked up."""

    def authenticate(self, request: HttpRequest, token: str):
        token = token.strip()
        found = (
            ApiToken.objects.usable().select_related("user").filter(key_hash=hash_token(token))
        ).first()
        if found is None:
            raise AuthenticationError(401, _("The API token is unknown or revoked."))
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.api_token = found
        return found.user


class SessionAuth(APIKeyCookie):
    """Django's session, with CSRF protection of unsafe methods for signed-in users."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed()
        return user


token_auth = TokenAuth()
session_auth = SessionAuth()
# Order matters: a presented token decides alone; otherwise the session.
AUTH = [token_auth, session_auth]
