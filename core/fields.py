"""Field declarations the models of several apps share."""

from typing import Any

from django.conf import settings
from django.db import models


def person_reference(verbose_name: Any = None, *, on_delete: Any = models.PROTECT) -> Any:
    """An optional reference to the person who did something (decided, approved, created),
    with no reverse accessor on the user. PROTECT, the default, keeps the person a decision
    names; SET_NULL lets a mere creator be deleted."""
    options = {} if verbose_name is None else {"verbose_name": verbose_name}
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=on_delete, related_name="+", **options
    )
