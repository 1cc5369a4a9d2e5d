"""The version page's Lovtidend card, the downloads and the form."""

import json

from lovtidend.models import Announcement
from lovtidend.xml import package_errors


def test_the_version_page_offers_the_packages_and_the_form(client, harstad_version, case_officer):
    client.force_login(case_officer)
    page = client.get(f"/regulations/versions/{harstad_version.pk}/").content.decode()

    assert "Kunngjøringspakke (JSON)" in page and "Kunngjøringspakke (XML)" in page
    assert "Ikke kunngjort i Norsk Lovtidend" in page
    assert "Registrer kunngjøring" in page


def test_downloads_are_the_package_as_json_and_valid_xml(client, harstad_version, case_officer):
    client.force_login(case_officer)
    as_json = client.get(f"/regulations/versions/{harstad_version.pk}/lovtidend.json")
    as_xml = client.get(f"/regulations/versions/{harstad_version.pk}/lovtidend.xml")

    assert json.loads(as_json.content)["utgiver"] == "Harstad kommune (formannskapet)"
    assert "attachment" in as_json["Content-Disposition"]
    assert as_xml["Content-Type"].startswith("application/xml")
    assert package_errors(as_xml.content) == []


def test_another_municipality_gets_no_package_and_no_card(client, harstad_version, outsider):
    client.force_login(outsider)
    assert client.get(f"/regulations/versions/{harstad_version.pk}/lovtidend.json").status_code == 404
    assert "Kunngjøringspakke" not in client.get(f"/regulations/versions/{harstad_version.pk}/").content.decode()


def test_the_form_records_the_announcement(client, harstad_version, case_officer):
    client.force_login(case_officer)
    response = client.post(
        f"/regulations/versions/{harstad_version.pk}/lovtidend/announce/",
        {"announced_on": "2021-03-04", "lovdata_id": "FOR-2021-03-03-521"},
        follow=True,
    )

    assert Announcement.objects.get().lovdata_id == "FOR-2021-03-03-521"
    page = response.content.decode()
    assert "Kunngjøringen i Norsk Lovtidend er registrert." in page
    assert "4. mars 2021" in page
    assert "Registrer kunngjøring" not in page


def test_the_form_shows_the_refusal_and_records_nothing(client, harstad_version, case_officer):
    client.force_login(case_officer)
    response = client.post(
        f"/regulations/versions/{harstad_version.pk}/lovtidend/announce/",
        {"announced_on": "2021-03-01", "lovdata_id": "FOR-2021-03-03-521"},
        follow=True,
    )

    assert "før den ble vedtatt 3. mars 2021" in response.content.decode()
    assert not Announcement.objects.exists()
