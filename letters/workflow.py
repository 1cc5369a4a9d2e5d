"""This app's part in core.workflow's role table (found by `autodiscover_modules("workflow")`)."""

from cases.services import case_create
from core.workflow import role_sample_register

from .models import Letter, LetterApprover


def letter_role_sample(*, organization, user) -> Letter:
    """A letter of `organization` with `user` as its case officer and its whole approval chain.

    Saved, because the approvers' permissions read the chain from the database; the role
    table rolls it back.
    """
    case = case_create(organization=organization, title="Rolletabell", by=user)
    letter = Letter.objects.create(
        case=case, document_number=1, sender=organization, case_officer=user, title="Rolletabell"
    )
    LetterApprover.objects.create(letter=letter, order=1, user=user)
    return letter


role_sample_register(model=Letter, build=letter_role_sample)
