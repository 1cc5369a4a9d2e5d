"""Every write on commuting regions: creating and editing them (the directorate's case officers
and approvers), and «Lag brevutkast», a draft letter to the members whose rules differ, made
through the letter services. Each write is atomic and records who and why in the history,
which the audit trail takes from there."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.formats import format_datetime_nb
from core.history import history_note
from core.models import Organization, OrganizationKind
from core.sanitize import normalize_text
from letters.models import Letter
from letters.services import letter_create, recipients_add_organizations
from register.models import Municipality

from .models import CommutingRegion, RegionLetter, letter_organizations, region_editor_organizations
from .selectors import Cell, Comparison, recent_region_letter, region_comparison

MAX_MEMBERS = 100
MAX_LISTED_SETTINGS = 4  # more differing settings are counted in the letter's opening, not listed


@dataclass
class RegionLetterResult:
    letter: Letter
    created: bool  # False: the draft an earlier click made (a double click) was found
    not_added: list[str] = field(default_factory=list)  # differing members that could not be recipients


def _editor_organization(by) -> Organization:
    organization = region_editor_organizations(by).order_by("pk").first()
    if organization is None:
        raise PermissionDenied(
            _("Bare saksbehandlere og godkjennere i et direktorat kan opprette og endre bo- og arbeidsmarkedsregioner.")
        )
    return organization


def _clean(*, name: str, description: str, municipality_numbers: list[str], exclude_pk: int | None) -> dict:
    errors: dict[str, str] = {}
    name = " ".join(normalize_text(name).split())
    if not name:
        errors["name"] = _("Skriv et navn på regionen.")
    elif len(name) > 200:
        errors["name"] = _("Navnet er for langt (høyst 200 tegn).")
    elif CommutingRegion.objects.filter(name__iexact=name).exclude(pk=exclude_pk or 0).exists():
        errors["name"] = _("Det finnes allerede en region med navnet «%(name)s».") % {"name": name}
    numbers: list[str] = []
    for number in municipality_numbers:
        number = number.strip()
        if number not in numbers:
            numbers.append(number)
    bad = [n for n in numbers if not re.fullmatch(r"[0-9]{4}", n)]
    known = set(Municipality.objects.filter(number__in=numbers).values_list("number", flat=True))
    unknown = [n for n in numbers if n not in known and n not in bad]
    if bad or unknown:
        errors["municipalities"] = _("Ikke i kommuneregisteret: %(numbers)s.") % {"numbers": ", ".join(bad + unknown)}
    elif len(numbers) < 2:
        errors["municipalities"] = _("En region må ha minst to kommuner.")
    elif len(numbers) > MAX_MEMBERS:
        errors["municipalities"] = _("En region kan ha høyst %(n)s kommuner.") % {"n": MAX_MEMBERS}
    if errors:
        raise ValidationError(errors)
    return {"name": name, "description": normalize_text(description), "municipality_numbers": numbers}


def region_create(
    *, by, name: str, description: str = "", municipality_numbers: list[str], reason: str = ""
) -> CommutingRegion:
    """A new region of the editor's directorate, its members in the order given."""
    organization = _editor_organization(by)
    fields = _clean(name=name, description=description, municipality_numbers=municipality_numbers, exclude_pk=None)
    with transaction.atomic():
        region = CommutingRegion(organization=organization, **fields)
        history_note(region, by=by, reason=normalize_text(reason) or _("Region opprettet"))
        region.full_clean()
        region.save()
    return region


def region_update(
    *, region: CommutingRegion, by, name: str, description: str = "", municipality_numbers: list[str], reason: str = ""
) -> CommutingRegion:
    """Change a region's name, description or members; the history keeps the earlier ones."""
    _editor_organization(by)
    fields = _clean(name=name, description=description, municipality_numbers=municipality_numbers, exclude_pk=region.pk)
    with transaction.atomic():
        locked = CommutingRegion.objects.select_for_update().get(pk=region.pk)
        if all(getattr(locked, key) == value for key, value in fields.items()):
            return locked
        for key, value in fields.items():
            setattr(locked, key, value)
        history_note(locked, by=by, reason=normalize_text(reason) or _("Region endret"))
        locked.full_clean()
        locked.save()
    return locked


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s og %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _place(municipality: Municipality) -> str:
    return municipality.name


def _shown(cell: Cell) -> str:
    """A cell's rules as the letter's table says them, in the middle of a line."""
    return cell.summary if cell.rules else _("ingen regel")


def letter_title(comparison: Comparison) -> str:
    names = [_place(m) for m in comparison.differing_municipalities]
    title = _("Brev til %(names)s kommuner om smitteverntiltak i egen bo- og arbeidsmarkedsregion") % {
        "names": _names(names)
    }
    if len(title) > 250:
        title = _("Brev til kommunene i bo- og arbeidsmarkedsregion %(region)s om smitteverntiltak") % {
            "region": comparison.region.name
        }
    return title


def letter_body(comparison: Comparison, *, sender: str) -> str:
    """The draft's text in the letter's format (HTML the letter services sanitize): the seed
    letter's opening, the differences as a table (one line per setting and differing
    municipality, beside the strictest rule in the region and where it applies), and a closing
    request, ready for the case officer to edit."""
    differing = comparison.differing_municipalities
    rows = comparison.differing_rows
    when = format_datetime_nb(comparison.at)
    if len(rows) <= MAX_LISTED_SETTINGS:
        settings = _names([row.label.lower() for row in rows])
    else:
        settings = _("%(n)s områder (se tabellen nedenfor)") % {"n": len(rows)}
    opening = _(
        "%(sender)s viser til smitteverntiltakene i bo- og arbeidsmarkedsregion %(region)s. "
        "%(names)s ligger i samme bo- og arbeidsmarkedsregion som %(others)s, men har per %(when)s ulike regler "
        "for %(settings)s."
    ) % {
        "sender": sender,
        "region": comparison.region.name,
        "names": _names([_place(m) for m in differing]),
        "others": _names([_place(m) for m in comparison.municipalities if m not in differing])
        or _("de andre kommunene i regionen"),
        "settings": settings,
        "when": when,
    }
    intro = _(
        "Tabellen nedenfor viser, for hvert område der reglene er ulike, den strengeste regelen i regionen med "
        "kommunene der den gjelder, og hva som gjelder i kommunene som avviker."
    )
    head = [_("Område"), _("Strengeste i regionen"), _("Avviker")]
    lines = []
    for row in rows:
        same = [c.municipality.name for c in row.cells if c.key == row.reference.key]
        reference = _("%(places)s: %(rule)s") % {"places": ", ".join(same), "rule": _shown(row.reference)}
        groups: dict[tuple, list[Cell]] = {}
        for cell in row.cells:
            if cell.differs:
                groups.setdefault(cell.key, []).append(cell)
        differing_text = [
            _("%(places)s: %(rule)s")
            % {"places": ", ".join(c.municipality.name for c in cells), "rule": _shown(cells[0])}
            for cells in groups.values()
        ]
        if len(differing_text) == 1:
            shown = escape(differing_text[0])
        else:  # one item per group of municipalities with the same rules
            shown = "<ul>" + "".join(f"<li>{escape(t)}</li>" for t in differing_text) + "</ul>"
        lines.append([escape(row.label), escape(reference), shown])
    table = (
        "<table><thead><tr>"
        + "".join(f"<th>{escape(h)}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join("<tr>" + "".join(f"<td>{v}</td>" for v in line) + "</tr>" for line in lines)
        + "</tbody></table>"
    )
    closing = _(
        "Ved håndtering av større utbrudd av covid-19 er det ønskelig at smittevernråd og -tiltak er godt "
        "samordnet innenfor en bo- og arbeidsmarkedsregion. Det er kort vei og en høy grad av mobilitet mellom "
        "kommunene, og mobiliteten kan øke når smitteverntiltakene er forskjellige. %(sender)s vil derfor "
        "be %(names)s om å ta disse reglene opp til ny vurdering."
    ) % {"sender": sender, "names": _names([_("%(name)s kommune") % {"name": _place(m)} for m in differing])}
    return f"<p>{escape(opening)}</p><p>{escape(intro)}</p>{table}<p>{escape(closing)}</p>"


def region_letter_draft(*, region: CommutingRegion, at: datetime, by) -> RegionLetterResult:
    """«Lag brevutkast»: a draft letter of the case officer's directorate to the members whose
    rules differ at `at`, the differences in its body, made through the letter services.
    The same comparison asked again within `selectors.DRAFT_WINDOW` (a double click) gets the
    draft the first request made. A differing member without an organization (with its postal
    address) in the registry is named in `not_added`, for the case officer to add by hand."""
    organization = letter_organizations(by).order_by("pk").first()
    if organization is None:
        raise PermissionDenied(_("Bare saksbehandlere i et direktorat kan lage brevutkast fra sammenligningen."))
    with transaction.atomic():
        # Two clicks at once queue here; the second finds the first one's draft.
        locked = CommutingRegion.objects.select_for_update().get(pk=region.pk)
        existing = recent_region_letter(region=locked, at=at)
        if existing is not None:
            return RegionLetterResult(letter=existing.letter, created=False)
        comparison = region_comparison(region=locked, at=at)
        differing = comparison.differing_municipalities
        if not differing:
            raise ValidationError(
                _("Kommunene i %(region)s har de samme reglene %(when)s: det er ingen forskjeller å skrive om.")
                % {"region": locked.name, "when": format_datetime_nb(at)}
            )
        # The letter is to Norwegian municipalities: in Norwegian whatever the officer's UI language.
        with translation.override(settings.LANGUAGE_CODE):
            title = letter_title(comparison)
            case_title = _("Samordning av smitteverntiltak i bo- og arbeidsmarkedsregion %(region)s") % {
                "region": locked.name
            }
            body = letter_body(comparison, sender=organization.name)
        letter = letter_create(organization=organization, by=by, title=title, case_title=case_title, body=body)
        recipients = Organization.objects.filter(
            kind=OrganizationKind.MUNICIPALITY, municipality_number__in=[m.number for m in differing]
        )
        by_number = {o.municipality_number: o for o in recipients}
        added = recipients_add_organizations(
            letter=letter, by=by, organizations=[by_number[m.number] for m in differing if m.number in by_number]
        )
        not_added = [m.name for m in differing if m.number not in by_number]
        not_added += added.without_address
        link = RegionLetter(region=locked, at=at, letter=letter, created_by=by, created_at=timezone.now())
        history_note(
            link,
            by=by,
            reason=_("Brevutkast laget fra sammenligningen av %(region)s %(when)s")
            % {"region": locked.name, "when": format_datetime_nb(at)},
        )
        link.save()
    return RegionLetterResult(letter=letter, created=True, not_added=not_added)
