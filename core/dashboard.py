"""The overview (dashboard) is assembled from panels that the apps register.

Each app registers its panel in its AppConfig.ready() (as Django's admin site collects its
ModelAdmins): a template and a function giving that template's context for the person, so
core knows no document kind by name and a new kind adds its panel without touching core.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    """`context(user=..., now=...)` returns the template's context, or None to show nothing;
    the template is `<name>/_dashboard.html` unless `template` names another."""

    name: str
    context: Callable[..., dict | None]
    order: int = 100
    template: str = ""

    def __post_init__(self) -> None:
        if not self.template:
            object.__setattr__(self, "template", f"{self.name}/_dashboard.html")


_PANELS: dict[str, Panel] = {}


def panel_register(panel: Panel) -> None:
    _PANELS[panel.name] = panel


def panels_for(*, request, now) -> list[SafeString]:
    """Every registered panel that has something for the signed-in person, rendered, in order."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.name)):
        context = panel.context(user=request.user, now=now)
        if context is not None:
            shown.append(render_to_string(panel.template, {**context, "now": now}, request=request))
    return shown
