"""Placeholder until the module is written."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


lookup = _todo
