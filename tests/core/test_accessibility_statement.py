"""The accessibility statement (tilgjengelighetserklæringen) and the skip link every page starts with."""

import re

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_statement_is_public_and_says_what_is_checked_and_what_is_not(client):
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tilgjengelighetserklæring</h1>" in html
    assert "WCAG 2.1" in html
    assert "likestillings- og diskrimineringsloven" in html
    assert "wcag2a, wcag2aa, wcag21a, wcag21aa og best-practice" in html
    assert "200 % og 400 % forstørrelse" in html
    assert "skjermleser (NVDA, JAWS eller VoiceOver)" in html
    assert 'href="mailto:' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["login", "public_rules:ask", "core:accessibility"])
def test_every_page_starts_with_a_skip_link_and_links_the_statement_in_its_footer(client, url):
    html = client.get(reverse(url)).content.decode()
    body = html[html.index("<body") :]
    first_link = re.search(r"<a [^>]*>[^<]*</a>", body)
    assert first_link is not None
    assert 'href="#main"' in first_link.group(0) and "Hopp til hovedinnhold" in first_link.group(0)
    assert '<main id="main" tabindex="-1">' in html
    footer = html[html.index("<footer") :]
    assert f'href="{reverse("core:accessibility")}"' in footer
