from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Revisjonsspor")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from simple_history.signals import post_create_historical_record

        from core.dashboard import Panel, panel_register

        from . import selectors, signals
        from .subjects import Reference, reference_register

        # The shared records every trail names: people by name to those who share an
        # organization with them, organizations (public bodies) to everyone.
        reference_register(
            Reference(
                label="auth.user",
                visible=selectors.users_named_for,
                name=lambda user: user.get_full_name() or user.get_username(),
            )
        )
        reference_register(Reference(label="core.organization", visible=selectors.organizations_named_for))

        panel_register(
            Panel(name="audit", template="audit/_dashboard.html", order=90, context=selectors.review_panel_context)
        )
        post_create_historical_record.connect(signals.on_history_record, dispatch_uid="audit_history_record")
        user_logged_in.connect(signals.on_logged_in, dispatch_uid="audit_logged_in")
        user_logged_out.connect(signals.on_logged_out, dispatch_uid="audit_logged_out")
        user_login_failed.connect(signals.on_login_failed, dispatch_uid="audit_login_failed")
