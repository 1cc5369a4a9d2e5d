"""Letters as a document kind (core/documents.py): how they are loaded, previewed before
dispatch, and checked against the content hash their dispatch recorded. Their archived copies
are made by the dispatch itself (letters/services/dispatch.py), one per recipient."""

from django.utils.translation import gettext_lazy as _

from core.documents import DocumentKind, load_from, render_with
from core.models import Organization
from core.workflow import decisions_for

from .models import Letter, LetterStatus
from .services import letter_content_hash


def _sender_when_dispatched(letter: Letter):
    """The sender's details as they were when the letter was dispatched (its footer)."""
    history = letter.sender.history
    try:
        return history.as_of(letter.dispatched_at)
    except Organization.DoesNotExist:
        # Dispatched before the sender's history begins (an imported letter): its first state.
        first = history.order_by("history_date", "history_id").first()
        return first.instance if first is not None else letter.sender


def _dispatched_hash(letter: Letter) -> str:
    if letter.status != LetterStatus.DISPATCHED:
        return ""
    decision = decisions_for(letter).filter(transition="dispatch").order_by("-at", "-id").first()
    return decision.content_hash if decision is not None else ""


def _preview_key(letter: Letter) -> str:
    """Changes whenever the preview would: everything approved (footer included) and whether
    it is still marked UTKAST."""
    return "|".join(str(part) for part in (letter_content_hash(letter), letter.status, letter.is_approved))


def _preview_cost(letter: Letter) -> float:
    """In pages: the letter's text, and the recipient and copy lists (about 25 a page)."""
    return 1 + len(letter.body) / 2500 + letter.recipients.count() / 25


def document_kind() -> DocumentKind:
    """A dispatched letter is frozen with the content hash its dispatch recorded."""
    return DocumentKind(
        label="letters.letter",
        noun=_("Brev"),
        load=load_from(Letter.objects.select_related("sender", "case", "case_officer")),
        render=render_with("letters.pdf.render_letter_preview"),
        frozen=lambda: Letter.objects.filter(status=LetterStatus.DISPATCHED).select_related("sender"),
        recorded_hash=_dispatched_hash,
        current_hash=lambda letter: letter_content_hash(letter, sender=_sender_when_dispatched(letter)),
        preview_key=_preview_key,
        preview_cost=_preview_cost,
        warning=_(
            "Brevet i databasen stemmer ikke med innholdets SHA-256 fra ekspederingen. Det kan "
            "være endret utenom applikasjonen: bruk de arkiverte eksemplarene, og varsle "
            "systemansvarlig."
        ),
    )
