"""`manage.py role_table`: the README's role table, rendered from the declared transitions."""

from django.core.management.base import BaseCommand

from core.workflow import role_table_markdown


class Command(BaseCommand):
    help = (
        "Skriver README-ens rolletabell (Markdown, med markørene) ut fra de deklarerte overgangene og "
        "deres tilgangsfunksjoner. Skriver ingenting i databasen. Lim den inn i README.md i stedet for "
        "den gamle."
    )

    def handle(self, *args, **options):
        self.stdout.write(role_table_markdown(), ending="")
