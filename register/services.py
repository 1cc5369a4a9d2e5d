"""Writes to the register: loading an edition of counties and municipalities."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from core.history import save_with_history

from . import source
from .models import County, Municipality


@dataclass(frozen=True)
class LoadResult:
    counties: int
    municipalities: int
    created: int
    updated: int


def _upsert(model: type[Model], *, number: str, values: dict[str, Any], by, reason: str) -> tuple[Any, str]:
    """Create or update the row with `number`: the row, and "created", "updated" or ""
    (nothing changed).

    Unlike `update_or_create`, an unchanged row is not saved, so a repeated load writes no
    history record and no audit event.
    """
    obj = model._default_manager.filter(number=number).first()
    if obj is None:
        obj = model(number=number, **values)
        obj.full_clean()
        save_with_history(obj, by, reason)
        return obj, "created"
    changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
    if not changed:
        return obj, ""
    for name, value in changed.items():
        setattr(obj, name, value)
    obj.full_clean()
    save_with_history(obj, by, reason)
    return obj, "updated"


@transaction.atomic
def municipalities_load(*, by=None) -> LoadResult:
    """Bring the register in line with the edition in `register.source` (2020–2023).

    Idempotent: counties and municipalities are matched by number; a row is written only
    when a field differs, so running it twice changes nothing the second time. A
    municipality's population is not the register's: it is left as it is.
    """
    reason = _("Kommuneregisteret lastet fra %(edition)s") % {"edition": source.EDITION}
    period = {"valid_from": source.VALID_FROM, "valid_until": source.VALID_UNTIL}
    county_ids: dict[str, int] = {}
    outcomes: list[str] = []
    numbers: set[str] = set()
    for record in source.municipality_records():
        if record.county_number not in county_ids:
            county, outcome = _upsert(
                County, number=record.county_number, values={"name": record.county_name, **period}, by=by, reason=reason
            )
            county_ids[record.county_number] = county.pk
            outcomes.append(outcome)
        _municipality, outcome = _upsert(
            Municipality,
            number=record.number,
            values={
                "name": record.name,
                "county_id": county_ids[record.county_number],
                "org_number": record.org_number,
                **period,
            },
            by=by,
            reason=reason,
        )
        outcomes.append(outcome)
        numbers.add(record.number)
    return LoadResult(
        counties=len(county_ids),
        municipalities=len(numbers),
        created=outcomes.count("created"),
        updated=outcomes.count("updated"),
    )
