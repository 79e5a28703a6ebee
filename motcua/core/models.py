from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceStamp(models.Model):
    """One row whose ``value`` grows every time reference data changes (agencies, officers'
    roles, the procedure catalogue, calendar overrides), in the transaction of the change.

    Processes cache what they derive from reference data (``motcua.core.refdata``) and drop it
    when they see a new value: one indexed read of one row instead of re-reading the data.
    """

    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("reference data stamp")
        verbose_name_plural = _("reference data stamps")

    def __str__(self) -> str:
        return str(self.value)
