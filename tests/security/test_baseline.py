"""The security baseline: sign-in lockout, Content-Security-Policy, hostile text input."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent, AuditKind

LOGIN_URL = "/accounts/login/"


def test_repeated_failed_sign_ins_lock_the_account_out_even_with_the_right_password(client, auditor, settings):
    statuses = [
        client.post(LOGIN_URL, {"username": "revisor", "password": "feil"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    response = client.post(LOGIN_URL, {"username": "revisor", "password": "pw"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED).count() >= settings.AXES_FAILURE_LIMIT


def test_a_successful_sign_in_resets_the_failure_count(client, auditor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN_URL, {"username": "revisor", "password": "feil"})
    assert client.post(LOGIN_URL, {"username": "revisor", "password": "pw"}).status_code == 302
    client.logout()
    client.post(LOGIN_URL, {"username": "revisor", "password": "feil"})
    assert client.post(LOGIN_URL, {"username": "revisor", "password": "pw"}).status_code == 302


def test_the_lockout_is_per_address_so_others_are_not_locked_out(client, auditor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN_URL, {"username": "revisor", "password": "feil"}, REMOTE_ADDR="203.0.113.9")
    assert (
        client.post(LOGIN_URL, {"username": "revisor", "password": "pw"}, REMOTE_ADDR="198.51.100.1").status_code == 302
    )


def test_pages_send_a_content_security_policy_without_inline_code(client, auditor):
    client.force_login(auditor)
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.I)


def test_served_pages_carry_no_inline_scripts_styles_or_handlers(
    client, adopted, auditor, draft_assessment_for_auditor
):
    client.force_login(auditor)
    urls = [
        "/",
        reverse("regulations:list"),
        reverse("regulations:detail", args=[adopted.regulation_id]),
        reverse("regulations:version_detail", args=[adopted.pk]),
        reverse("regulations:history", args=[adopted.regulation_id]),
        reverse("assessments:list"),
        reverse("assessments:detail", args=[draft_assessment_for_auditor.pk]),
        reverse("audit:timeline"),
        reverse("audit:story", args=["regulations.regulation", adopted.regulation_id]),
        LOGIN_URL,
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not STYLE_ATTRIBUTE.search(html), url
        assert not EVENT_HANDLER.search(html), url


@pytest.fixture
def draft_assessment_for_auditor(municipality, medical_officer):
    from datetime import date

    from assessments.services import assessment_create

    return assessment_create(
        municipality=municipality, by=medical_officer, on=date(2021, 3, 3), sections={"summary": "<b>fet</b>"}
    )


HOSTILE = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "x" * 100_000]


@pytest.mark.parametrize("text", HOSTILE, ids=["script", "attribute-breakout", "100k"])
def test_hostile_text_never_causes_a_500_or_reaches_the_page_unescaped(client, case_officer, municipality, text):
    client.force_login(case_officer)
    response = client.post(
        reverse("regulations:create"),
        {
            "municipality": municipality.pk,
            "title": text,
            "short_title": text,
            "legal_basis": text,
            "kind": "original",
        },
    )
    assert response.status_code in (200, 302)
    page = client.get(response["Location"]) if response.status_code == 302 else response
    assert page.status_code == 200
    html = page.content.decode()
    assert "<img src=x onerror" not in html and '<script>alert("x")' not in html


@pytest.mark.parametrize("text", HOSTILE, ids=["script", "attribute-breakout", "100k"])
def test_hostile_text_in_the_audit_filters_is_harmless(client, auditor, text):
    client.force_login(auditor)
    for url in (reverse("audit:timeline"), reverse("audit:export_csv"), "/api/audit/"):
        response = client.get(url, {"q": text, "object": text, "since": text})
        assert response.status_code in (200, 400), url
        if not getattr(response, "streaming", False):
            assert '<script>alert("x")' not in response.content.decode()
