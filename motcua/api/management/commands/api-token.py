"""``motcua api-token create USERNAME --name NAME`` | ``revoke PREFIX`` | ``list [USERNAME]``.

``create`` prints the new token once; only its hash is stored, so a lost token cannot be shown
again — revoke it and create another.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from motcua.api.models import ApiToken


class Command(BaseCommand):
    help = "Create, revoke or list the API tokens with which programs act as an officer."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for USERNAME and print it once.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="What the token is for.")
        revoke = sub.add_parser("revoke", help="Revoke the token with this prefix.")
        revoke.add_argument("prefix")
        listing = sub.add_parser("list", help="List tokens (of USERNAME, or all).")
        listing.add_argument("username", nargs="?")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, *, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"The account {username!r} is inactive.")
        token, raw = ApiToken.issue(user=user, name=name)
        self.stderr.write(
            f"Token {token.prefix} created for {username}. It is shown only now; keep it secret."
        )
        self.stdout.write(raw)

    def _revoke(self, *, prefix: str, **options):
        token = ApiToken.objects.filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"No token has the prefix {prefix!r}.")
        if token.is_revoked:
            self.stdout.write(f"Token {prefix} was already revoked on {token.revoked_at}.")
            return
        token.revoke()
        self.stdout.write(f"Token {prefix} ({token.name}, {token.user}) revoked.")

    def _list(self, *, username: str | None, **options):
        tokens = ApiToken.objects.select_related("user")
        if username:
            tokens = tokens.filter(user__username=username)
        for t in tokens:
            status = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            self.stdout.write(f"{t.prefix}  {t.user}  {t.name}  {status}  last used: {used}")
