"""The one place that turns untrusted HTML into safe HTML (nh3)."""

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitize_html(value: str) -> str:
    """Keep paragraphs, lists, emphasis and links; drop scripts, styles and event handlers."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def normalize_text(value: str | None) -> str:
    """Plain text as stored: Unix line endings, no trailing spaces, no surrounding blank lines.

    Browsers send textarea content with CRLF; without this the same text would hash and
    diff differently depending on where it was typed.
    """
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()
