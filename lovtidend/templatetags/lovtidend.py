"""{% lovtidend_card version %}: the version page's Lovtidend card (announcement, package)."""

from django import template

from ..forms import AnnouncementForm
from ..selectors import announcement_for, is_issuer_staff
from ..services import may_record_announcement

register = template.Library()


@register.inclusion_tag("lovtidend/_version_card.html", takes_context=True)
def lovtidend_card(context, version):
    """Shown to the issuing organization's people on a decided version; empty otherwise."""
    user = context["request"].user
    if not version.is_effective or not is_issuer_staff(user, version):
        return {"shown": False}
    return {
        "shown": True,
        "version": version,
        "announcement": announcement_for(version),
        "may_record": may_record_announcement(user, version),
        "form": AnnouncementForm(),
        "csrf_token": context.get("csrf_token"),
    }
