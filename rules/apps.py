from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    """The rules in force: what applies in a municipality at an instant, from every layer."""

    name = "rules"
    verbose_name = _("Gjeldende regler")
