"""Recipients and copy recipients: one by one, a group from the registry, or a CSV import."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.history import history_note
from core.models import Organization, Role
from core.sanitize import normalize_text
from core.selectors import has_role

from ..models import Channel, Letter, LetterRecipient, RecipientKind, RecipientList, RecipientListEntry
from .drafting import check_may_edit, content_changed, letter_part_remove, lock_letter

CSV_MAX_BYTES = 1_000_000
CSV_MAX_ROWS = 2000
CSV_COLUMNS = ("navn", "kontaktperson", "adresse", "postnummer", "poststed", "epost", "type")
# Optional: a row naming an organization of the registry is linked to it (so that
# organization sees the letter, and a second row for it is a duplicate).
CSV_REGISTRY_COLUMNS = ("kommunenummer", "orgnr")
KIND_WORDS = {"": RecipientKind.RECIPIENT, "mottaker": RecipientKind.RECIPIENT, "kopi": RecipientKind.COPY}


@dataclass
class RecipientInput:
    """One addressee as typed or imported; `organization` fills in what is left blank."""

    name: str = ""
    contact_person: str = ""
    address: str = ""
    postal_code: str = ""
    postal_place: str = ""
    email: str = ""
    kind: str = RecipientKind.RECIPIENT
    organization: Organization | None = None


# What a recipient is as typed: tidied alike, and stored as they are on the letter's recipient.
TYPED_FIELDS = ("name", "contact_person", "address", "postal_code", "postal_place", "email")


@dataclass
class BulkResult:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    without_address: list[str] = field(default_factory=list)


def _dedupe_key(data: RecipientInput) -> str:
    if data.organization is not None:
        return f"org:{data.organization.pk}"
    name = " ".join(data.name.lower().split())
    return f"addr:{name}|{data.postal_code}"


def _complete(data: RecipientInput) -> RecipientInput:
    org = data.organization
    if org is not None:
        data.name = data.name or org.name
        if not (data.address or data.postal_code or data.postal_place):
            data.address, data.postal_code, data.postal_place = org.postal_address, org.postal_code, org.postal_place
        data.email = data.email or org.email
    for attr in TYPED_FIELDS:
        setattr(data, attr, " ".join(normalize_text(getattr(data, attr)).split()))
    return data


def _validate(data: RecipientInput) -> dict:
    errors = {}
    if not data.name:
        errors["name"] = _("Mottakeren mangler navn.")
    elif len(data.name) > 200:
        errors["name"] = _("Navnet er for langt (høyst 200 tegn).")
    if data.kind not in RecipientKind.values:
        errors["kind"] = _("Ukjent mottakertype.")
    if not (data.address and data.postal_code and data.postal_place):
        errors["address"] = _("%(name)s mangler adresse (adresse, postnummer og poststed).") % {
            "name": data.name or _("Mottakeren")
        }
    elif not re.fullmatch(r"[0-9]{4}", data.postal_code):
        errors["postal_code"] = _("Postnummeret må ha fire sifre.")
    if len(data.address) > 200 or len(data.contact_person) > 200 or len(data.postal_place) > 100:
        errors["address"] = _("Adressen er for lang.")
    if len(data.email) > 254:
        errors["email"] = _("E-postadressen er for lang (høyst 254 tegn).")
    elif data.email:
        try:
            validate_email(data.email)
        except ValidationError:
            errors["email"] = _("«%(e)s» er ikke en gyldig e-postadresse.") % {"e": data.email[:100]}
    return errors


def _create(letter: Letter, data: RecipientInput, by, order: int) -> LetterRecipient:
    recipient = LetterRecipient(
        letter=letter,
        kind=data.kind,
        order=order,
        organization=data.organization,
        **{attr: getattr(data, attr) for attr in TYPED_FIELDS},
        channel=Channel.EMAIL if data.email else Channel.PRINT,
        dedupe_key=_dedupe_key(data),
    )
    history_note(recipient, by=by, reason=_("Mottaker lagt til"))
    recipient.save()
    return recipient


def _next_order(letter: Letter) -> int:
    return (letter.recipients.order_by("-order").values_list("order", flat=True).first() or 0) + 1


def recipient_add(*, letter: Letter, by, data: RecipientInput) -> LetterRecipient:
    """Add one recipient or copy recipient. Refused: no address, a duplicate, bad e-mail."""
    data = _complete(data)
    errors = _validate(data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = lock_letter(letter)
        check_may_edit(locked, by)
        if locked.recipients.filter(dedupe_key=_dedupe_key(data)).exists():
            raise ValidationError({"name": _("%(name)s står allerede på mottakerlisten.") % {"name": data.name}})
        recipient = _create(locked, data, by, _next_order(locked))
        content_changed(letter=locked, by=by, reason=_("Mottaker %(n)s lagt til") % {"n": data.name})
    return recipient


def recipients_add_organizations(
    *, letter: Letter, by, organizations, kind: str = RecipientKind.RECIPIENT
) -> BulkResult:
    """Add a group from the registry (all municipalities, a county).

    Organizations already on the list are skipped (no duplicates) and those without a
    postal address are refused; both are reported. The rest are added in one transaction.
    """
    return _add_many(
        letter=letter, by=by, inputs=(RecipientInput(organization=org, kind=kind) for org in organizations)
    )


def recipients_add_saved_list(*, letter: Letter, by, saved_list: RecipientList) -> BulkResult:
    """Add the recipients of a saved list as they were saved: each with its own type
    (mottaker or kopi) and the address it had; a part left blank is the registry's."""
    if saved_list.owner_id != letter.sender_id:
        raise ValidationError({"saved_list": _("Listen tilhører en annen organisasjon.")})
    entries = saved_list.entries.select_related("organization").order_by("order", "pk")
    return _add_many(
        letter=letter,
        by=by,
        inputs=(
            RecipientInput(
                **{attr: getattr(entry, attr) for attr in TYPED_FIELDS},
                kind=entry.kind,
                organization=entry.organization,
            )
            for entry in entries
        ),
    )


def _add_many(*, letter: Letter, by, inputs) -> BulkResult:
    """Add several recipients in one transaction; duplicates and those without an address
    are skipped and reported."""
    result = BulkResult()
    with transaction.atomic():
        locked = lock_letter(letter)
        check_may_edit(locked, by)
        existing = set(locked.recipients.values_list("dedupe_key", flat=True))
        order = _next_order(locked)
        for given in inputs:
            data = _complete(given)
            key = _dedupe_key(data)
            if key in existing:
                result.duplicates.append(data.name)
                continue
            if _validate(data):
                result.without_address.append(data.name)
                continue
            _create(locked, data, by, order)
            existing.add(key)
            order += 1
            result.added.append(data.name)
        if result.added:
            content_changed(
                letter=locked,
                by=by,
                reason=ngettext("%(n)s mottaker lagt til", "%(n)s mottakere lagt til", len(result.added))
                % {"n": len(result.added)},
            )
    return result


def recipient_remove(*, recipient: LetterRecipient, by) -> None:
    letter_part_remove(
        part=recipient, by=by, removed=_("Mottaker fjernet"), reason=_("Mottaker %(n)s fjernet") % {"n": recipient.name}
    )


@dataclass
class CsvImportResult:
    added: list[str] = field(default_factory=list)
    good_rows: list[int] = field(default_factory=list)


def _read_csv(content: bytes) -> list[tuple[int, dict]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": _("Filen må være tekst i UTF-8 (CSV).")}) from None
    if "\x00" in text:
        raise ValidationError({"file": _("Filen er ikke en CSV-fil.")})
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ValidationError({"file": _("Filen kunne ikke leses som CSV: %(e)s") % {"e": exc}}) from None
    if not rows:
        raise ValidationError({"file": _("Filen er tom.")})
    header = [h.strip().lower().replace("-", "") for h in rows[0]]
    if "navn" not in header and not set(CSV_REGISTRY_COLUMNS) & set(header):
        raise ValidationError(
            {"file": _("Første linje må være en overskrift med kolonnene: %(c)s.") % {"c": ";".join(CSV_COLUMNS)}}
        )
    if len(rows) - 1 > CSV_MAX_ROWS:
        raise ValidationError({"file": _("Filen har for mange linjer (høyst %(n)s).") % {"n": CSV_MAX_ROWS}})
    parsed = []
    for line_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        parsed.append((line_number, {key: (row[i] if i < len(row) else "") for i, key in enumerate(header)}))
    return parsed


def _registry_match(row: dict) -> tuple[Organization | None, str]:
    """The registry organization a CSV row names by kommunenummer or org.nr., and an error
    text when it names one that does not exist."""
    # Each number: its column, the field that holds it, its form, and the text when no
    # organization has it (quoting at most so many characters of what the row says).
    for column, model_field, pattern, not_found, quoted in (
        ("kommunenummer", "municipality_number", r"[0-9]{4}", _("Fant ingen kommune med kommunenummer %(n)s."), 10),
        ("orgnr", "org_number", r"[0-9]{9}", _("Fant ingen organisasjon med org.nr. %(n)s."), 12),
    ):
        value = "".join(row.get(column, "").split())
        if value:
            found = (
                Organization.objects.filter(**{model_field: value}).first() if re.fullmatch(pattern, value) else None
            )
            return (found, "") if found is not None else (None, not_found % {"n": value[:quoted]})
    return None, ""


def recipients_import_csv(*, letter: Letter, by, filename: str, content: bytes) -> CsvImportResult:
    """Import recipients from a CSV file (columns navn;kontaktperson;adresse;postnummer;poststed;epost;type,
    and optionally kommunenummer or orgnr to link a row to the registry).

    All or nothing: if any row is broken or a duplicate, nothing is imported and the
    error lists every bad row by its line number (and says which rows were fine).
    """
    if not (filename or "").lower().endswith((".csv", ".txt")):
        raise ValidationError({"file": _("Velg en CSV-fil (.csv).")})
    if len(content) > CSV_MAX_BYTES:
        raise ValidationError({"file": _("Filen er for stor (høyst 1 MB).")})
    rows = _read_csv(content)
    result = CsvImportResult()
    with transaction.atomic():
        locked = lock_letter(letter)
        check_may_edit(locked, by)
        seen = set(locked.recipients.values_list("dedupe_key", flat=True))
        errors, inputs = [], []
        for line_number, row in rows:
            kind_word = row.get("type", "").strip().lower()
            organization, registry_error = _registry_match(row)
            data = _complete(
                RecipientInput(
                    name=row.get("navn", ""),
                    contact_person=row.get("kontaktperson", ""),
                    address=row.get("adresse", ""),
                    postal_code=row.get("postnummer", ""),
                    postal_place=row.get("poststed", ""),
                    email=row.get("epost", ""),
                    kind=KIND_WORDS.get(kind_word, "?"),
                    organization=organization,
                )
            )
            row_errors = list(_validate(data).values())
            if registry_error:
                row_errors.insert(0, registry_error)
            if kind_word not in KIND_WORDS:
                row_errors = [_("Typen må være «mottaker» eller «kopi».")] + [
                    e for e in row_errors if e != _("Ukjent mottakertype.")
                ]
            key = _dedupe_key(data)
            if not row_errors and key in seen:
                row_errors.append(_("%(name)s står allerede på mottakerlisten.") % {"name": data.name})
            if row_errors:
                # Each of a line's errors is a sentence of its own: «Linje 3: Typen må være … Postnummeret …».
                errors.append(_("Linje %(n)s: %(errors)s") % {"n": line_number, "errors": " ".join(row_errors)})
                continue
            seen.add(key)
            inputs.append(data)
            result.good_rows.append(line_number)
        if errors:
            summary = _("Ingenting er importert. Rett linjene under og last opp filen på nytt.")
            if result.good_rows:
                summary += " " + _("Linjene %(lines)s var i orden.") % {
                    "lines": ", ".join(str(n) for n in result.good_rows)
                }
            raise ValidationError({"file": [summary, *errors]})
        if not inputs:
            raise ValidationError({"file": _("Filen har ingen mottakere.")})
        order = _next_order(locked)
        for offset, data in enumerate(inputs):
            _create(locked, data, by, order + offset)
            result.added.append(data.name)
        content_changed(
            letter=locked,
            by=by,
            reason=ngettext("%(n)s mottaker importert fra CSV", "%(n)s mottakere importert fra CSV", len(inputs))
            % {"n": len(inputs)},
        )
    return result


def recipient_list_create(*, owner: Organization, by, name: str, recipients) -> RecipientList:
    """Save `recipients` (a letter's) as a named list for later letters, each as it is on the
    letter: its type, its organization in the registry if any, and its address."""
    if not has_role(by, owner.pk, Role.CASE_OFFICER, Role.RECORDS_OFFICER):
        raise PermissionDenied(_("Du har ikke tilgang til mottakerlistene til %(org)s.") % {"org": owner.name})
    name = normalize_text(name)
    if not name:
        raise ValidationError({"name": _("Gi listen et navn.")})
    recipients = list(recipients)
    if not recipients:
        raise ValidationError({"name": _("Brevet har ingen mottakere å lagre i listen.")})
    taken = ValidationError({"name": _("Det finnes allerede en liste med dette navnet.")})
    if RecipientList.objects.filter(owner=owner, name=name[:200]).exists():
        raise taken
    try:
        with transaction.atomic():
            saved = RecipientList.objects.create(owner=owner, name=name[:200])
            RecipientListEntry.objects.bulk_create(
                RecipientListEntry(
                    recipient_list=saved,
                    order=order,
                    kind=recipient.kind,
                    organization_id=recipient.organization_id,
                    **{attr: getattr(recipient, attr) for attr in TYPED_FIELDS},
                )
                for order, recipient in enumerate(recipients, start=1)
            )
    except IntegrityError:  # the same name saved just now by someone else, or by a second click
        raise taken from None
    return saved
