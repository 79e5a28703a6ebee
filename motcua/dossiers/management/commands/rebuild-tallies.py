"""``motcua rebuild-tallies``: count the handling report's daily and monthly tallies again from
the dossiers (``motcua/dossiers/tallies.py``), in one transaction — after dossiers were changed
outside the services (a data fix in SQL), or to check the tallies."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.dossiers import tallies


class Command(BaseCommand):
    help = "Recount the handling report's tallies from the dossiers (docs/adr/0006)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            count = tallies.rebuild()
        self.stdout.write(
            _("Tallies rebuilt from %(count)s received dossiers in %(seconds).1f s.")
            % {"count": count, "seconds": time.perf_counter() - started}
        )
