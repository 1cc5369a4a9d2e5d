"""The printed regulation: layout and wording as published, UTKAST on drafts, the frozen archival PDF."""

import hashlib
from datetime import date

import pytest

from core.models import ArchivedDocument
from core.pdf import PdfRenderError
from regulations.models import RegulationVersion, VersionStatus
from regulations.pdf import render_version_pdf
from regulations.services import regulation_create, version_adopt, version_archive_pdf, version_submit
from regulations.services.drafting import SectionInput
from tests.core.test_pdf import font_embedding, no_network, pdf_reader, pdf_text, pdfa_identification
from tests.factories import oslo


def _draft_with(
    municipality,
    case_officer,
    sections: list[tuple[str, str]],
    title: str = "Forskrift om smitteverntiltak i Harstad kommune",
):
    return regulation_create(
        municipality=municipality,
        title=title,
        by=case_officer,
        valid_from=oslo(2021, 3, 3, 14),
        valid_until=oslo(2021, 3, 17, 14),
        sections=[SectionInput(number=n, heading=h, body=b) for n, (h, b) in enumerate(sections, start=1)],
    )


def _adopt(version, case_officer, secretary):
    version_submit(version=version, by=case_officer)
    return version_adopt(
        version=version,
        by=secretary,
        body="formannskap",
        meeting_date=date(2021, 3, 3),
        item_number="12/21",
        votes_for=9,
        votes_against=2,
        votes_abstaining=0,
        decision_text="Formannskapet vedtar forskriften.",
    )


def test_adopted_regulation_prints_title_preamble_sections_validity_and_page_numbers(adopted):
    text = pdf_text(render_version_pdf(adopted))

    assert "Harstad kommune" in text
    assert "Forskrift om smitteverntiltak i Harstad kommune" in text
    assert (
        "Forskriften er fastsatt av formannskapet i Harstad kommune 3. mars 2021 med hjemmel i lov 5. august 1994 "
        "nr. 55 om vern mot smittsomme sykdommer (smittevernloven) § 4-1." in text
    )
    assert "§ 1. Formål" in text
    assert "§ 3. Skjenkestopp" in text
    assert "Serveringssteder skal ikke skjenke alkohol." in text
    assert "I kraft fra 3. mars 2021 kl. 14.00 til og med 17. mars 2021 kl. 14.00." in text
    assert "Side 1 av 1" in text


def test_adopted_regulation_prints_the_decision_note(adopted):
    text = pdf_text(render_version_pdf(adopted))

    assert "Vedtatt av formannskapet i møte 3. mars 2021, sak 12/21." in text
    assert "Stemmer: 9 for, 2 mot, 0 avstående." in text
    assert "Versjon 1 (Ny forskrift)" in text
    assert f"SHA-256: {adopted.content_hash[:16]}" in text


def test_adopted_regulation_is_pdfa_with_every_font_embedded(adopted):
    content = render_version_pdf(adopted)

    assert pdfa_identification(content) == ("3", "B")
    assert pdf_reader(content).metadata.title == "Forskrift om smitteverntiltak i Harstad kommune"
    fonts = font_embedding(content)
    assert fonts and all(fonts.values()), fonts


def test_hastevedtak_names_kommuneoverlegen_and_the_confirmation_deadline(municipality, medical_officer):
    from regulations.services import version_issue_urgent

    version = regulation_create(
        municipality=municipality,
        title="Forskrift om hastetiltak i Harstad kommune",
        by=medical_officer,
        kind="urgent",
        sections=[SectionInput(number=1, heading="Stenging", body="Treningssentre skal holde stengt.")],
    )
    decided = oslo(2021, 2, 28, 0)
    version = version_issue_urgent(
        version=version, by=medical_officer, valid_from=decided, duration_days=7, now=decided
    )

    text = pdf_text(render_version_pdf(version))

    assert "Forskriften er fastsatt av kommuneoverlegen i Harstad kommune 28. februar 2021 med hjemmel i lov" in text
    assert "I kraft fra 28. februar 2021 kl. 00.00 til og med 6. mars 2021." in text
    assert "Hastevedtak fattet av kommuneoverlegen 28. februar 2021 kl. 00.00." in text
    assert "Frist for politisk stadfesting: 7. mars 2021 kl. 00.00." in text
    assert "UTKAST" not in text


def test_norwegian_letters_come_out_intact(municipality, case_officer):
    version = _draft_with(
        municipality,
        case_officer,
        [("Blåbær, tyttebær og smørbrød", "Æ Ø Å æ ø å: Søndre Ål og Ærøy får særskilte tiltak.")],
        title="Forskrift om smitteverntiltak i Bø og Hå",
    )

    text = pdf_text(render_version_pdf(version))

    assert "Forskrift om smitteverntiltak i Bø og Hå" in text
    assert "§ 1. Blåbær, tyttebær og smørbrød" in text
    assert "Æ Ø Å æ ø å: Søndre Ål og Ærøy får særskilte tiltak." in text


def test_lettered_items_are_printed_as_a_list_under_their_paragraph(municipality, case_officer):
    version = _draft_with(
        municipality,
        case_officer,
        [
            (
                "Arrangement",
                "Det er ikke tillatt å gjennomføre arrangementer. Dette gjelder med følgende unntak:\n"
                "a) 10 personer på innendørs og utendørs arrangement\n"
                "b) 50 personer i begravelser og bisettelser\n\n"
                "Arrangøren skal føre deltakerliste.",
            )
        ],
    )

    text = pdf_text(render_version_pdf(version))

    assert (
        "følgende unntak: a. 10 personer på innendørs og utendørs arrangement "
        "b. 50 personer i begravelser og bisettelser Arrangøren skal føre deltakerliste."
    ) in text


def test_draft_is_marked_utkast_on_every_page(municipality, case_officer):
    long_body = "\n\n".join(
        ["Serveringssteder skal registrere kontaktopplysninger til gjestene før servering. " * 4] * 3
    )
    version = _draft_with(municipality, case_officer, [(f"Tiltak {n}", long_body) for n in range(1, 9)])

    content = render_version_pdf(version)

    pages = pdf_reader(content).pages
    assert len(pages) >= 2
    for page in pages:
        assert "UTKAST" in page.extract_text()
    text = pdf_text(content)
    assert "Forslag til forskrift for Harstad kommune med hjemmel i lov 5. august 1994 nr. 55" in text
    assert "Foreslått i kraft fra 3. mars 2021 kl. 14.00" in text
    assert f"Side 1 av {len(pages)}" in text


def test_draft_fixture_is_marked_utkast(draft):
    assert "UTKAST" in pdf_text(render_version_pdf(draft))


def test_adopted_regulation_never_says_utkast(adopted):
    text = pdf_text(render_version_pdf(adopted))

    assert "utkast" not in text.lower()
    assert "Forslag" not in text


def test_markup_in_section_text_is_printed_literally(municipality, case_officer, no_network):
    heading = '<i>Skjenkestopp</i> & "sitat"'
    body = '<script>alert("x")</script>\n\n<img src="http://example.com/x.png"> <b>ikke fet</b>'
    version = _draft_with(municipality, case_officer, [(heading, body)])

    # An interpreted <img> would make the renderer refuse the remote URL and fail.
    text = pdf_text(render_version_pdf(version))

    assert '§ 1. <i>Skjenkestopp</i> & "sitat"' in text
    assert '<script>alert("x")</script>' in text
    assert '<img src="http://example.com/x.png"> <b>ikke fet</b>' in text


def test_adoption_archives_the_exact_pdf_with_its_sha256(adopted):
    version = RegulationVersion.objects.select_related("archived_pdf").get(pk=adopted.pk)
    doc = version.archived_pdf
    assert doc is not None
    content = bytes(doc.content)
    assert doc.sha256 == hashlib.sha256(content).hexdigest()
    assert doc.pdf_variant == "pdf/a-3b"
    assert content.startswith(b"%PDF-")
    assert pdfa_identification(content) == ("3", "B")
    assert "§ 3. Skjenkestopp" in pdf_text(content)
    assert "utkast" not in pdf_text(content).lower()
    assert version.pdf_error == ""


def test_archived_pdf_is_never_rendered_again(adopted, monkeypatch):
    archived_id = RegulationVersion.objects.get(pk=adopted.pk).archived_pdf_id
    assert archived_id is not None

    def must_not_render(version):
        raise AssertionError("an archived version was rendered again")

    monkeypatch.setattr("regulations.pdf.render_version_pdf", must_not_render)
    assert version_archive_pdf(version_id=adopted.pk).archived_pdf_id == archived_id
    assert ArchivedDocument.objects.count() == 1


def test_failed_render_keeps_the_error_and_archives_nothing_until_a_later_run_succeeds(
    draft, case_officer, secretary, django_capture_on_commit_callbacks, monkeypatch
):
    class BrokenRenderer:
        def __init__(self, *args, **kwargs):
            raise RuntimeError("Pango er utilgjengelig")

    monkeypatch.setattr("core.pdf.HTML", BrokenRenderer)
    with django_capture_on_commit_callbacks(execute=True):
        _adopt(draft, case_officer, secretary)

    version = RegulationVersion.objects.get(pk=draft.pk)
    assert version.status == VersionStatus.ADOPTED  # the decision stands; only its PDF is missing
    assert version.archived_pdf is None
    assert "Pango er utilgjengelig" in version.pdf_error
    assert ArchivedDocument.objects.count() == 0
    with pytest.raises(PdfRenderError):
        version_archive_pdf(version_id=draft.pk)
    assert ArchivedDocument.objects.count() == 0

    monkeypatch.undo()
    version = version_archive_pdf(version_id=draft.pk)

    version.refresh_from_db()
    assert version.pdf_error == ""
    content = bytes(version.archived_pdf.content)
    assert version.archived_pdf.sha256 == hashlib.sha256(content).hexdigest()
    assert "§ 3. Skjenkestopp" in pdf_text(content)
    assert ArchivedDocument.objects.count() == 1
