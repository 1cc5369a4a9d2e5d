"""`manage.py load_municipalities`: load the register of counties and municipalities (2020–2023)."""

from django.core.management.base import BaseCommand

from register.services import municipalities_load


class Command(BaseCommand):
    help = "Laster kommuneregisteret for 2020–2023 (fylker og kommuner). Kan kjøres flere ganger."

    def handle(self, *args, **options):
        result = municipalities_load()
        self.stdout.write(self.style.SUCCESS(f"{result.municipalities} kommuner i {result.counties} fylker lastet."))
        if options.get("verbosity", 1) >= 2:
            self.stdout.write(f"Nye: {result.created}, endrede: {result.updated}.")
