"""An event as HTML: what happened and its details (the timeline), and the story's card for it.

Written in Python rather than as template includes: a story page shows fifty cards, and the
template engine spent most of that page's time resolving the same few dozen variables again
for each event. The labels are translated once for the page. Every value is escaped here;
what passes unescaped is the reader's own HTML (`Change.old_html`, the links it made), which
it escaped itself.
"""

import html

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from core.formats import format_datetime_nb

from .readable import ReadEvent, line_breaks

# Actions that only say again what their kind says («Innlogging logget inn», «Endring endret»):
# the kind's badge is shown alone.
RESTATED = {("change", "changed"), ("login", "login"), ("logout", "logout"), ("login_failed", "login_failed")}


def _e(value) -> str:
    """`value` as HTML: as it is when it is HTML already, else escaped (Django's conditional_escape)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class Cards:
    """Writes the events of one page; made once a page, so each label is translated once."""

    def __init__(self):
        self.from_to = _("Fra «%(source)s» til «%(target)s»")
        self.system = _("systemet")
        self.comment = _e(_("Kommentar/begrunnelse"))
        self.content_hash = _e(_("SHA-256 av innholdet"))
        self.votes = _("%(f)s for, %(a)s mot, %(x)s avstående")
        self.decision_labels = {
            "decision_body": _e(_("Vedtaksorgan")),
            "meeting_date": _e(_("Møtedato")),
            "item_number": _e(_("Saksnummer i møtet")),
        }
        self.votes_label = _e(_("Avstemning"))
        self.changes_head = (
            '<table class="list compare"><thead><tr>'
            f"<th>{_e(_('Felt'))}</th><th>{_e(_('Før'))}</th><th>{_e(_('Etter'))}</th>"
            "</tr></thead><tbody>"
        )

    def what(self, read: ReadEvent) -> str:
        """The kind as a badge and what happened: «Vedtak/beslutning Vedtatt»; the badge alone
        when what happened only says it again («Endring», not «Endring endret»)."""
        event = read.event
        badge = f'<span class="badge">{_e(read.kind_label)}</span>'
        if (event.kind, event.action) in RESTATED and not (event.data or {}).get("label"):
            return badge
        return f"{badge} {_e(event.action_display)}"

    def details(self, read: ReadEvent) -> str:
        """The states a decision moved between and the event's details, each as a paragraph."""
        parts = []
        if read.states:
            parts.append(f"<p>{_e(self.from_to % {'source': read.states[0], 'target': read.states[1]})}</p>")
        if read.details:
            parts.append("<p>" + " · ".join(f"{_e(capfirst(k))}: {_e(v)}" for k, v in read.details) + "</p>")
        return "\n".join(parts)

    def summary(self, read: ReadEvent) -> SafeString:
        """What happened and its details, as the timeline's «Hva» column shows them."""
        return mark_safe(self.what(read) + self.details(read))

    def _decision(self, decision: dict | None) -> str:
        if not decision:
            return ""
        rows = [(label, decision.get(key)) for key, label in self.decision_labels.items()]
        if decision.get("votes_for"):
            votes = self.votes % {
                "f": decision["votes_for"],
                "a": decision.get("votes_against") or "0",
                "x": decision.get("votes_abstaining") or "0",
            }
            rows.append((self.votes_label, votes))
        return '<dl class="decision">' + "".join(f"<dt>{k}</dt><dd>{_e(v)}</dd>" for k, v in rows if v) + "</dl>"

    def _changes(self, read: ReadEvent) -> str:
        if not read.changes:
            return ""
        body = "".join(
            f'<tr><th scope="row">{_e(capfirst(c.label))}</th><td>{_e(c.old_html)}</td><td>{_e(c.new_html)}</td></tr>'
            for c in read.changes
        )
        return f"{self.changes_head}{body}</tbody></table>"

    def story_card(self, read: ReadEvent, object_label: str) -> SafeString:
        """One event of a document's story as its card: what, when and who, the part of the
        document it concerns (when that is not the document itself), the committee's decision,
        the comment, the content's hash, each changed field before and after with the words marked."""
        event = read.event
        who = f"{format_datetime_nb(event.at)} · {event.actor_label or self.system}"
        if object_label and event.object_repr != event.subject_repr:
            who += " · " + Truncator(object_label).chars(160)
        comment = f"<p><strong>{self.comment}:</strong> {line_breaks(_e(event.comment))}</p>" if event.comment else ""
        content_hash = (event.data or {}).get("content_hash")
        hashed = f'<p class="hash">{self.content_hash}: {_e(content_hash)}</p>' if content_hash else ""
        return mark_safe(
            f'<section class="card" id="event-{event.seq}">\n<h2>{self.what(read)}</h2>\n<p>{_e(who)}</p>\n'
            f"{self.details(read)}\n{self._decision(read.decision)}{comment}{hashed}{self._changes(read)}\n"
            f'<p class="hash">#{event.seq} · {_e(event.hash)}</p>\n</section>'
        )
