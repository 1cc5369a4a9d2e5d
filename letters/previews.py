"""How letters are previewed as PDF before dispatch (core/previews.py): content key, cost."""

from core.previews import PreviewKind

from .models import Letter


def _key(letter: Letter) -> str:
    """Changes whenever the preview would: everything approved (footer included) and whether
    it is still marked UTKAST."""
    from .services import letter_content_hash

    return "|".join(str(part) for part in (letter_content_hash(letter), letter.status, letter.is_approved))


def _cost(letter: Letter) -> float:
    """In pages: the letter's text, and the recipient and copy lists (about 25 a page)."""
    return 1 + len(letter.body) / 2500 + letter.recipients.count() / 25


def _render(letter: Letter) -> bytes:
    from .pdf import render_letter_preview  # WeasyPrint is loaded by the first render, not at start

    return render_letter_preview(letter)


def preview_kind() -> PreviewKind:
    return PreviewKind(
        label="letters.letter",
        content_key=_key,
        cost=_cost,
        render=_render,
        load=lambda pk: Letter.objects.select_related("sender", "case", "case_officer").filter(pk=pk).first(),
    )
