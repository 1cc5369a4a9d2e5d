"""Request-level guards that run before any view reads the body."""

from django.conf import settings
from django.http import HttpResponse
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
