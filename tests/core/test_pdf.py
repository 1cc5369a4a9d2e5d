"""The one PDF renderer: archival PDF/A-3b, embedded fonts, and nothing fetched but our static files."""

import io
import socket
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.test import override_settings
from pypdf import PdfReader

from core.pdf import PdfRenderError, ResourceRefused, StaticOnlyURLFetcher, render_pdf

PDFAID_NS = "http://www.aiim.org/pdfa/ns/id/"

# Print templates for these tests only, kept in memory; "pdf/base.html" comes from disk.
TEST_TEMPLATES = {
    "test_pdf/plain.html": (
        '{% extends "pdf/base.html" %}{% block content %}<h1>{{ heading }}</h1><p>{{ text }}</p>{% endblock %}'
    ),
    "test_pdf/remote_image.html": (
        '{% extends "pdf/base.html" %}{% block content %}<p>Logo</p><img src="http://example.com/logo.png">{% endblock %}'
    ),
    "test_pdf/local_file_stylesheet.html": (
        '{% extends "pdf/base.html" %}{% block head %}<link rel="stylesheet" href="file:///etc/passwd">'
        "{% endblock %}{% block content %}<p>Tekst</p>{% endblock %}"
    ),
    "test_pdf/remote_font.html": (
        '{% extends "pdf/base.html" %}{% block head %}<style>@font-face { font-family: "Remote"; '
        'src: url("https://example.com/remote.woff2"); } p { font-family: "Remote"; }</style>'
        "{% endblock %}{% block content %}<p>Tekst</p>{% endblock %}"
    ),
}

TEMPLATES_WITH_TEST_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [settings.BASE_DIR / "templates"],
        "OPTIONS": {
            "loaders": [
                ("django.template.loaders.locmem.Loader", TEST_TEMPLATES),
                "django.template.loaders.filesystem.Loader",
            ],
        },
    }
]


def pdf_reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def pdf_text(content: bytes) -> str:
    """All text of the PDF with whitespace (line breaks) collapsed to single spaces."""
    text = " ".join(page.extract_text() or "" for page in pdf_reader(content).pages)
    return " ".join(text.split())


def pdfa_identification(content: bytes) -> tuple[str | None, str | None]:
    """(pdfaid:part, pdfaid:conformance) from the document's XMP metadata stream."""
    metadata = pdf_reader(content).trailer["/Root"]["/Metadata"].get_object().get_data()
    part = conformance = None
    for element in ET.fromstring(metadata).iter():
        part = element.get(f"{{{PDFAID_NS}}}part", part)
        conformance = element.get(f"{{{PDFAID_NS}}}conformance", conformance)
        for child in element:
            if child.tag == f"{{{PDFAID_NS}}}part":
                part = child.text
            elif child.tag == f"{{{PDFAID_NS}}}conformance":
                conformance = child.text
    return part, conformance


def _fonts_in(resources, seen: set) -> list:
    fonts = []
    if not resources:
        return fonts
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        fonts.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if id(xobject) not in seen and xobject.get("/Subtype") == "/Form":
            seen.add(id(xobject))
            fonts.extend(_fonts_in(xobject.get("/Resources"), seen))
    return fonts


def font_embedding(content: bytes) -> dict[str, bool]:
    """Every font used on every page (and in its form XObjects): its name and whether its file is embedded."""
    result = {}
    seen: set = set()
    for page in pdf_reader(content).pages:
        for font in _fonts_in(page.get("/Resources"), seen):
            name = str(font.get("/BaseFont"))
            if font.get("/Subtype") == "/Type3":
                result[name] = True  # glyphs are drawn by the PDF itself
                continue
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor") or {}
            descriptor = descriptor.get_object() if descriptor else {}
            result[name] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return result


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def test_templates():
    with override_settings(TEMPLATES=TEMPLATES_WITH_TEST_TEMPLATES):
        yield


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/style.css",
        "https://example.com/font.woff2",
        "ftp://example.com/file.txt",
        "file:///etc/passwd",
        "file://otherhost/etc/passwd",
        f"{(settings.BASE_DIR / 'config' / 'settings' / 'base.py').as_uri()}",
        "static:../config/settings/base.py",
        "static:%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "static:/etc/passwd",
        "static:fonts/liberation/does-not-exist.ttf",
        "/etc/passwd",
    ],
)
def test_url_fetcher_refuses_anything_but_our_static_files(url, no_network):
    with pytest.raises(ResourceRefused):
        StaticOnlyURLFetcher().fetch(url)


def test_url_fetcher_serves_vendored_fonts_by_static_url_and_file_url(no_network):
    font = settings.BASE_DIR / "static" / "fonts" / "liberation" / "LiberationSerif-Regular.ttf"
    for url in ("static:fonts/liberation/LiberationSerif-Regular.ttf", font.as_uri()):
        response = StaticOnlyURLFetcher().fetch(url)
        assert response.read() == font.read_bytes()


def test_url_fetcher_allows_inline_data_urls(no_network):
    assert StaticOnlyURLFetcher().fetch("data:text/plain;base64,aGVp").read() == b"hei"


@pytest.mark.parametrize(
    "template_name", ["test_pdf/remote_image.html", "test_pdf/local_file_stylesheet.html", "test_pdf/remote_font.html"]
)
def test_render_fails_instead_of_fetching_outside_resources(template_name, test_templates, no_network):
    with pytest.raises(PdfRenderError, match="bare applikasjonens egne statiske filer"):
        render_pdf(template_name=template_name, context={}, title="Test")


def test_rendered_pdf_is_pdfa_3b_with_metadata_and_all_fonts_embedded(test_templates, no_network):
    content = render_pdf(
        template_name="test_pdf/plain.html",
        context={"heading": "Blåbærsyltetøy", "text": "ÆØÅ æøå – «sitat» § 4-1"},
        title="Prøvedokument om smittevern",
    )

    assert content.startswith(b"%PDF-1.7")
    assert pdfa_identification(content) == ("3", "B")
    reader = pdf_reader(content)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nb"
    assert catalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert reader.metadata.title == "Prøvedokument om smittevern"
    text = pdf_text(content)
    assert "Blåbærsyltetøy" in text
    assert "ÆØÅ æøå – «sitat» § 4-1" in text
    fonts = font_embedding(content)
    assert fonts and all(fonts.values()), fonts
    # Only the vendored Liberation faces, never a system font or an unembedded Helvetica.
    assert all("Archive-Serif" in name or "Archive-Sans" in name for name in fonts), fonts


def test_renders_reuse_one_font_configuration(test_templates, monkeypatch):
    from weasyprint.text.fonts import FontConfiguration

    def forbidden(self):
        raise AssertionError("a FontConfiguration was created for a single render")

    monkeypatch.setattr(FontConfiguration, "__init__", forbidden)
    for text in ("første", "andre"):
        assert render_pdf(template_name="test_pdf/plain.html", context={"heading": text, "text": text})


def test_missing_template_is_reported_as_a_render_error():
    with pytest.raises(PdfRenderError, match=r"pdf/finnes-ikke\.html"):
        render_pdf(template_name="pdf/finnes-ikke.html", context={})
