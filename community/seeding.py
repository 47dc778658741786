"""Demo data: shared accounts and the hook each app's ``seed.py`` plugs into.

``seed_demo`` creates the demo accounts, then calls ``seed(ctx)`` in each local
app's ``seed`` module, in floor order (representatives, events, jobs, kits,
community). An app adds demo content by writing that one function.
"""

import random
from dataclasses import dataclass, field
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.utils import timezone

from community import roles

DEMO_PASSWORD = "psf-demo-2026"  # noqa: S105 - printed on purpose; refused when DEBUG is off
# The admin requires two-factor authentication; demo staff share this TOTP secret
# (add it to an authenticator app, or run `manage.py totp_code`).
DEMO_TOTP_SECRET = "PSFDEMOPSFDEMOPSFDEMOPSFDEMOPSFD"  # noqa: S105

# username → (role or None, full name). "admin" is the superuser, "member" has no role.
DEMO_ACCOUNTS = {
    "admin": (None, "Ada Admin"),
    "member": (None, "Mel Member"),
    "calendar": (roles.CALENDAR_VOLUNTEERS, "Cal Endar"),
    "reviewer": (roles.JOB_BOARD_REVIEWERS, "Rae Viewer"),
    "kitmanager": (roles.KIT_MANAGERS, "Kit Manning"),
    "board": (roles.BOARD_MEMBERS, "Bo Ardley"),
    "treasurer": (roles.TREASURERS, "Tess Urer"),
    "representative": (roles.REGIONAL_REPRESENTATIVES, "Rep Resa"),
}

SEED_APPS = ["representatives", "events", "jobs", "kits", "budget", "community"]


@dataclass
class SeedContext:
    scale: int
    stdout: object
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    now: object = field(default_factory=timezone.now)
    users: dict = field(default_factory=dict)

    def log(self, message: str) -> None:
        self.stdout.write(message)


def create_demo_accounts() -> dict:
    """Create (or reuse) one verified account per role; returns them by username."""
    User = get_user_model()
    accounts = {}
    for username, (role, full_name) in DEMO_ACCOUNTS.items():
        given, family = full_name.split(" ", 1)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.org",
                "first_name": given,
                "last_name": family,
                "is_staff": username == "admin",
                "is_superuser": username == "admin",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if role is not None:
            roles.grant_role(user, role)
        if user.is_staff and not Authenticator.objects.filter(user=user).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        accounts[username] = user
    return accounts


def run_app_seeders(ctx: SeedContext) -> None:
    for app_label in SEED_APPS:
        try:
            module = import_module(f"{app_label}.seed")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app_label}.seed":
                raise
            continue
        module.seed(ctx)
