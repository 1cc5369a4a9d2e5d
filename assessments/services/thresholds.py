"""Threshold tables (reference data): created and changed by administrators, validated so
that every value gets exactly one level."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import history_note
from core.models import Role
from core.selectors import organization_ids_for_user

from ..indicators import BandInput, validate_bands
from ..models import FROZEN_STATUSES, Indicator, IndicatorReading, ThresholdBand, ThresholdTable


def may_edit_thresholds(user) -> bool:
    return bool(getattr(user, "is_superuser", False) or organization_ids_for_user(user, Role.ADMIN))


def threshold_table_in_use(table: ThresholdTable) -> bool:
    """True when an approved assessment was judged by this table: it must then stay as it was."""
    return IndicatorReading.objects.filter(threshold_table=table, assessment__status__in=FROZEN_STATUSES).exists()


def threshold_table_save(
    *,
    by,
    indicator: str,
    effective_from: date,
    name: str,
    bands: list[BandInput],
    note: str = "",
    table: ThresholdTable | None = None,
) -> ThresholdTable:
    """Create a table (or change one no approved assessment has used) with its bands.

    Overlapping ranges, gaps, levels out of order and a bounded top range are refused.
    """
    if not may_edit_thresholds(by):
        raise PermissionDenied(_("Bare systemansvarlige kan endre terskeltabeller."))
    errors = {}
    if indicator not in Indicator.values:
        errors["indicator"] = _("Ukjent indikator.")
    if not isinstance(effective_from, date):
        errors["effective_from"] = _("Angi datoen tabellen gjelder fra.")
    if not (name or "").strip():
        errors["name"] = _("Gi tabellen et navn.")
    if errors:
        raise ValidationError(errors)
    validate_bands(bands)
    with transaction.atomic():
        if table is not None and table.pk:
            ThresholdTable.objects.select_for_update().get(pk=table.pk)
            if threshold_table_in_use(table):
                raise ValidationError(
                    _(
                        "Tabellen er brukt i godkjente risikovurderinger og kan ikke endres. Lag en ny tabell med ny gyldighetsdato."
                    )
                )
        else:
            # An unsaved instance (the admin's form object) is created as given.
            table = table or ThresholdTable()
        clash = ThresholdTable.objects.filter(indicator=indicator, effective_from=effective_from).exclude(pk=table.pk)
        if clash.exists():
            raise ValidationError(
                {"effective_from": _("Det finnes allerede en tabell for indikatoren fra denne datoen.")}
            )
        table.indicator, table.effective_from, table.name, table.note = (
            indicator,
            effective_from,
            name.strip(),
            note.strip(),
        )
        table.full_clean()
        history_note(table, by=by, reason=_("Terskeltabell lagret"))
        table.save()
        for old in list(table.bands.all()):
            history_note(old, by=by, reason=_("Terskeltabell endret"))
            old.delete()
        for b in sorted(bands, key=lambda b: b.lower):
            band = ThresholdBand(table=table, level=b.level, lower=b.lower, upper=b.upper)
            band.full_clean()
            history_note(band, by=by, reason=_("Terskeltabell lagret"))
            band.save()
    return table
