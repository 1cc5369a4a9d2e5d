"""Sign-in lockout (django-axes) as the first authentication backend."""

from axes.backends import AxesStandaloneBackend


class SignInLockoutBackend(AxesStandaloneBackend):
    """Refuses sign-ins from a locked-out username/address pair (django-axes).

    Lockout is about requests from the network: calls to `authenticate()` without a
    request (the test client's `login()`, the shell) have no address to count and are let
    through to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind `TRUSTED_PROXY_COUNT` proxies of our own
    the address the outermost of them saw (counted from the right of X-Forwarded-For, so a
    client cannot forge it by sending the header itself)."""
    from django.conf import settings

    if request is None:
        return ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45]
