"""Every write of the lovtidend app: recording that a decided version was announced."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import save_with_history
from core.selectors import has_role
from regulations.models import EFFECTIVE_STATUSES, Layer, RegulationVersion
from regulations.text import format_date_nb

from .models import LOVDATA_ID_RE, Announcement, Department
from .selectors import RECORDING_ROLES, decision_date


def may_record_announcement(user, version: RegulationVersion) -> bool:
    """The one rule for recording an announcement: the issuing organization's case officers
    and records officers, for a decided version not yet announced."""
    return (
        version.status in EFFECTIVE_STATUSES
        and not Announcement.objects.filter(version_id=version.pk).exists()
        and has_role(user, version.regulation.municipality_id, *RECORDING_ROLES)
    )


def department_for(version: RegulationVersion) -> str:
    """Avd. II for a municipality's local regulation, avd. I for the ministry's (see models)."""
    return Department.AVD_II if version.regulation.layer == Layer.LOCAL else Department.AVD_I


def announcement_record(
    *, version: RegulationVersion, by, announced_on: date, lovdata_id: str, reason: str = ""
) -> Announcement:
    """Record that `version` was announced in Norsk Lovtidend on `announced_on` as `lovdata_id`.

    Refused (PermissionDenied) unless `by` is a case officer or records officer of the issuing
    organization; refused (ValidationError, nothing stored) unless the version is decided and
    not yet announced, the date is not before the decision, and the Lovdata-ID is
    FOR-ÅÅÅÅ-MM-DD-nummer with the decision's date and not used by another version. The
    department (avd. I or II) follows from the regulation's layer. The history record names
    `by` and the reason, and the audit trail takes both from there."""
    regulation = version.regulation
    if not has_role(by, regulation.municipality_id, *RECORDING_ROLES):
        raise PermissionDenied(
            _("Bare saksbehandler eller arkivar i %(org)s kan registrere kunngjøringen.")
            % {"org": regulation.municipality.name}
        )
    if version.status not in EFFECTIVE_STATUSES:
        raise ValidationError(
            _("Bare en vedtatt forskrift kan kunngjøres. Denne versjonen har status «%(status)s».")
            % {"status": version.get_status_display()}
        )
    lovdata_id = (lovdata_id or "").strip().upper()
    decided_on = decision_date(version)
    errors: dict[str, list[str]] = {}
    if announced_on is None:
        errors["announced_on"] = [_("Angi datoen forskriften ble kunngjort i Norsk Lovtidend.")]
    elif decided_on is not None and announced_on < decided_on:
        errors["announced_on"] = [
            _("Forskriften kan ikke være kunngjort %(announced)s, før den ble vedtatt %(decided)s.")
            % {"announced": format_date_nb(announced_on), "decided": format_date_nb(decided_on)}
        ]
    if not LOVDATA_ID_RE.match(lovdata_id):
        errors["lovdata_id"] = [_("Lovdata-ID skrives som FOR-ÅÅÅÅ-MM-DD-nummer, for eksempel FOR-2021-03-03-521.")]
    elif decided_on is not None and lovdata_id[4:14] != decided_on.isoformat():
        errors["lovdata_id"] = [
            _("Datoen i Lovdata-ID-en skal være vedtaksdatoen, %(date)s: FOR-%(iso)s-nummer.")
            % {"date": format_date_nb(decided_on), "iso": decided_on.isoformat()}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = RegulationVersion.objects.select_for_update().get(pk=version.pk)
        if Announcement.objects.filter(version_id=locked.pk).exists():
            raise ValidationError(_("Kunngjøringen av denne versjonen er allerede registrert."))
        if Announcement.objects.filter(lovdata_id=lovdata_id).exists():
            raise ValidationError(
                {"lovdata_id": [_("%(id)s er allerede registrert for en annen forskrift.") % {"id": lovdata_id}]}
            )
        announcement = Announcement(
            version=locked,
            announced_on=announced_on,
            department=department_for(locked),
            lovdata_id=lovdata_id,
            recorded_by=by,
        )
        announcement.full_clean()
        note = _("Kunngjort i Norsk Lovtidend %(date)s som %(id)s") % {
            "date": format_date_nb(announced_on),
            "id": lovdata_id,
        }
        save_with_history(announcement, by, f"{note}: {reason.strip()}" if reason.strip() else note)
    return announcement
