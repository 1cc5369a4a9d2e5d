"""Harstad formannskapet's extraordinary meeting of 3 March 2021 for `manage.py seed_demo`
(after regulations.demo and assessments.demo): the regulation it adopted as PS item, the
chief medical officer's oral account as an orienteringssak, and its approved protocol.

The seed gives the body, the date and that the regulation was adopted, and that the chief
medical officer gave an oral account in the meeting. The hour, the remote form of the
meeting, the item numbers and the vote are invented, and the protocol says so.
"""

from datetime import datetime

from django.utils import timezone

from core.demo import Log, demo_organization, demo_user
from regulations.demo import MEETING_ITEM_NUMBER, REGULATION
from regulations.demo_seed import OSLO, first_version

from .models import Meeting
from .services import (
    item_add_orientation,
    item_decide,
    item_import_decided,
    meeting_create,
    meeting_publish_notice,
    protocol_approve,
)

INVENTED = "oppdiktet i demoen"
MEETING_STARTS_AT = datetime(2021, 3, 3, 12, 0, tzinfo=OSLO)
MEETING_PLACE = f"Harstad rådhus ({INVENTED})"
NOTICE_SENT_AT = datetime(2021, 3, 2, 16, 0, tzinfo=OSLO)
PROTOCOL_APPROVED_AT = datetime(2021, 3, 4, 9, 0, tzinfo=OSLO)
# When the secretary planned the meeting and put its items on the agenda (invented too).
PLANNED_AT = datetime(2021, 3, 2, 14, 0, tzinfo=OSLO)
ACCOUNT_NOTED_AT = datetime(2021, 3, 3, 12, 40, tzinfo=OSLO)
ACCOUNT_TITLE = "Kommuneoverlegens redegjørelse om utbruddet"
ACCOUNT_TEXT = (
    "Kommuneoverlegen redegjorde muntlig i møtet for bakgrunnsgrunnlaget for tiltakene som da ble "
    "anbefalt og senere vedtatt."
)
ITEM_NOTE = f"Møtetid, saksnummer og stemmetall er {INVENTED}."


def seed(*, log: Log) -> None:
    """The meeting of 3 March 2021 with its approved protocol, unless it is there already."""
    harstad = demo_organization("harstad")
    day = timezone.localtime(MEETING_STARTS_AT).date()
    if any(timezone.localtime(m.starts_at).date() == day for m in Meeting.objects.filter(municipality=harstad)):
        log("  Finnes: formannskapets møte 3. mars 2021")
        return
    version = first_version(REGULATION)
    assert version is not None, "meetings.demo runs after regulations.demo"
    secretary = demo_user("sekretar")
    meeting = meeting_create(
        municipality=harstad,
        body="formannskap",
        starts_at=MEETING_STARTS_AT,
        place=MEETING_PLACE,
        by=secretary,
        now=PLANNED_AT,
    )
    account = item_add_orientation(
        meeting=meeting, title=ACCOUNT_TITLE, text=ACCOUNT_TEXT, by=secretary, now=PLANNED_AT
    )
    number = int(MEETING_ITEM_NUMBER.split("/")[0])
    item_import_decided(meeting=meeting, version=version, number=number, by=secretary, note=ITEM_NOTE, now=PLANNED_AT)
    meeting_publish_notice(meeting=meeting, by=secretary, meeting_url="", now=NOTICE_SENT_AT)
    item_decide(
        item=account,
        outcome="noted",
        by=secretary,
        decision_text="Redegjørelsen ble tatt til orientering.",
        now=ACCOUNT_NOTED_AT,
    )
    protocol_approve(meeting=meeting, by=secretary, now=PROTOCOL_APPROVED_AT)
    log("  Opprettet: formannskapets møte 3. mars 2021 med godkjent møteprotokoll")
