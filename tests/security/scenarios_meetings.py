"""The matrix's meetings: one noticed (its agenda visible to the own municipality only) and
one whose protocol is approved and public."""

from django.db import transaction

from core.models import Role
from tests.factories import oslo


def build_meeting_scenarios(municipality, users, *, submitted, private_mark):
    from meetings.services import (
        item_add_orientation,
        item_add_version,
        item_decide,
        meeting_create,
        meeting_publish_notice,
        protocol_approve,
    )

    secretary = users[Role.COMMITTEE_SECRETARY]

    def noticed(starts_at, *, version=None, text=""):
        meeting = meeting_create(
            municipality=municipality, body="formannskap", starts_at=starts_at, remote=True, by=secretary
        )
        item = (
            item_add_version(meeting=meeting, version=version, by=secretary)
            if version
            else item_add_orientation(
                meeting=meeting, title="Orientering om smittesituasjonen", text=text, by=secretary
            )
        )
        with transaction.atomic():
            meeting_publish_notice(meeting=meeting, by=secretary, meeting_url="http://testserver/")
        return meeting, item

    _meeting, item = noticed(oslo(2021, 3, 3, 10), version=submitted)
    approved, note = noticed(oslo(2021, 2, 24, 10), text="Smittetallene er stabile.")
    item_decide(item=note, outcome="noted", by=secretary)
    protocol_approve(meeting=approved, by=secretary)
    private, _private_item = noticed(oslo(2021, 3, 1, 10), text=private_mark)
    return {
        "meeting": {"pk": private.pk},
        "meeting_item": {"pk": item.pk},
        "approved_meeting": {"pk": approved.pk},
    }
