"""Who may open which URL, declared next to each view and checked by tests/security.

    @access(anonymous=LOGIN, own={Role.CASE_OFFICER: OK, "*": FORBIDDEN}, other=NOT_FOUND,
            obj="regulation", method="GET")
    def regulation_detail(request, pk): ...

The declaration is data only; the view still enforces access itself. The authorization
matrix test (tests/security/test_matrix.py) walks the URLconf and, for every pattern, signs
in as each role in the object's own organization and in another organization (and as
nobody), makes the request and compares the outcome with the declaration. A pattern whose
view has no declaration and is not listed in EXEMPT fails the suite.

Outcomes:
    OK           2xx, or a redirect that is not to the sign-in page (the view did its work)
    LOGIN        redirect to the sign-in page
    FORBIDDEN    403
    NOT_FOUND    404 (another organization's private object: its existence is not revealed)
    UNAUTHORIZED 401 (JSON APIs instead of a redirect)
    NOT_ALLOWED  405

`own`/`other` are either one outcome for every role or a mapping role → outcome with "*"
as the default. `obj` names a scenario object in the matrix test whose ids fill the URL
(see SCENARIOS there); `kwargs` gives the other URL arguments (e.g. {"name": "submit"}).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

OK = "ok"
LOGIN = "login"
FORBIDDEN = 403
NOT_FOUND = 404
UNAUTHORIZED = 401
NOT_ALLOWED = 405

Outcome = str | int
ALL = "*"


@dataclass(frozen=True)
class AccessRule:
    anonymous: Outcome
    own: Mapping[str, Outcome]
    other: Mapping[str, Outcome]
    obj: str | None = None
    method: str = "GET"
    kwargs: Mapping[str, object] = field(default_factory=dict)
    data: Mapping[str, object] = field(default_factory=dict)

    def expected(self, *, role: str | None, own: bool) -> Outcome:
        if role is None:
            return self.anonymous
        table = self.own if own else self.other
        return table[role] if role in table else table[ALL]


def _table(value) -> dict:
    if isinstance(value, Mapping):
        table = {str(k): v for k, v in value.items()}
        if ALL not in table:
            raise ValueError("an access table needs a '*' default")
        return table
    return {ALL: value}


def access(
    *,
    anonymous: Outcome,
    own,
    other=None,
    obj: str | None = None,
    method: str = "GET",
    kwargs: Mapping | None = None,
    data: Mapping | None = None,
) -> Callable:
    """Declare the expected outcome of a view for each kind of visitor (see module docstring).

    `other` defaults to `own` (pages without an organization's object behave alike)."""
    rule = AccessRule(
        anonymous=anonymous,
        own=_table(own),
        other=_table(own if other is None else other),
        obj=obj,
        method=method.upper(),
        kwargs=dict(kwargs or {}),
        data=dict(data or {}),
    )

    def decorate(view):
        view.access_rule = rule
        return view

    return decorate


def rule_for(view) -> AccessRule | None:
    """The declaration of a view, looking through decorators that wrap it (functools.wraps)."""
    current = view
    for _depth in range(10):
        rule = getattr(current, "access_rule", None)
        if rule is not None:
            return rule
        current = getattr(current, "__wrapped__", None)
        if current is None:
            return None
    return None


# URL patterns that carry no declaration, each with the reason, matched on the route prefix.
EXEMPT: dict[str, str] = {
    "admin/": "Django admin: its own staff-only sign-in and model permissions; tested in the apps' test_admin.py",
    "accounts/": "Django's own sign-in, sign-out and password views: public by design; lockout (django-axes) "
    "is tested in tests/security/test_baseline.py",
    "i18n/": "Django's set_language: changes only the visitor's own language cookie",
    "static/": "static files served by WhiteNoise in production",
}


def exemption_for(route: str) -> str | None:
    for prefix, reason in EXEMPT.items():
        if route.startswith(prefix):
            return reason
    return None


def url_patterns() -> list[tuple[str, object]]:
    """Every (route, URLPattern) of the project's URLconf, the routes written out in full: what
    the access matrix test walks and the page benchmark opens."""
    from django.conf import settings
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                yield route, p

    return list(walk(get_resolver(settings.ROOT_URLCONF).url_patterns))
