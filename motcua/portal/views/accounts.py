"""Placeholder until the module is written."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


account = register = _todo


class _V:
    @classmethod
    def as_view(cls):
        return _todo


SignIn = SignOut = PasswordReset = PasswordResetDone = PasswordResetConfirm = _V
PasswordResetComplete = _V
