"""``motcua seed-demo``: load the fictional province of Sơn Hà and its demo officers."""

from django.core.management.base import BaseCommand

from motcua.core.demo import DEMO_CITIZEN, DEMO_OFFICERS, DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load demo agencies, procedures and officers (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        result = seed_demo()
        self.stdout.write(
            f"Demo data ready: {result.agencies_created} agencies, "
            f"{result.procedures_created} procedures and {result.officers_created} officers "
            "created this time."
        )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for officer in DEMO_OFFICERS:
            roles = ", ".join(str(r.label) for r in officer.roles)
            self.stdout.write(f"  {officer.username:<16} {officer.full_name} — {roles}")
        self.stdout.write(
            f"  {DEMO_CITIZEN['email']:<16} a citizen of the portal (or the phone "
            f"{DEMO_CITIZEN['phone']})"
        )
        self.stdout.write(
            "\nOpen http://127.0.0.1:8000/ (citizen portal), http://127.0.0.1:8000/can-bo/ (staff "
            "workspace) and /admin/ (administration)."
        )
