from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The official forms (biểu mẫu) of TT 01/2018 and TT 03/2025 as print views and PDFs,
    rendered from the data ``motcua.dossiers.forms`` builds (docs/forms.md). No models: what
    was issued is the ``Notice`` snapshot of the dossiers app."""

    name = "motcua.documents"
    label = "documents"
    verbose_name = _("Official forms")
