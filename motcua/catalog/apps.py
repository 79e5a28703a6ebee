from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    """The procedure catalogue (danh mục thủ tục hành chính) and internal processes."""

    name = "motcua.catalog"
    verbose_name = _("Procedure catalogue")

    def ready(self) -> None:
        from motcua.core import refdata

        refdata.watch(*self.get_models())
