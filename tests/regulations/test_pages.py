"""The regulation pages answer what users ask (issue 15): forms that choose nothing for the
user and cut nothing silently, the text in force at a chosen moment, consistent badges."""

import re

import pytest
from django.urls import reverse

from regulations.services import version_submit
from tests.regulations.test_views import _edit_post

pytestmark = pytest.mark.django_db


def test_the_decision_form_makes_the_secretary_choose_the_meeting_date(client, draft, case_officer, secretary):
    version_submit(version=draft, by=case_officer)
    client.force_login(secretary)
    url = reverse("regulations:version_adopt", args=[draft.pk])
    page = client.get(url).content.decode()
    date_input = re.search(r'<input[^>]*name="meeting_date"[^>]*>', page).group(0)
    assert "value=" not in date_input and "required" in date_input

    page = client.post(url, {"decision_body": "formannskap", "meeting_date": ""}).content.decode()
    assert "Feltet er påkrevet." in page
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_long_pasted_text_is_not_cut_by_the_browser_and_the_server_says_why(client, draft, case_officer):
    client.force_login(case_officer)
    url = reverse("regulations:version_edit", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "maxlength" not in re.search(r"<textarea[^>]*>", page).group(0)
    assert "Høyst 20\u00a0000 tegn." in page

    sections = [{"id": s.pk, "number": s.number, "heading": s.heading, "body": s.body} for s in draft.sections.all()]
    long_text = "Lang tekst. " * 1700 + "Slutt."
    sections[0]["body"] = long_text
    page = client.post(url, _edit_post(draft, sections, action="save")).content.decode()
    length = f"{len(long_text):,}".replace(",", "\u00a0")
    assert f"Teksten er for lang: {length} tegn. Høyst 20\u00a0000 tegn er tillatt." in page
    assert "Slutt.</textarea>" in page  # nothing of what was pasted is lost
    assert draft.sections.get(number=1).body != long_text


def _expiring_card(client) -> str:
    page = client.get(reverse("core:dashboard")).content.decode()
    start = page.index("Utløper innen sju dager")
    return page[start : page.index("</section>", start)]


def test_an_adopted_extension_takes_the_regulation_off_the_expiry_list_as_off_the_reminders(
    client, municipality, case_officer, secretary
):
    from datetime import timedelta

    from django.utils import timezone

    from regulations.services import SectionInput, reminders_send, version_adopt, version_start, version_update
    from tests.regulations.test_reminders import _in_force_until

    original = _in_force_until(municipality, case_officer, secretary, timezone.now() + timedelta(days=2))
    client.force_login(case_officer)
    assert "Forskrift om besøksstans" in _expiring_card(client)

    # An extension in force from tomorrow, before the original would have ended.
    extension = version_start(regulation=original.regulation, kind="extension", by=case_officer)
    version_update(
        version=extension,
        by=case_officer,
        expected_revision=extension.revision,
        sections=[
            SectionInput(id=s.pk, number=s.number, heading=s.heading, body=s.body) for s in extension.sections.all()
        ],
        valid_from=timezone.now() + timedelta(days=1),
        valid_until=original.valid_until + timedelta(days=14),
    )
    version_submit(version=extension, by=case_officer)
    version_adopt(version=extension, by=secretary, body="formannskap", meeting_date=timezone.localdate())

    assert "Forskrift om besøksstans" not in _expiring_card(client)
    assert reminders_send() == 0


def test_a_hastevedtak_not_confirmed_is_never_shown_as_in_force(client, municipality, medical_officer, secretary):
    from django.utils import timezone

    from regulations.models import VersionKind
    from regulations.selectors import version_in_force
    from regulations.services import SectionInput, regulation_create, version_issue_urgent, version_lapse

    urgent = regulation_create(
        municipality=municipality,
        title="Hastevedtak om treningssentre",
        by=medical_officer,
        kind=VersionKind.URGENT,
        sections=[SectionInput(number=1, heading="Stenging", body="Treningssentre skal holde stengt.")],
    )
    version_issue_urgent(version=urgent, by=medical_officer, duration_days=7)
    version_lapse(version=urgent, by=secretary, comment="Formannskapet stadfestet ikke vedtaket.")

    assert version_in_force(regulation=urgent.regulation, at=timezone.now()) is None
    client.force_login(secretary)
    for url in (
        reverse("regulations:version_detail", args=[urgent.pk]),
        reverse("regulations:detail", args=[urgent.regulation_id]),
    ):
        page = client.get(url).content.decode()
        assert "Hastevedtak ikke stadfestet" in page
        assert "I kraft<" not in page and "state-in_force" not in page


def test_the_regulation_page_shows_the_text_in_force_at_a_chosen_date_and_time(
    client, adopted, case_officer, secretary, committee_member
):
    from datetime import date, timedelta

    from regulations.models import VersionKind
    from regulations.services import version_start
    from tests.regulations.conftest import _decide

    def change(sections):
        sections[2].body = "Serveringssteder kan skjenke alkohol til kl. 22.00."

    extension = version_start(regulation=adopted.regulation, kind=VersionKind.EXTENSION, by=case_officer)
    _decide(
        extension,
        case_officer,
        secretary,
        valid_from=adopted.valid_until,
        valid_until=adopted.valid_until + timedelta(days=14),
        meeting=date(2021, 3, 16),
        change=change,
    )
    client.force_login(committee_member)
    url = reverse("regulations:detail", args=[adopted.regulation_id])

    page = client.get(url, {"at": "2021-03-10T12:00"}).content.decode()
    assert "Teksten i kraft 10. mars 2021 kl. 12.00" in page
    assert "Serveringssteder skal ikke skjenke alkohol." in page and "til kl. 22.00" not in page
    assert "Versjon 1, i kraft fra" in page

    page = client.get(url, {"at": "2021-03-17T14:00"}).content.decode()  # the moment the extension starts
    assert "Serveringssteder kan skjenke alkohol til kl. 22.00." in page and "Versjon 2, i kraft fra" in page

    page = client.get(url, {"at": "2021-04-20T08:30"}).content.decode()
    assert "Ingen versjon av forskriften var i kraft 20. april 2021 kl. 08.30." in page
    assert "Serveringssteder" not in page

    bad = client.get(url, {"at": "i går"})
    assert bad.status_code == 200 and "Oppgi gyldig dato og tidspunkt." in bad.content.decode()


def _governing_regulation_on(assessment, municipality, case_officer, secretary, medical_officer):
    """A regulation in force since yesterday, open-ended, adopted on `assessment`'s basis."""
    from datetime import timedelta

    from django.utils import timezone

    from assessments.services import assessment_link_regulation
    from regulations.services import SectionInput, regulation_create, version_adopt

    version = regulation_create(
        municipality=municipality,
        title="Forskrift om besøk",
        by=case_officer,
        valid_from=timezone.now() - timedelta(days=1),
        valid_until=None,
        sections=[SectionInput(number=1, heading="Besøk", body="Besøk skal avtales på forhånd.")],
    )
    version_submit(version=version, by=case_officer)
    version_adopt(
        version=version, by=secretary, body="formannskap", meeting_date=timezone.localdate() - timedelta(days=2)
    )
    assessment_link_regulation(assessment=assessment, regulation=version.regulation, by=medical_officer)
    return version.regulation


FLAG = "Risikobildet er endret siden vedtaket"


def test_a_changed_risk_picture_is_answered_by_a_recorded_decision_or_by_laying_down_the_new_assessment(
    client, municipality, case_officer, secretary, medical_officer, committee_member
):
    from datetime import date

    from audit.models import AuditEvent
    from regulations.models import RiskPictureResponse
    from tests.assessments.test_services import _approve_week

    basis = _approve_week(municipality, medical_officer, date(2021, 3, 3), 2, 30)
    regulation = _governing_regulation_on(basis, municipality, case_officer, secretary, medical_officer)
    week11 = _approve_week(municipality, medical_officer, date(2021, 3, 17), 4, 120)
    url = reverse("regulations:detail", args=[regulation.pk])
    answer = reverse("regulations:risk_answer", args=[regulation.pk])

    client.force_login(committee_member)  # reads the flag, may not answer it
    page = client.get(url).content.decode()
    assert FLAG in page and "Registrer vedtak om ikke å endre forskriften" not in page
    assert client.post(answer, {"assessment": week11.pk, "kind": "no_change", "comment": "x"}).status_code == 403

    client.force_login(secretary)
    assert "risikobildet er endret siden vedtaket" in client.get(reverse("core:dashboard")).content.decode()
    page = client.post(answer, {"assessment": week11.pk, "kind": "no_change"}, follow=True).content.decode()
    assert "Skriv hvorfor forskriften ikke endres." in page and FLAG in page

    reason = "Formannskapet vedtok 18. mars 2021 å videreføre forskriften uendret."
    page = client.post(
        answer, {"assessment": week11.pk, "kind": "no_change", "comment": reason}, follow=True
    ).content.decode()
    assert "Svaret på det endrede risikobildet er registrert." in page
    assert FLAG not in page and "Vedtak om ikke å endre forskriften: vurdering uke 11 2021" in page and reason in page
    assert "risikobildet er endret siden vedtaket" not in client.get(reverse("core:dashboard")).content.decode()
    response = RiskPictureResponse.objects.get(regulation=regulation)
    assert response.decided_by == secretary and response.assessment == week11
    assert AuditEvent.objects.filter(object_type="regulations.riskpictureresponse", comment=reason).exists()

    # A later week at the answered level asks nothing; a change from it flags again, and the
    # case officer answers by laying that assessment down as the basis.
    _approve_week(municipality, medical_officer, date(2021, 3, 24), 4, 110)
    assert FLAG not in client.get(url).content.decode()
    week13 = _approve_week(municipality, medical_officer, date(2021, 3, 31), 2, 30)
    client.force_login(case_officer)
    assert FLAG in client.get(url).content.decode()
    page = client.post(answer, {"assessment": week13.pk, "kind": "linked"}, follow=True).content.decode()
    assert FLAG not in page and "Vurderingen er lagt til grunn for forskriften: vurdering uke 13 2021" in page


def test_the_risk_picture_flag_is_never_shown_on_an_expired_regulation(
    client, adopted, municipality, case_officer, medical_officer
):
    from datetime import date

    from assessments.services import assessment_link_regulation
    from tests.assessments.test_services import _approve_week

    basis = _approve_week(municipality, medical_officer, date(2021, 3, 1), 2, 30)
    assessment_link_regulation(assessment=basis, regulation=adopted.regulation, by=medical_officer)
    _approve_week(municipality, medical_officer, date(2021, 3, 8), 4, 120)
    client.force_login(case_officer)
    page = client.get(reverse("regulations:detail", args=[adopted.regulation_id])).content.decode()
    assert "Risikobildet ved vedtaket" in page and FLAG not in page
    assert "risikobildet er endret siden vedtaket" not in client.get(reverse("core:dashboard")).content.decode()
