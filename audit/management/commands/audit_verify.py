"""`manage.py audit_verify`: check the audit chain and the frozen documents' SHA-256."""

from django.core.management.base import BaseCommand, CommandError

from audit.verify import verify_chain, verify_documents


class Command(BaseCommand):
    help = (
        "Går gjennom revisjonssporets hash-kjede og kontrollerer SHA-256 for arkiverte dokumenter. "
        "Avslutter med 0 når alt stemmer, ellers med feil og første hendelse eller dokument som ikke stemmer."
    )

    def handle(self, *args, **options):
        chain = verify_chain()
        documents = verify_documents()
        if chain.ok:
            self.stdout.write(f"Kjeden er intakt: {chain.checked} hendelser kontrollert.")
        if documents.ok:
            self.stdout.write(f"Arkiverte dokumenter stemmer: {documents.checked} kontrollert.")
        problems = [p for p in (chain.problem, documents.problem) if p]
        if problems:
            raise CommandError(" ".join(problems))
        self.stdout.write(self.style.SUCCESS("OK"))
