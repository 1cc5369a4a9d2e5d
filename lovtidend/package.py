"""The announcement package (kunngjøringspakke) Lovdata needs for a decided regulation version.

`version_package(version)` returns a plain dict: the metadata Lovdata records for a regulation
(its «Datokode», issuing body, «Hjemmel», «I kraft fra», «Endrer», «Korttittel», «Gjelder for»,
«Kunngjort») and the text, section by section, each ledd with its lettered items. The JSON
download is this dict; `lovtidend/xml.py` writes the same content as XML.

The datokode is FOR-<date of the decision>-<number>, and the number is given by Lovdata when it
announces the regulation. Until the announcement is recorded it is unknown: `datokode` is then
None (null in JSON, xsi:nil in XML) rather than a placeholder such as «FOR-2021-03-03-[nummer
tildeles av Lovdata]», which a reader or a program could take for an identifier; the date it
will carry is always given as `dato`.
"""

from datetime import datetime
from typing import Any

from django.utils import timezone, translation

from regulations.models import DecisionBody, Layer, RegulationVersion, VersionKind
from regulations.text import format_date_nb, split_paragraphs

from .models import Announcement, Department
from .selectors import decision_date

FORMAT = "smittevernvedtak-kunngjoringspakke/1"
# A decision of these kinds changes an earlier text of the same regulation («Endrer»).
AMENDING_KINDS = (VersionKind.AMENDMENT, VersionKind.EXTENSION, VersionKind.REPEAL)


def _instant(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def _announcement(version: RegulationVersion) -> Announcement | None:
    try:
        return version.announcement
    except Announcement.DoesNotExist:
        return None


def datokode(version: RegulationVersion) -> str | None:
    """The version's Lovdata datokode if known: the recorded announcement's, or for the original
    text of a regulation the Lovdata-ID the regulation itself carries."""
    announcement = _announcement(version)
    if announcement is not None:
        return announcement.lovdata_id
    if version.kind == VersionKind.ORIGINAL and version.regulation.lovdata_id:
        return version.regulation.lovdata_id
    return None


def issuing_body(version: RegulationVersion) -> str:
    """«Harstad kommune (formannskapet)»: the organization and, for a municipality, its body."""
    organization = version.regulation.municipality.name
    if version.decision_body and version.decision_body != DecisionBody.MINISTRY:
        return f"{organization} ({version.get_decision_body_display()})"
    return organization


def applies_to(version: RegulationVersion) -> str:
    """«Gjelder for»: the municipality with its county, as Lovdata writes it; for a regional
    level the municipalities placed on it; for the national regulation the whole country."""
    from register.models import Municipality
    from register.selectors import municipality_get

    regulation = version.regulation
    if regulation.layer == Layer.NATIONAL:
        return "Hele landet"
    if regulation.layer == Layer.REGIONAL:
        numbers = sorted({p.municipality_number for p in version.placements.all()})
        names = dict(Municipality.objects.filter(number__in=numbers).values_list("number", "name"))
        return ", ".join(names.get(n, n) for n in numbers)
    organization = regulation.municipality
    day = decision_date(version)
    found = municipality_get(organization.municipality_number, at=day) if organization.municipality_number else None
    return f"{organization.name}, {found.county.name}" if found is not None else organization.name


def _amends(version: RegulationVersion) -> dict[str, Any] | None:
    if version.kind not in AMENDING_KINDS or version.based_on is None:
        return None
    regulation = version.regulation
    original = regulation.versions.filter(kind=VersionKind.ORIGINAL).order_by("number").first()
    return {
        "tittel": regulation.title,
        "datokode": datokode(original) if original is not None else None,
        "versjon": version.based_on.number,
    }


def _preamble(version: RegulationVersion, body: str, day) -> str:
    return f"Fastsatt av {body} {format_date_nb(day)} med hjemmel i {version.regulation.legal_basis}."


def _text(version: RegulationVersion) -> list[dict[str, Any]]:
    return [
        {
            "nummer": section.number,
            "overskrift": section.heading,
            "ledd": [
                {
                    "tekst": paragraph.text,
                    "bokstavpunkter": [{"bokstav": letter, "tekst": text} for letter, text in paragraph.items],
                }
                for paragraph in split_paragraphs(section.body)
            ],
        }
        for section in version.sections.order_by("number")
    ]


def version_package(version: RegulationVersion) -> dict[str, Any]:
    """The package of a decided version (the caller has checked that it is decided), in
    Norwegian whatever the reader's language: it is what is sent to Lovdata."""
    with translation.override("nb"):
        return _package(version)


def _package(version: RegulationVersion) -> dict[str, Any]:
    regulation = version.regulation
    day = decision_date(version)
    body = issuing_body(version)
    announcement = _announcement(version)
    department = Department.AVD_II if regulation.layer == Layer.LOCAL else Department.AVD_I
    return {
        "format": FORMAT,
        "datokode": datokode(version),
        "dato": day.isoformat() if day is not None else None,
        "tittel": regulation.title,
        "korttittel": regulation.short_title or None,
        "utgiver": body,
        "hjemmel": regulation.legal_basis,
        "ikraft_fra": _instant(version.valid_from),
        "gjelder_til": _instant(version.valid_until),
        "endrer": _amends(version),
        "gjelder_for": applies_to(version),
        "kunngjores_i": str(Department(department).label),
        "kunngjort": (
            {"dato": announcement.announced_on.isoformat(), "avdeling": announcement.get_department_display()}
            if announcement is not None
            else None
        ),
        "vedtak": {
            "type": version.kind,
            "versjon": version.number,
            "sak": regulation.case.reference,
            "innholdets_sha256": version.content_hash or None,
        },
        "ingress": _preamble(version, body, day),
        "paragrafer": _text(version),
    }
