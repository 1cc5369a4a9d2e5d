"""Request-level guards that run before any view reads the body."""

from django.conf import settings
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuses (413) a request whose declared body is larger than `MAX_REQUEST_BYTES`, before
    Django spools an upload to disk. The largest upload the application takes is 10 MB
    (an incoming document); the reverse proxy should enforce the same limit in production."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit_mb = settings.MAX_REQUEST_BYTES // (1024 * 1024)
            return HttpResponse(
                _("Forespørselen er for stor (høyst %(n)s MB).") % {"n": limit_mb},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Bokmål for everyone until they choose otherwise: the language is the one the visitor
    picked with the language form (Django's set_language, kept in the language cookie), never
    the browser's Accept-Language. A public-sector service in Norway speaks Norwegian first;
    English stays one click away in the footer."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
