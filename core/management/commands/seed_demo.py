"""`manage.py seed_demo`: demo organizations, users and documents from the seeds.

Each app with demo data contributes a `seed(*, log)` function (see core/demo.py for the
contract) listed in SEEDERS, in dependency order. Running the command again creates
nothing twice.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from core.demo import DEMO_PASSWORD, login_lines
from register.services import municipalities_load

SEEDERS = (
    "core.demo.seed",
    "regulations.demo.seed",
    "regulations.demo_layers.seed",
    "assessments.demo.seed",
    "meetings.demo.seed",
    "letters.demo.seed",
    "lovtidend.demo.seed",
    "regions.demo.seed",
)

PRODUCTION_SETTINGS = "config.settings.production"


def production_settings_in_use() -> str | None:
    """The production settings module if the environment or Django names one, else None.

    Both are checked: DJANGO_SETTINGS_MODULE says what the process was started with,
    settings.SETTINGS_MODULE what Django actually loaded (they differ with --settings).
    Any module whose last component is "production" counts, not only config's.
    """
    for name in (os.environ.get("DJANGO_SETTINGS_MODULE"), getattr(settings, "SETTINGS_MODULE", None)):
        if name and (name == PRODUCTION_SETTINGS or name.rsplit(".", 1)[-1] == "production"):
            return name
    return None


class Command(BaseCommand):
    help = (
        "Legger inn demodata: organisasjoner, brukere (passord «demo»), Harstads hastevedtak og "
        "forskrift fra mars 2021. Kan kjøres flere ganger; det som finnes, opprettes ikke på nytt."
    )

    def handle(self, *args, **options):
        production = production_settings_in_use()
        if production:
            raise CommandError(
                f"seed_demo kan ikke kjøres med produksjonsinnstillinger ({production}). "
                f"Demodataene har brukere med passordet «{DEMO_PASSWORD}» og hører bare hjemme i "
                "utvikling og test."
            )
        verbosity = options.get("verbosity", 1)

        def log(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(message)

        # One transaction: a failure leaves nothing half-seeded, and the archival PDFs
        # (queued on commit) are rendered only for data that was actually stored.
        with transaction.atomic():
            municipalities_load()
            for path in SEEDERS:
                log(f"{path}:")
                import_string(path)(log=log)

        self.stdout.write(self.style.SUCCESS("Demodata er på plass. Innlogging (brukernavn, passord, navn, rolle):"))
        for line in login_lines():
            self.stdout.write(line)
