"""Placeholder until the module is written."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


dossiers = detail = supplement = withdraw = rate = download = notice = _todo
