"""Every write on regulations. Views, tasks and commands call these, never the models."""

from .archive import version_archive_pdf, version_content_hash
from .decisions import (
    version_adopt,
    version_archive_requeue,
    version_issue_urgent,
    version_lapse,
    version_reject,
    version_send_back,
    version_submit,
)
from .drafting import (
    SectionInput,
    StaleEditError,
    measure_add,
    measure_remove,
    measure_update,
    placement_add,
    placement_remove,
    regulation_create,
    version_start,
    version_update,
)
from .reminders import reminders_send, urgent_decisions_expire
from .risk import may_answer_risk_picture, risk_picture_answer

__all__ = [
    "SectionInput",
    "StaleEditError",
    "may_answer_risk_picture",
    "measure_add",
    "measure_remove",
    "measure_update",
    "placement_add",
    "placement_remove",
    "regulation_create",
    "reminders_send",
    "risk_picture_answer",
    "urgent_decisions_expire",
    "version_adopt",
    "version_archive_pdf",
    "version_archive_requeue",
    "version_content_hash",
    "version_issue_urgent",
    "version_lapse",
    "version_reject",
    "version_send_back",
    "version_start",
    "version_submit",
    "version_update",
]
