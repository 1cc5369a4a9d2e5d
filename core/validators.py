"""Validators for Norwegian identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORG_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def normalize_org_number(value: str) -> str:
    """Strip spaces so that "983 544 622" and "983544622" are the same number."""
    return "".join((value or "").split())


def org_number_is_valid(value: str) -> bool:
    """True when value is nine digits whose last one is the mod-11 check digit."""
    digits = normalize_org_number(value)
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], ORG_NUMBER_WEIGHTS, strict=False))
    remainder = total % 11
    if remainder == 1:
        return False
    check = 0 if remainder == 0 else 11 - remainder
    return check == int(digits[8])


def validate_org_number(value: str) -> None:
    if not org_number_is_valid(value):
        raise ValidationError(
            _("Organisasjonsnummeret %(value)s er ugyldig: det må ha ni sifre og riktig kontrollsiffer."),
            params={"value": value},
            code="invalid_org_number",
        )


MIN_YEAR, MAX_YEAR = 1900, 2100


def validate_reasonable_date(value) -> None:
    """Dates in the years 1900–2100: anything else is a typing error (and overflows)."""
    if value is not None and not (MIN_YEAR <= value.year <= MAX_YEAR):
        raise ValidationError(
            _("Datoen må ligge mellom år %(min)s og %(max)s."),
            params={"min": MIN_YEAR, "max": MAX_YEAR},
            code="date_out_of_range",
        )


def validate_municipality_number(value: str) -> None:
    if not (len(value) == 4 and value.isdigit()):
        raise ValidationError(_("Kommunenummeret må ha fire sifre."), code="invalid_municipality_number")
