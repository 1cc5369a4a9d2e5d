"""The print context of a letter, and the fast per-recipient personalization at dispatch.

Dispatch renders the shared part of the letter ONCE with WeasyPrint (core.pdf.render_pdf,
PDF/A-3b, fonts embedded), with the address window left empty. Each recipient's copy is
that PDF plus a small address overlay on page 1, appended as an incremental update with
pypdf: the original bytes (and with them the XMP ``pdfaid`` metadata and the output
intent) stay untouched, and the overlay's text is drawn with an embedded subset of
Liberation Sans (our own vendored font, never a non-embedded base-14 Helvetica).

The overlay font is a simple TrueType font with WinAnsiEncoding, built once per process.
An address with a character outside Windows-1252 (e.g. Sámi «ŋ») cannot be drawn with it;
such a copy is rendered in full by WeasyPrint instead: slower, but correct.
"""

import functools
import io
import zlib

from django.utils import timezone, translation
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from core.pdf import render_pdf, static_file_for_url

from .models import APPROVED_STATUSES, Letter, LetterRecipient, RecipientKind

TEMPLATE_NAME = "pdf/letter.html"
PLACEHOLDER = "Adresseinformasjon fylles inn ved ekspedering. Se mottakerliste nedenfor."
OVERLAY_FONT = "static:fonts/liberation/LiberationSans-Regular.ttf"
OVERLAY_FONT_NAME = "/FAddr"
OVERLAY_SUBSET_TAG = "LTRADR+LiberationSans"

# Millimetres; the template positions the address window with these, the overlay draws into it.
LAYOUT = {
    "margin_top": 18,
    "margin_right": 20,
    "margin_left": 25,
    "head_height": 60,
    "address_top": 20,
    "address_width": 85,
    "address_height": 34,
    "address_font_size": 10.5,
    "address_line_height": 13.5,
}
MM = 72 / 25.4
ADDRESS_MAX_LINES = 6


def address_lines(recipient: LetterRecipient) -> list[str]:
    """The recipient's address block: name, contact person, address, postal code and place."""
    lines = [recipient.name.upper()]
    if recipient.contact_person:
        lines.append(recipient.contact_person)
    if recipient.address:
        lines.append(recipient.address)
    if recipient.post_line:
        lines.append(f"{recipient.postal_code} {recipient.postal_place.upper()}".strip())
    return lines[:ADDRESS_MAX_LINES]


def _footer_lines(sender) -> tuple[str, str]:
    first = []
    postal = ", ".join(p for p in (sender.postal_address, f"{sender.postal_code} {sender.postal_place}".strip()) if p)
    if postal:
        first.append(postal)
    if sender.visiting_address:
        first.append(f"Besøksadresse: {sender.visiting_address}")
    if sender.phone:
        first.append(f"Tlf.: {sender.phone}")
    second = []
    if sender.org_number:
        second.append(f"Org.nr.: {sender.org_number_display}")
    if sender.email:
        second.append(sender.email)
    if sender.web:
        second.append(sender.web)
    return " • ".join(first), " • ".join(second)


def letter_pdf_context(letter: Letter, *, recipient: LetterRecipient | None = None, for_dispatch: bool = False) -> dict:
    """Everything the print template shows, as plain values (the body is sanitized HTML).

    Preview: the address window holds the placeholder. `for_dispatch`: the window is left
    empty for the overlay. `recipient`: the window holds that recipient's address.
    """
    local = timezone.localtime(letter.letter_date)
    recipients = list(letter.recipients.all())
    footer_1, footer_2 = _footer_lines(letter.sender)
    approved = letter.status in APPROVED_STATUSES
    return {
        "layout": LAYOUT,
        "sender": {"name": letter.sender.name, "department": letter.department},
        "footer_line_1": footer_1,
        "footer_line_2": footer_2,
        "their_reference": letter.their_reference,
        "reference": letter.reference,
        "case_officer": letter.case_officer.get_full_name() or letter.case_officer.username,
        "date": local.strftime("%d.%m.%Y"),
        "time": local.strftime("%H:%M"),
        "title": letter.title,
        "body": letter.body,
        "closing": letter.closing,
        "signatories": list(letter.signatories.all()),
        "approved": approved,
        "draft_mark": not approved,
        "copies": [r for r in recipients if r.kind == RecipientKind.COPY],
        "recipients": [r for r in recipients if r.kind == RecipientKind.RECIPIENT],
        "address_lines": address_lines(recipient) if recipient is not None else [],
        "show_placeholder": recipient is None and not for_dispatch,
        "placeholder": PLACEHOLDER,
        "footer_text": "",
    }


def _render(letter: Letter, **kwargs) -> bytes:
    # A letter is a Norwegian document whatever the reader's UI language.
    with translation.override("nb"):
        return render_pdf(
            template_name=TEMPLATE_NAME, context=letter_pdf_context(letter, **kwargs), title=letter.title, lang="nb"
        )


def render_letter_preview(letter: Letter) -> bytes:
    """The letter as it reads before dispatch: placeholder in the address window, UTKAST until approved."""
    return _render(letter)


def render_letter_base(letter: Letter) -> bytes:
    """The shared part rendered once at dispatch: the address window left empty."""
    return _render(letter, for_dispatch=True)


def render_letter_for_recipient(letter: Letter, recipient: LetterRecipient) -> bytes:
    """One full WeasyPrint render with the address in place: the slow path (and the fallback)."""
    return _render(letter, recipient=recipient)


@functools.lru_cache(maxsize=1)
def _overlay_font() -> dict:
    """Liberation Sans subset to Windows-1252, with its PDF widths and metrics (once per process)."""
    path = static_file_for_url(OVERLAY_FONT)
    font = TTFont(str(path))
    units = font["head"].unitsPerEm
    scale = 1000 / units
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths, unicodes = [], []
    for code in range(32, 256):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            widths.append(0)
            continue
        glyph = cmap.get(ord(char))
        widths.append(round(hmtx[glyph][0] * scale) if glyph else 0)
        if glyph:
            unicodes.append(ord(char))
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    metrics = {
        "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        "ascent": round(hhea.ascent * scale),
        "descent": round(hhea.descent * scale),
        "cap_height": round(getattr(os2, "sCapHeight", hhea.ascent * 0.7) * scale),
    }
    options = Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    subsetter = Subsetter(options=options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    raw = buffer.getvalue()
    return {"widths": widths, "file": zlib.compress(raw, 6), "length1": len(raw), **metrics}


def _font_objects(writer: PdfWriter):
    spec = _overlay_font()
    font_file = StreamObject()
    font_file._data = spec["file"]
    font_file[NameObject("/Filter")] = NameObject("/FlateDecode")
    font_file[NameObject("/Length1")] = NumberObject(spec["length1"])
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject("/" + OVERLAY_SUBSET_TAG),
            NameObject("/Flags"): NumberObject(32),  # non-symbolic
            NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in spec["bbox"]),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): NumberObject(spec["ascent"]),
            NameObject("/Descent"): NumberObject(spec["descent"]),
            NameObject("/CapHeight"): NumberObject(spec["cap_height"]),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): writer._add_object(font_file),
        }
    )
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/TrueType"),
            NameObject("/BaseFont"): NameObject("/" + OVERLAY_SUBSET_TAG),
            NameObject("/FirstChar"): NumberObject(32),
            NameObject("/LastChar"): NumberObject(255),
            NameObject("/Widths"): ArrayObject(NumberObject(w) for w in spec["widths"]),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
        }
    )
    return writer._add_object(font)


def _pdf_string(text: str) -> bytes:
    data = text.encode("cp1252")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _line_width_mm(line: str) -> float:
    widths = _overlay_font()["widths"]
    units = sum(widths[code - 32] if code >= 32 else 0 for code in line.encode("cp1252"))
    return units / 1000 * LAYOUT["address_font_size"] / MM


def can_overlay(lines: list[str]) -> bool:
    """True when the overlay can draw every line: its characters are in Windows-1252 and it
    fits the address window's width (a longer line needs the full render, which wraps it)."""
    try:
        return all(_line_width_mm(line) <= LAYOUT["address_width"] for line in lines)
    except UnicodeEncodeError:
        return False


def _overlay_stream(lines: list[str], page_height: float) -> bytes:
    size = LAYOUT["address_font_size"]
    leading = LAYOUT["address_line_height"]
    x = LAYOUT["margin_left"] * MM
    # First baseline: the window's top plus the line's ascent (CSS half-leading included).
    top = page_height - (LAYOUT["margin_top"] + LAYOUT["address_top"]) * MM
    spec = _overlay_font()
    ascent = spec["ascent"] / 1000 * size
    descent = -spec["descent"] / 1000 * size
    y = top - (leading - (ascent + descent)) / 2 - ascent
    parts = [b"q BT 0 0 0 rg", f"{OVERLAY_FONT_NAME} {size:g} Tf {leading:g} TL 1 0 0 1 {x:.2f} {y:.2f} Tm".encode()]
    for i, line in enumerate(lines):
        parts.append((b"" if i == 0 else b"T* ") + _pdf_string(line) + b" Tj")
    parts.append(b"ET Q")
    return b"\n".join(parts)


def personalize(base: bytes, lines: list[str]) -> bytes:
    """`base` with `lines` stamped into page 1's address window, as an incremental update.

    Raises ValueError if a line has a character the overlay font cannot draw (see can_overlay).
    """
    if not can_overlay(lines):
        raise ValueError("address has characters outside Windows-1252")
    writer = PdfWriter(io.BytesIO(base), incremental=True)
    page = writer.pages[0]
    page_height = float(page.mediabox.top)
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    fonts[NameObject(OVERLAY_FONT_NAME)] = _font_objects(writer)
    resources[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = resources

    save, restore = StreamObject(), StreamObject()
    save._data = b"q\n"
    restore._data = b"\nQ\n" + _overlay_stream(lines, page_height)
    contents = page.get("/Contents")
    existing = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(save), *existing, writer._add_object(restore)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def wrap_to_window(text: str) -> list[str]:
    """`text` broken into lines that fit the address window (greedy, at word boundaries)."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and _line_width_mm(candidate) > LAYOUT["address_width"]:
            lines.append(current)
            current = word
        else:
            current = candidate
    return lines + ([current] if current else [])


def journal_copy(base: bytes) -> bytes:
    """The case's own copy: the shared render with the placeholder stamped into the address
    window («Adresseinformasjon fylles inn ved ekspedering …»), as the filed letter reads."""
    return personalize(base, wrap_to_window(PLACEHOLDER))


def personalized_copy(letter: Letter, base: bytes, recipient: LetterRecipient) -> bytes:
    """The recipient's copy: the fast overlay when its address can be drawn, else a full render."""
    lines = address_lines(recipient)
    if can_overlay(lines):
        return personalize(base, lines)
    return render_letter_for_recipient(letter, recipient)


__all__ = [
    "PLACEHOLDER",
    "address_lines",
    "journal_copy",
    "letter_pdf_context",
    "personalize",
    "personalized_copy",
    "render_letter_base",
    "render_letter_for_recipient",
    "render_letter_preview",
]
