"""``{{ user|full_name }}``: a person's name in Vietnamese order (``core.people``)."""

from django import template

from motcua.core import people

register = template.Library()


@register.filter
def full_name(user) -> str:
    return people.full_name(user)
