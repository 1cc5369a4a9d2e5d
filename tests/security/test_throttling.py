"""Sign-in throttling (pen-test finding 5): an address that tries a few passwords on each of
many accounts is locked out, and password-reset e-mails are rate-limited per client address
and per e-mail address."""

import pytest
from django.core import mail
from django.core.cache import cache

from tests.factories import UserFactory

LOGIN_URL = "/accounts/login/"
RESET_URL = "/accounts/password_reset/"
ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.1"
LOCKED_OUT = "For mange mislykkede innloggingsforsøk"
TOO_MANY_RESETS = "For mange forespørsler om nytt passord. Ingen e-post er sendt."


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def accounts(db):
    return [UserFactory(username=f"konto{n}") for n in range(9)]


def sign_in(client, username, password, address=ATTACKER):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def spray(client, accounts, failures_each):
    """`failures_each` wrong passwords on each account, from the attacker's address."""
    return [sign_in(client, account.username, "feil").status_code for account in accounts for _ in range(failures_each)]


def test_four_failures_on_each_of_eight_accounts_lock_the_address_out(client, accounts, settings):
    limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
    assert settings.AXES_FAILURE_LIMIT > 4 and limit <= 8 * 4  # no account alone reaches its limit

    statuses = spray(client, accounts[:8], failures_each=4)

    assert statuses == [200] * (limit - 1) + [429] * (8 * 4 - limit + 1)
    for account in (accounts[8], accounts[0]):  # an untouched account, and a sprayed one
        response = sign_in(client, account.username, "pw")
        assert response.status_code == 429
        assert LOCKED_OUT in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_in_norwegian_when_to_try_again(client, accounts, settings):
    spray(client, accounts[:8], failures_each=4)

    page = sign_in(client, accounts[8].username, "pw").content.decode()

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert LOCKED_OUT in page
    assert f"Prøv igjen om {minutes} minutter." in page


def test_the_address_lockout_does_not_lock_out_other_addresses(client, accounts):
    spray(client, accounts[:8], failures_each=4)

    assert sign_in(client, accounts[8].username, "pw", address=ELSEWHERE).status_code == 302


def test_the_per_account_lockout_still_locks_one_account_below_the_address_limit(client, accounts, settings):
    statuses = spray(client, accounts[:1], failures_each=settings.AXES_FAILURE_LIMIT)

    assert statuses[-1] == 429
    assert sign_in(client, accounts[0].username, "pw").status_code == 429
    assert sign_in(client, accounts[1].username, "pw").status_code == 302


def test_signing_in_to_an_own_account_does_not_clear_the_address_count(client, accounts, settings):
    limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
    victims, own = accounts[:8], accounts[8]
    attempts = [(victim.username, "feil") for victim in victims for _ in range(4)][: limit - 1]
    assert all(sign_in(client, username, password).status_code == 200 for username, password in attempts)

    assert sign_in(client, own.username, "pw").status_code == 302
    client.logout()

    assert sign_in(client, victims[-1].username, "feil").status_code == 429
    assert sign_in(client, own.username, "pw").status_code == 429


def test_a_sign_in_from_the_same_address_does_not_unlock_another_locked_account(client, accounts, settings):
    spray(client, accounts[:1], failures_each=settings.AXES_FAILURE_LIMIT)

    assert sign_in(client, accounts[1].username, "pw").status_code == 302
    client.logout()

    assert sign_in(client, accounts[0].username, "pw").status_code == 429


def request_reset(client, email, address=ATTACKER, **extra):
    return client.post(RESET_URL, {"email": email}, REMOTE_ADDR=address, **extra)


def test_password_reset_emails_stop_after_the_limit_per_client_address(client, accounts, settings):
    limit = settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    for account in accounts[:limit]:
        assert request_reset(client, account.email).status_code == 302
    assert len(mail.outbox) == limit

    refused = request_reset(client, accounts[limit].email)

    assert refused.status_code == 429
    assert TOO_MANY_RESETS in refused.content.decode()
    assert len(mail.outbox) == limit
    assert request_reset(client, accounts[limit].email, address=ELSEWHERE).status_code == 302
    assert len(mail.outbox) == limit + 1


def test_password_reset_emails_stop_after_the_limit_per_email_address_from_any_client(client, accounts, settings):
    limit = settings.PASSWORD_RESET_LIMIT_PER_EMAIL
    email = accounts[0].email
    for n in range(limit):
        assert request_reset(client, email, address=f"192.0.2.{n + 1}").status_code == 302
    assert len(mail.outbox) == limit

    refused = request_reset(client, email.upper(), address="192.0.2.200")

    assert refused.status_code == 429
    assert TOO_MANY_RESETS in refused.content.decode()
    assert len(mail.outbox) == limit
    assert request_reset(client, accounts[1].email, address="192.0.2.200").status_code == 302


def test_the_email_limit_answers_alike_for_known_and_unknown_addresses(client, accounts, settings):
    answers = {}
    for email in (accounts[0].email, "ingen-slik@example.org"):
        for n in range(settings.PASSWORD_RESET_LIMIT_PER_EMAIL):
            assert request_reset(client, email, address=f"192.0.2.{n + 1}").status_code == 302
        answers[email] = request_reset(client, email, address="192.0.2.200")

    known, unknown = answers.values()
    assert known.status_code == unknown.status_code == 429
    assert TOO_MANY_RESETS in known.content.decode() and TOO_MANY_RESETS in unknown.content.decode()


def test_the_reset_limit_counts_the_client_behind_our_proxy_not_the_proxy(client, accounts, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy, limit = "10.0.0.2", settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    for account in accounts[:limit]:
        request_reset(client, account.email, address=proxy, HTTP_X_FORWARDED_FOR=ATTACKER)

    assert request_reset(client, accounts[limit].email, address=proxy, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    assert (
        request_reset(
            client, accounts[limit].email, address=proxy, HTTP_X_FORWARDED_FOR=f"{ATTACKER}, {ELSEWHERE}"
        ).status_code
        == 302
    )


def test_password_reset_still_works_while_the_throttle_cache_is_unreachable(client, accounts, monkeypatch):
    """Redis down must not turn the reset form into a 500: the e-mail goes out, unthrottled."""
    import core.throttle

    class Unreachable:
        def __getattr__(self, name):
            def refuse(*args, **kwargs):
                raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

            return refuse

    monkeypatch.setattr(core.throttle, "cache", Unreachable())
    response = request_reset(client, accounts[0].email)
    assert response.status_code == 302 and len(mail.outbox) == 1
