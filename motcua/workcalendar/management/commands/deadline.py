"""``motcua deadline``: compute a due instant with the working-time clock.

    motcua deadline --start 2025-04-29T16:10 --working-days 3 --cutoff 15:00
    2025-05-07T17:00:00+07:00

A start without an offset is Vietnam time. The calendar is the national one plus the overrides
stored in the database (``--province CODE`` adds that province's own); if the database is not set
up yet, the national calendar alone is used and a note says so on stderr.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.workcalendar.calendars import calendar_for, working_periods
from motcua.workcalendar.clock import Unit, WorkCalendar


def _amount(text: str, *, integer: bool) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CommandError(_("“%s” is not a number.") % text, returncode=2) from None
    if not value.is_finite() or value < 0:
        raise CommandError(_("“%s” must be a number ≥ 0.") % text, returncode=2)
    if integer and value != value.to_integral_value():
        raise CommandError(_("“%s” must be a whole number of days.") % text, returncode=2)
    return value


class Command(BaseCommand):
    help = "Print the due instant (ISO 8601, +07:00) of a time limit started at --start."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="ISO 8601 instant; no offset = Vietnam")
        amount = parser.add_mutually_exclusive_group(required=True)
        amount.add_argument("--working-days", metavar="N", help="working days (0.5 = 4 hours)")
        amount.add_argument("--working-hours", metavar="N", help="working hours")
        amount.add_argument("--days", metavar="N", help="calendar days (Civil Code art. 148)")
        parser.add_argument("--cutoff", metavar="HH:MM", help="received after it: next day")
        parser.add_argument("--province", metavar="CODE", help="apply this province's overrides")

    def handle(self, *args, **options):
        try:
            start = datetime.datetime.fromisoformat(options["start"])
        except ValueError:
            raise CommandError(
                _(
                    "--start: “%s” is not an ISO 8601 date and time "
                    "(e.g. 2025-04-29T16:10 or 2025-04-29T16:10:00+07:00)."
                )
                % options["start"],
                returncode=2,
            ) from None
        cutoff = None
        if options["cutoff"]:
            try:
                cutoff = datetime.time.fromisoformat(options["cutoff"])
            except ValueError:
                raise CommandError(
                    _("--cutoff: “%s” is not a time of day (HH:MM).") % options["cutoff"],
                    returncode=2,
                ) from None
        if options["working_days"] is not None:
            unit, amount = Unit.WORKING_DAYS, _amount(options["working_days"], integer=False)
        elif options["working_hours"] is not None:
            unit, amount = Unit.WORKING_HOURS, _amount(options["working_hours"], integer=False)
        else:
            unit, amount = Unit.CALENDAR_DAYS, int(_amount(options["days"], integer=True))
        calendar = self._calendar(options["province"])
        try:
            due = calendar.due(start, amount, unit, cutoff=cutoff)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(due.isoformat())

    def _calendar(self, province_code: str | None) -> WorkCalendar:
        try:
            if province_code:
                try:
                    province = Agency.objects.get(code=province_code)
                except Agency.DoesNotExist:
                    raise CommandError(
                        _("--province: no agency has the code %s.") % province_code, returncode=2
                    ) from None
                return calendar_for(province)
            return calendar_for(None)
        except DatabaseError:
            if province_code:
                raise CommandError(
                    _("--province needs the database: run `motcua migrate` first."), returncode=2
                ) from None
            self.stderr.write(_("Note: database not set up; using the national calendar only."))
            return WorkCalendar(periods=working_periods())
