"""``motcua transfer-dossiers --from CODE [--to CODE] --by USERNAME``: after a merger or an
abolition, move the open dossiers of an agency (and its units) to its successor."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.dossiers.services import Actor, DossierError, transfer_open_dossiers


class Command(BaseCommand):
    help = (
        "Move the open dossiers of a merged or abolished agency and its units to its successor "
        "(recorded with import-agencies, or --to), keeping codes, history and deadlines."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="the old agency's code")
        parser.add_argument("--to", dest="successor", help="default: its recorded successor")
        parser.add_argument("--by", required=True, help="username of an administrator of both")

    def handle(self, *args, source: str, successor: str | None, by: str, **options):
        old = self._agency(source)
        new = self._agency(successor) if successor else None
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(_("No user has the username %(name)s.") % {"name": by})
        try:
            result = transfer_open_dossiers(source=old, successor=new, actor=Actor.officer(user))
        except DossierError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            _(
                "%(dossiers)d dossier(s) moved from %(source)s to %(successor)s; "
                "%(rows)d open step(s) continued there."
            )
            % {
                "dossiers": result.dossiers,
                "rows": result.rows,
                "source": old.code,
                "successor": (new or old.successor).code,
            }
        )

    def _agency(self, code: str) -> Agency:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise CommandError(_("No agency has the code %(code)s.") % {"code": code})
        return agency
