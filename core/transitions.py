"""What every workflow document model shares, below the document kinds (CONVENTIONS 2, 7a).

- `WorkflowModel`: the abstract base of a model whose state is a protected FSM field: saves
  guarded against concurrent transitions, and form cleaning that never touches the state;
- `SEND_BACK_TO_CASE_OFFICER`: the step, the same in every kind that has it, by which a
  decider returns a document to its case officer with a comment, for a new revision.

The transitions themselves stay declared on each model: each names its own states and its
own permission.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin


class WorkflowModel(ConcurrentTransitionMixin, models.Model):
    """A document moved on only by its declared transitions on `workflow_field`."""

    workflow_field = "status"

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        # The workflow state is protected: only transitions change it, never form cleaning.
        super().clean_fields(exclude=set(exclude or ()) | {self.workflow_field})


# The `custom` of a send-back transition (what its button and the trail say).
SEND_BACK_TO_CASE_OFFICER = {
    "label": _("Send tilbake til saksbehandler"),
    "done": _("Sendt tilbake til saksbehandler"),
    "needs_comment": True,
    "style": "secondary",
}
