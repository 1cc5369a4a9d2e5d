"""Sign-in lockout (django-axes): the first authentication backend and the attempts handler."""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


class SignInLockoutBackend(AxesStandaloneBackend):
    """Refuses sign-ins from a locked-out username/address pair or address (django-axes).

    Lockout is about requests from the network: calls to `authenticate()` without a
    request (the test client's `login()`, the shell) have no address to count and are let
    through to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _names_an_account(parameters) -> bool:
    return "username" in ([parameters] if isinstance(parameters, str) else parameters)


class SignInLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit of its own for the rules that count an
    address's failures across usernames (`SIGN_IN_ADDRESS_FAILURE_LIMIT`, higher than
    `AXES_FAILURE_LIMIT`: many people may sign in from behind one office address).

    axes compares the largest count of any rule in `AXES_LOCKOUT_PARAMETERS` with a single
    `AXES_FAILURE_LIMIT`; here an address-only rule counts as having reached that limit
    once its own limit is reached, and not before.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failure_limit = get_failure_limit(request, credentials)
        rules = zip(
            get_lockout_parameters(request, credentials), self.get_user_attempts(request, credentials), strict=False
        )
        failures = 0
        for parameters, attempts in rules:
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if not _names_an_account(parameters):
                count = failure_limit if count >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT else 0
            failures = max(failures, count)
        return failures

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful sign-in forgives that account's failures only: one account that
        signs in from an address must not clear the address's count (an attacker's own
        account would reset it between rounds) or other accounts' lockouts there."""
        rules = zip(
            get_lockout_parameters(request, credentials), self.filter_user_attempts(request, credentials), strict=False
        )
        return sum(attempts.delete()[0] for parameters, attempts in rules if _names_an_account(parameters))
