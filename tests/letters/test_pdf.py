"""The letter's PDF reads like the seed; every recipient's copy is a PDF/A with embedded fonts."""

import io
import re

import pytest
from pypdf import PdfReader

from letters import services
from letters.pdf import PLACEHOLDER, personalize, render_letter_base, render_letter_preview

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def flat(content: bytes) -> str:
    return " ".join(text_of(content).split())


def fonts_of(reader: PdfReader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            yield font


def assert_archival(content: bytes) -> None:
    reader = PdfReader(io.BytesIO(content))
    for font in fonts_of(reader):
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, f"{font.get('/BaseFont')} is not embedded"
    root = reader.trailer["/Root"]
    assert "/OutputIntents" in root
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    assert re.search(r"pdfaid:part(>|=\"|=')3", xmp), "XMP pdfaid:part=3 missing"


def test_the_preview_reads_like_the_seed_before_dispatch(approved_letter):
    text = flat(render_letter_preview(approved_letter))

    for line in [
        "Helsedirektoratet",
        PLACEHOLDER,
        "Deres ref.:",
        "Vår ref.:",
        approved_letter.reference,
        "Saksbehandler:",
        "Svein Høegh Henriksen",
        "Dato:",
        "11.11.2020",
        "Kl. 11:50",
        "Brev til Bærum og Asker kommuner om covid-19 situasjonen i egen bo- og arbeidsregion",
        "Vennlig hilsen",
        "Johan Georg Røstad Torgersen e.f.",
        "direktør",
        "Jon Hilmar Iversen",
        "konsulent",
        "Dokumentet er godkjent elektronisk",
        "Kopi:",
        "Helse- og omsorgsdepartementet",
        "Krisestab HOD",
        "Mottaker Kontaktperson Adresse Post",
        "ASKER KOMMUNE",
        "Katrineåsveien 20",
        "3440 RØYKEN",
        "BÆRUM KOMMUNE",
        "Postboks 700",
        "1304 SANDVIKA",
        "Postboks 220 Skøyen, 0213 OSLO • Besøksadresse: Vitaminveien 4, Oslo • Tlf.: (+47) 47 47 20 20",
        "Org.nr.: 983 544 622 • postmottak@helsedir.no • www.helsedirektoratet.no",
        "Side 1 av",
    ]:
        assert line in text, line
    assert "UTKAST" not in text
    assert (
        text.index("Vennlig hilsen")
        < text.index("Johan Georg Røstad Torgersen e.f.")
        < text.index("Jon Hilmar Iversen")
    )


def test_a_draft_is_marked_utkast_and_not_electronically_approved(draft_letter):
    text = flat(render_letter_preview(draft_letter))
    assert "UTKAST" in text
    assert "Dokumentet er godkjent elektronisk" not in text


def test_each_copy_has_its_own_address_block_drawn_with_an_embedded_font(approved_letter):
    base = render_letter_base(approved_letter)
    assert PLACEHOLDER not in flat(base)
    asker = approved_letter.recipients.get(name="Asker kommune")

    copy = personalize(base, ["ASKER KOMMUNE", "Katrineåsveien 20", "3440 RØYKEN"])

    first_page = PdfReader(io.BytesIO(copy)).pages[0].extract_text()
    assert first_page.index("ASKER KOMMUNE") < first_page.index("Katrineåsveien 20") < first_page.index("Deres ref.")
    assert copy.startswith(base), "the shared render is kept byte for byte (incremental update)"
    assert_archival(base)
    assert_archival(copy)
    assert asker.post_line == "3440 RØYKEN"


def test_an_address_the_overlay_font_cannot_draw_is_rendered_in_full(approved_letter, officer):
    from letters.models import LetterRecipient
    from letters.pdf import personalized_copy

    recipient = LetterRecipient(
        letter=approved_letter,
        name="Porsáŋgu gielda",
        address="Rådhusveien 1",
        postal_code="9700",
        postal_place="LAKSELV",
    )
    copy = personalized_copy(approved_letter, render_letter_base(approved_letter), recipient)

    assert "PORSÁŊGU GIELDA" in flat(copy)
    assert_archival(copy)


def test_an_address_too_wide_for_the_window_is_rendered_in_full_not_drawn_past_it(approved_letter):
    from letters.models import LetterRecipient
    from letters.pdf import can_overlay, personalized_copy

    long_name = "Interkommunalt samarbeid om smittevern og beredskap i Midt-Troms og Sør-Troms"
    recipient = LetterRecipient(
        letter=approved_letter, name=long_name, address="Rådhusveien 1", postal_code="9300", postal_place="FINNSNES"
    )
    assert not can_overlay([long_name.upper()])
    assert can_overlay(["ASKER KOMMUNE", "Katrineåsveien 20", "3440 RØYKEN"])
    copy = personalized_copy(approved_letter, render_letter_base(approved_letter), recipient)
    text = flat(copy)
    assert "INTERKOMMUNALT SAMARBEID" in text and "SØR-TROMS" in text
    assert_archival(copy)


def test_dispatched_copies_are_archival_and_carry_the_recipients_address(dispatched_letter):
    for delivery in dispatched_letter.deliveries.select_related("recipient", "document"):
        content = bytes(delivery.document.content)
        assert_archival(content)
        assert delivery.recipient.address in PdfReader(io.BytesIO(content)).pages[0].extract_text()


def test_norwegian_characters_survive_in_body_and_title(directorate, officer):
    letter = services.letter_create(
        organization=directorate, by=officer, title="Æøå og ÆØÅ", body="<p>Blåbærsyltetøy – «sitat»</p>"
    )
    text = flat(render_letter_preview(letter))
    assert "Æøå og ÆØÅ" in text and "Blåbærsyltetøy – «sitat»" in text
