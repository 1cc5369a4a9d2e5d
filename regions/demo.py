"""The Oslo commuting region as demo data: Oslo and the neighbours its people commute to and
from, as the seed letter to Bærum and Asker has it (seeds/directorate-letter-baerum-asker-
2020-11-11.txt: «Kommunene Bærum og Oslo er i samme bo- og arbeidsmarkedsregion»). The other
members are the region's usual neighbours; the seed names only Oslo, Bærum and Asker."""

from core.demo import Log, demo_user

from .models import CommutingRegion
from .services import region_create

NAME = "Oslo"
DESCRIPTION = "Bo- og arbeidsmarkedsregionen rundt Oslo: Oslo og nabokommunene med mye pendling til og fra byen."
MEMBERS = ("0301", "3024", "3025", "3030", "3029", "3020", "3021", "3027", "3005", "3049")


def seed(*, log: Log) -> None:
    """Create the Oslo region (through the service, as the directorate's case officer) unless it exists."""
    existing = CommutingRegion.objects.filter(name=NAME).first()
    if existing is not None:
        log(f"  Region finnes: {existing.name}")
        return
    region = region_create(
        by=demo_user("brevsaksbehandler"),
        name=NAME,
        description=DESCRIPTION,
        municipality_numbers=list(MEMBERS),
        reason="Demodata: bo- og arbeidsmarkedsregion Oslo",
    )
    log(f"  Region opprettet: {region.name} ({len(region.municipality_numbers)} kommuner)")
