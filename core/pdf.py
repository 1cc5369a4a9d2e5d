"""The one PDF renderer: Django template in, archival PDF/A-3b bytes out.

This is the only module that imports WeasyPrint. Print templates reference their assets
as ``static:css/pdf.css`` or ``static:fonts/…``; the URL fetcher serves those from our own
static folders and refuses everything else, so no text that ends up in a document can make
the renderer reach the network or read a file outside the static folders.
"""

import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

PDF_VARIANT = "pdf/a-3b"
STATIC_SCHEME = "static:"

# One per process: a FontConfiguration per render leaks (each one registers its
# @font-face files with Fontconfig and keeps them), so memory would grow with every PDF.
_FONT_CONFIG = FontConfiguration()
# Pango/Fontconfig state in the shared configuration is not safe to use from two threads
# at once (threaded runserver, gunicorn threads); renders in one process take turns.
_RENDER_LOCK = threading.Lock()


class PdfRenderError(Exception):
    """The document could not be rendered; nothing was produced."""


class ResourceRefused(ValueError):
    """A print template or its stylesheet asked for a resource outside our static files."""


def _static_roots() -> list[Path]:
    roots = [Path(d if isinstance(d, (str, Path)) else d[1]) for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def _inside_static_roots(path: Path) -> Path | None:
    resolved = path.resolve()
    for root in _static_roots():
        if resolved.is_relative_to(root) and resolved.is_file():
            return resolved
    return None


def static_file_for_url(url: str) -> Path:
    """The file under our static folders that `url` names, or raise ResourceRefused.

    Accepted: ``static:<relative path>`` and ``file://`` URLs pointing inside
    STATICFILES_DIRS or STATIC_ROOT. Paths are resolved (``..``, symlinks) before the check.
    """
    if url.startswith(STATIC_SCHEME):
        relative = unquote(urlsplit(url[len(STATIC_SCHEME) :]).path).lstrip("/")
        if relative:
            for root in _static_roots():
                found = _inside_static_roots(root / relative)
                if found:
                    return found
    elif url.lower().startswith("file:"):
        parts = urlsplit(url)
        if parts.netloc in ("", "localhost"):
            found = _inside_static_roots(Path(url2pathname(unquote(parts.path))))
            if found:
                return found
    raise ResourceRefused(
        _("PDF-en kan ikke hente %(url)r: bare applikasjonens egne statiske filer er tillatt.") % {"url": url[:200]}
    )


class StaticOnlyURLFetcher(URLFetcher):
    """Serves our static files and inline ``data:`` URLs; refuses http(s), ftp and other files."""

    def __init__(self):
        # fail_on_errors: a refused or missing resource (a font, the stylesheet) stops the
        # render instead of silently producing an archival PDF that looks different.
        super().__init__(allowed_protocols=("data",), allow_redirects=False, fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        path = static_file_for_url(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type})


def render_pdf(*, template_name: str, context: dict, title: str = "", lang: str = "nb") -> bytes:
    """Render a print template to PDF/A-3b bytes, every font embedded.

    `title` and `lang` become the document metadata (and are given to the template as
    ``pdf_title`` and ``pdf_lang``). Raises PdfRenderError if anything fails.
    """
    try:
        html = render_to_string(template_name, {**context, "pdf_title": title, "pdf_lang": lang})
        with _RENDER_LOCK:
            document = HTML(string=html, url_fetcher=StaticOnlyURLFetcher()).render(font_config=_FONT_CONFIG)
            if title:
                document.metadata.title = title
            document.metadata.lang = lang
            content = document.write_pdf(pdf_variant=PDF_VARIANT)
    except (Exception, FatalURLFetchingError) as exc:
        # FatalURLFetchingError is a BaseException in WeasyPrint; it must not escape as one.
        cause = exc.__cause__ if isinstance(exc, FatalURLFetchingError) and exc.__cause__ else exc
        raise PdfRenderError(
            _("PDF-en kunne ikke lages (%(template)s): %(cause)s") % {"template": template_name, "cause": cause}
        ) from exc
    if not content:
        raise PdfRenderError(_("PDF-en kunne ikke lages (%(template)s): tomt resultat.") % {"template": template_name})
    return content
