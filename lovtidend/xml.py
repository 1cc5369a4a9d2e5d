"""The announcement package as XML, and its schema: the one module that imports lxml.

lxml because it both writes the document and validates it against an XML Schema
(`schema/forskrift.xsd`), which the standard library cannot do.
"""

from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

NAMESPACE = "urn:smittevernvedtak:lovtidend:1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_PATH = Path(__file__).parent / "schema" / "forskrift.xsd"


class PackageInvalid(ValueError):
    """The XML does not validate against the schema; the message lists the schema's findings."""


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def _el(parent, name: str, text: str | None = None, **attributes: str):
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{name}", {k: v for k, v in attributes.items() if v})
    if text is not None:
        element.text = text
    return element


def _datokode(parent, value: str | None) -> None:
    if value is None:
        _el(parent, "Datokode").set(f"{{{XSI}}}nil", "true")
    else:
        _el(parent, "Datokode", value)


def package_errors(document: bytes) -> list[str]:
    """What the schema finds wrong with `document` (empty: it validates)."""
    try:
        tree = etree.fromstring(document, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [str(exc)]
    checker = schema()
    if checker.validate(tree):
        return []
    return [f"{e.line}: {e.message}" for e in checker.error_log]


def package_xml(package: dict[str, Any]) -> bytes:
    """The package dict of `lovtidend.package.version_package` as XML in UTF-8, validated
    against the schema (PackageInvalid if it does not: a bug, never served)."""
    root = etree.Element(f"{{{NAMESPACE}}}Forskrift", nsmap={None: NAMESPACE, "xsi": XSI})
    root.set("format", package["format"])
    _datokode(root, package["datokode"])
    _el(root, "Dato", package["dato"])
    _el(root, "Tittel", package["tittel"])
    if package["korttittel"]:
        _el(root, "Korttittel", package["korttittel"])
    _el(root, "Utgiver", package["utgiver"])
    _el(root, "Hjemmel", package["hjemmel"])
    _el(root, "IKraftFra", package["ikraft_fra"])
    if package["gjelder_til"]:
        _el(root, "GjelderTil", package["gjelder_til"])
    if package["endrer"]:
        amends = _el(root, "Endrer", versjon=str(package["endrer"]["versjon"]))
        _el(amends, "Tittel", package["endrer"]["tittel"])
        _datokode(amends, package["endrer"]["datokode"])
    _el(root, "GjelderFor", package["gjelder_for"])
    _el(root, "KunngjoresI", package["kunngjores_i"])
    if package["kunngjort"]:
        _el(root, "Kunngjort", dato=package["kunngjort"]["dato"], avdeling=package["kunngjort"]["avdeling"])
    decision = package["vedtak"]
    _el(
        root,
        "Vedtak",
        type=decision["type"],
        versjon=str(decision["versjon"]),
        sak=decision["sak"],
        sha256=decision["innholdets_sha256"] or "",
    )
    _el(root, "Ingress", package["ingress"])
    text = _el(root, "Tekst")
    for section in package["paragrafer"]:
        paragraph = _el(text, "Paragraf", nummer=str(section["nummer"]))
        _el(paragraph, "Overskrift", section["overskrift"])
        for ledd in section["ledd"]:
            element = _el(paragraph, "Ledd")
            _el(element, "Tekst", ledd["tekst"])
            for item in ledd["bokstavpunkter"]:
                _el(element, "Bokstavpunkt", item["tekst"], bokstav=item["bokstav"])
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    errors = package_errors(document)
    if errors:
        raise PackageInvalid("; ".join(errors))
    return document
