"""Branding of the administration site (used by the province's administrators)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Một Cửa — administration")
admin.site.site_title = _("Một Cửa administration")
admin.site.index_title = _("System administration")
