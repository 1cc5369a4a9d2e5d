"""The demo letter is the seed letter: 20/42477-1, approved and dispatched with its PDFs."""

import io

import pytest
from pypdf import PdfReader

from core import demo as core_demo
from letters import demo
from letters.models import Letter, LetterStatus

pytestmark = pytest.mark.django_db


def test_the_demo_letter_is_the_seed_letter_and_seeding_twice_creates_nothing_new(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        core_demo.seed(log=lambda m: None)
        demo.seed(log=lambda m: None)
        demo.seed(log=lambda m: None)

    letter = Letter.objects.get()
    assert letter.reference == "20/42477-1"
    assert letter.status == LetterStatus.DISPATCHED
    assert letter.case_officer.get_full_name() == "Svein Høegh Henriksen"
    assert letter.deliveries.count() == 7 and not letter.deliveries.filter(document__isnull=True).exists()
    baerum = letter.deliveries.get(recipient__name="Bærum kommune")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(baerum.document.content))).pages).split()
    )
    for line in [
        "BÆRUM KOMMUNE Postboks 700 1304 SANDVIKA",
        "Vår ref.:",
        "20/42477-1",
        "11.11.2020",
        "Kl. 11:50",
        "Johan Georg Røstad Torgersen e.f.",
        "Dokumentet er godkjent elektronisk",
        "FOLKEHELSEINSTITUTTET",
        "FYLKESMANNEN I OSLO OG VIKEN",
        "KS-KOMMUNESSEKTORENS ORGANISASJON",
        "OSLO KOMMUNE",
        "Utbrudd @fhi.no",
    ]:
        assert line in text, line
    assert [a.approved_by.username for a in letter.approvals.order_by("approved_at")] == ["konsulent", "direktor"]
