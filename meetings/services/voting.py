"""Remote voting in a fjernmøte: the secretary opens the vote on an item, each member present
and not disqualified votes once in the web UI, the secretary closes it and the tally is kept."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.models import AuditKind
from audit.services import record_event

from ..models import AgendaItem, Choice, ItemKind, Vote, Voting
from .outcomes import _lock_item, _open_item, eligible_voter_ids
from .records import save_recorded


def _set_voting(item: AgendaItem, *, by, source: str, target: str, reason: str) -> AgendaItem:
    with transaction.atomic():
        locked = _open_item(item, by)
        if not locked.meeting.remote:
            raise ValidationError(_("Elektronisk avstemning brukes bare i fjernmøter."))
        if locked.kind == ItemKind.ORIENTATION:
            raise ValidationError(_("En orienteringssak har ingen avstemning."))
        if locked.voting != source:
            raise ValidationError(
                _("Avstemningen kan ikke endres nå (%(state)s).") % {"state": locked.get_voting_display()}
            )
        locked.voting = target
        data: dict = {"item": locked.label}
        if target == Voting.CLOSED:
            counts = dict.fromkeys(Choice.values, 0)
            for vote in locked.votes.select_related("voter"):
                counts[vote.choice] += 1
            locked.votes_for, locked.votes_against, locked.votes_blank = (
                counts[Choice.FOR],
                counts[Choice.AGAINST],
                counts[Choice.BLANK],
            )
            data |= {
                "votes_for": locked.votes_for,
                "votes_against": locked.votes_against,
                "votes_blank": locked.votes_blank,
                "ballots": {v.voter.get_username(): v.choice for v in locked.votes.select_related("voter")},
            }
        return save_recorded(
            locked,
            by=by,
            reason=reason,
            kind=AuditKind.DECISION if target == Voting.CLOSED else AuditKind.CHANGE,
            action=f"vote_{'closed' if target == Voting.CLOSED else 'opened'}",
            data=data,
        )


def vote_open(*, item: AgendaItem, by) -> AgendaItem:
    return _set_voting(item, by=by, source=Voting.NONE, target=Voting.OPEN, reason=_("Avstemning åpnet"))


def vote_close(*, item: AgendaItem, by) -> AgendaItem:
    """Close the vote; the tally of the votes cast becomes the item's count."""
    return _set_voting(item, by=by, source=Voting.OPEN, target=Voting.CLOSED, reason=_("Avstemning avsluttet"))


def vote_cast(*, item: AgendaItem, voter, choice: str) -> Vote:
    """`voter`'s vote on the item, counted once: refused unless the vote is open and the
    voter is a member present and not disqualified. The item's row lock orders concurrent
    votes; the unique constraint stops a second one whatever happens."""
    if choice not in Choice.values:
        raise ValidationError({"choice": _("Velg for, mot eller blank.")})
    with transaction.atomic():
        locked = _lock_item(item)
        if locked.voting != Voting.OPEN or locked.is_decided:
            raise ValidationError(_("Avstemningen i %(item)s er ikke åpen.") % {"item": locked.label})
        if voter.pk not in eligible_voter_ids(locked):
            if locked.disqualifications.filter(member_id=voter.pk).exists():
                raise PermissionDenied(_("Du er erklært inhabil i saken og kan ikke stemme."))
            raise PermissionDenied(_("Bare medlemmer som er til stede i møtet, kan stemme."))
        if locked.votes.filter(voter=voter).exists():
            raise ValidationError(_("Du har allerede stemt i %(item)s.") % {"item": locked.label})
        try:
            with transaction.atomic():
                vote = Vote.objects.create(item=locked, voter=voter, choice=choice)
        except IntegrityError as exc:
            raise ValidationError(_("Du har allerede stemt i %(item)s.") % {"item": locked.label}) from exc
        record_event(
            kind=AuditKind.CHANGE,
            action="vote_cast",
            actor=voter,
            obj=vote,
            data={"item": locked.label, "choice": choice},
        )
    return vote
