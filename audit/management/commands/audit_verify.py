"""`manage.py audit_verify`: check the audit chain and the frozen documents' SHA-256."""

from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditEvent, ChainHead
from audit.verify import verify_chain, verify_contents, verify_documents


class Command(BaseCommand):
    help = (
        "Går gjennom revisjonssporets hash-kjede og kontrollerer SHA-256 for arkiverte dokumenter og for "
        "innholdet i vedtatte forskrifter, godkjente vurderinger og ekspederte brev. "
        "Avslutter med 0 når alt stemmer, ellers med feil og første hendelse eller dokument som ikke stemmer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-head",
            metavar="HASH",
            action="append",
            default=[],
            help="En hash skrevet ut av en tidligere kjøring og oppbevart utenfor databasen: den må fortsatt "
            "finnes i kjeden (ellers er kjeden skrevet om). Kan gis flere ganger.",
        )

    def handle(self, *args, **options):
        chain = verify_chain()
        documents = verify_documents()
        contents = verify_contents()
        problems = [p for p in (chain.problem, documents.problem, contents.problem) if p]
        if chain.ok:
            self.stdout.write(f"Kjeden er intakt: {chain.checked} hendelser kontrollert.")
            for anchor in options["expect_head"]:
                if not AuditEvent.objects.filter(hash=anchor.strip().lower(), seq__lte=chain.checked).exists():
                    problems.append(
                        f"Hashen {anchor[:64]} fra en tidligere kontroll finnes ikke i kjeden: "
                        "kjeden er skrevet om etter den kontrollen."
                    )
        if documents.ok:
            self.stdout.write(f"Arkiverte dokumenter stemmer: {documents.checked} kontrollert.")
        if contents.ok:
            self.stdout.write(f"Vedtatte tekster stemmer med sin SHA-256: {contents.checked} kontrollert.")
        if problems:
            raise CommandError(" ".join(problems))
        head = ChainHead.objects.filter(pk=1).first()
        if head is not None and head.last_hash:
            self.stdout.write(
                f"Siste hendelse #{head.last_seq}, hash {head.last_hash} "
                "(oppbevar den utenfor databasen og gi den som --expect-head neste gang)."
            )
        self.stdout.write(self.style.SUCCESS("OK"))
