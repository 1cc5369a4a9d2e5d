"""Every write on letters. Views, tasks and demo data call these, never the models."""

from .approval import letter_approve, letter_cancel, letter_send_back, letter_submit
from .dispatch import (
    delivery_deliver,
    delivery_retry,
    letter_base_ensure,
    letter_dispatch,
    letter_dispatch_complete,
    letter_dispatch_resume,
    letter_dispatch_run,
)
from .drafting import (
    StaleEditError,
    approver_add,
    approver_candidates,
    approver_remove,
    letter_content_hash,
    letter_create,
    letter_update,
    signatory_add,
    signatory_remove,
)
from .recipients import (
    BulkResult,
    CsvImportResult,
    RecipientInput,
    recipient_add,
    recipient_list_create,
    recipient_remove,
    recipients_add_organizations,
    recipients_import_csv,
)
from .recovery import deliveries_requeue_stuck, letter_requeue_stuck_in_process

__all__ = [
    "BulkResult",
    "CsvImportResult",
    "RecipientInput",
    "StaleEditError",
    "approver_add",
    "approver_candidates",
    "approver_remove",
    "deliveries_requeue_stuck",
    "delivery_deliver",
    "delivery_retry",
    "letter_approve",
    "letter_base_ensure",
    "letter_cancel",
    "letter_content_hash",
    "letter_create",
    "letter_dispatch",
    "letter_dispatch_complete",
    "letter_dispatch_resume",
    "letter_dispatch_run",
    "letter_requeue_stuck_in_process",
    "letter_send_back",
    "letter_submit",
    "letter_update",
    "recipient_add",
    "recipient_list_create",
    "recipient_remove",
    "recipients_add_organizations",
    "recipients_import_csv",
    "signatory_add",
    "signatory_remove",
]
