"""``motcua deliver-outbox [--loop]``: send the applicants' e-mails waiting in the outbox."""

import time

from django.core.management.base import BaseCommand

from motcua.dossiers.notify import deliver_pending


class Command(BaseCommand):
    help = "Deliver pending outbox messages (e-mails to applicants); --loop keeps running."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep delivering")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between rounds")

    def handle(self, *args, loop: bool, interval: float, **options):
        while True:
            sent, failed = deliver_pending()
            if sent or failed or not loop:
                self.stdout.write(f"{sent} sent, {failed} failed")
            if not loop:
                return
            time.sleep(interval)
