"""Every write of the meetings app (HackSoft services): one module per stage of the meeting."""

from .agenda import (
    committee_members,
    item_add_orientation,
    item_add_version,
    item_remove,
    may_edit_presentation,
    meeting_create,
    meeting_publish_notice,
    presentation_content_hash,
    presentation_update,
)
from .history import item_import_decided
from .outcomes import (
    OUTCOMES,
    amendment_add,
    attendance_set,
    disqualification_declare,
    eligible_voter_ids,
    item_decide,
    item_postpone,
)
from .protocol import meeting_content_hash, presentation_archive_pdf, protocol_approve, protocol_archive_pdf
from .voting import vote_cast, vote_close, vote_open

__all__ = [
    "OUTCOMES",
    "amendment_add",
    "attendance_set",
    "committee_members",
    "disqualification_declare",
    "eligible_voter_ids",
    "item_add_orientation",
    "item_add_version",
    "item_decide",
    "item_import_decided",
    "item_postpone",
    "item_remove",
    "may_edit_presentation",
    "meeting_content_hash",
    "meeting_create",
    "meeting_publish_notice",
    "presentation_archive_pdf",
    "presentation_content_hash",
    "presentation_update",
    "protocol_approve",
    "protocol_archive_pdf",
    "vote_cast",
    "vote_close",
    "vote_open",
]
