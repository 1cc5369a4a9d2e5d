"""The announcement package: Lovdata's metadata and the text, as JSON and as XML."""

import json
from datetime import date

import pytest
from lxml import etree

from lovtidend.package import version_package
from lovtidend.services import announcement_record
from lovtidend.xml import NAMESPACE, SCHEMA_PATH, PackageInvalid, package_errors, package_xml
from regulations.demo import REGULATION_SECTIONS
from tests.factories import oslo

NS = {"f": NAMESPACE}


def _announce(version, by):
    return announcement_record(
        version=version, by=by, announced_on=date(2021, 3, 4), lovdata_id="FOR-2021-03-03-521", reason="Kunngjort"
    )


def test_package_carries_the_metadata_lovdata_records(harstad_version, case_officer):
    _announce(harstad_version, case_officer)
    harstad_version.refresh_from_db()
    package = version_package(harstad_version)

    assert package["datokode"] == "FOR-2021-03-03-521"
    assert package["dato"] == "2021-03-03"
    assert package["utgiver"] == "Harstad kommune (formannskapet)"
    assert package["hjemmel"] == ("lov 5. august 1994 nr. 55 om vern mot smittsomme sykdommer (smittevernloven) § 4-1")
    assert package["ikraft_fra"] == "2021-03-03T14:00:00+01:00"
    assert package["gjelder_til"] == "2021-03-17T14:00:00+01:00"
    assert package["endrer"] is None
    assert package["korttittel"] == "Smitteverntiltak Harstad"
    assert package["gjelder_for"] == "Harstad kommune"
    assert package["kunngjort"] == {"dato": "2021-03-04", "avdeling": package["kunngjores_i"]}
    assert "avd. II" in package["kunngjores_i"]
    assert package["ingress"].startswith("Fastsatt av Harstad kommune (formannskapet) 3. mars 2021 med hjemmel i lov")


def test_package_keeps_every_section_and_the_lettered_items(harstad_version):
    sections = version_package(harstad_version)["paragrafer"]

    assert [(s["nummer"], s["overskrift"]) for s in sections] == [
        (n, heading) for n, (heading, _body) in enumerate(REGULATION_SECTIONS, start=1)
    ]
    closures = sections[4]["ledd"][0]
    assert [item["bokstav"] for item in closures["bokstavpunkter"]] == ["a", "b", "c", "d"]
    assert closures["bokstavpunkter"][0]["tekst"].startswith("Treningsentre, idrettsanlegg")
    assert sections[11]["ledd"][0]["tekst"].startswith("Forskriften trer i kraft 3. mars 2021 kl. 14.00")


def test_before_the_announcement_the_datokode_is_null_and_nothing_is_announced(harstad_version):
    package = version_package(harstad_version)

    assert package["datokode"] is None
    assert package["dato"] == "2021-03-03"
    assert package["kunngjort"] is None
    assert json.loads(json.dumps(package)) == package


def test_an_amendment_names_the_regulation_it_amends(harstad_version, case_officer, secretary):
    from regulations.services import version_start
    from tests.regulations.conftest import _decide

    _announce(harstad_version, case_officer)
    amendment = version_start(regulation=harstad_version.regulation, kind="amendment", by=case_officer)
    amendment = _decide(
        amendment,
        case_officer,
        secretary,
        valid_from=oslo(2021, 3, 10, 14),
        valid_until=oslo(2021, 3, 17, 14),
        meeting=date(2021, 3, 10),
    )

    package = version_package(amendment)

    assert package["endrer"] == {
        "tittel": harstad_version.regulation.title,
        "datokode": "FOR-2021-03-03-521",
        "versjon": 1,
    }
    assert package["datokode"] is None
    assert package["dato"] == "2021-03-10"


def test_the_xml_validates_against_the_schema_and_carries_the_same_fields_and_text(harstad_version, case_officer):
    _announce(harstad_version, case_officer)
    harstad_version.refresh_from_db()
    package = version_package(harstad_version)
    document = package_xml(package)
    tree = etree.fromstring(document)

    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    assert schema.validate(tree), schema.error_log
    assert tree.findtext("f:Datokode", namespaces=NS) == package["datokode"]
    assert tree.findtext("f:Utgiver", namespaces=NS) == package["utgiver"]
    assert tree.findtext("f:Hjemmel", namespaces=NS) == package["hjemmel"]
    assert tree.findtext("f:IKraftFra", namespaces=NS) == package["ikraft_fra"]
    assert tree.findtext("f:Korttittel", namespaces=NS) == package["korttittel"]
    assert tree.findtext("f:GjelderFor", namespaces=NS) == package["gjelder_for"]
    assert tree.find("f:Kunngjort", namespaces=NS).get("dato") == "2021-03-04"
    xml_sections = [
        {
            "nummer": int(p.get("nummer")),
            "overskrift": p.findtext("f:Overskrift", namespaces=NS),
            "ledd": [
                {
                    "tekst": ledd.findtext("f:Tekst", namespaces=NS) or "",
                    "bokstavpunkter": [
                        {"bokstav": item.get("bokstav"), "tekst": item.text}
                        for item in ledd.findall("f:Bokstavpunkt", namespaces=NS)
                    ],
                }
                for ledd in p.findall("f:Ledd", namespaces=NS)
            ],
        }
        for p in tree.findall("f:Tekst/f:Paragraf", namespaces=NS)
    ]
    assert xml_sections == package["paragrafer"]


def test_an_unknown_datokode_is_nil_in_the_xml_and_still_valid(harstad_version):
    tree = etree.fromstring(package_xml(version_package(harstad_version)))

    datokode = tree.find("f:Datokode", namespaces=NS)
    assert datokode.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"
    assert package_errors(etree.tostring(tree)) == []


def _without(document: bytes, path: str) -> bytes:
    tree = etree.fromstring(document)
    element = tree.find(path, namespaces=NS)
    element.getparent().remove(element)
    return etree.tostring(tree)


@pytest.mark.parametrize("path", ["f:Datokode", "f:Hjemmel", "f:IKraftFra", "f:Tekst/f:Paragraf/f:Overskrift"])
def test_the_schema_refuses_a_package_missing_a_required_element(harstad_version, path):
    document = package_xml(version_package(harstad_version))

    errors = package_errors(_without(document, path))

    assert errors and path.rsplit(":", 1)[-1] in " ".join(errors)


def test_the_schema_refuses_a_malformed_datokode_and_the_writer_never_serves_one(harstad_version):
    package = version_package(harstad_version)
    tree = etree.fromstring(package_xml(package))
    tree.find("f:Datokode", namespaces=NS).attrib.clear()
    tree.find("f:Datokode", namespaces=NS).text = "FOR-2021-3-3-521"
    assert package_errors(etree.tostring(tree))

    with pytest.raises(PackageInvalid):
        package_xml({**package, "datokode": "521"})
