"""The Atom feeds of decided changes to what applies, read with a real Atom parser (feedparser)."""

from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse

from core.models import Organization
from regulations.models import Layer, RegulationVersion
from tests.factories import oslo

from .conftest import decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes(places, ministry):
    national = decided(
        ministry,
        layer=Layer.NATIONAL,
        title="Forskrift om smitteverntiltak mv. ved koronautbruddet",
        valid_from=oslo(2021, 1, 1),
        sections=[(13, [("cap", {"settings": ["events"], "max_people": 100}, False)])],
        decided_at=oslo(2020, 12, 30, 12),
    )
    level_b = decided(
        ministry,
        layer=Layer.REGIONAL,
        level="B",
        valid_from=oslo(2021, 5, 6),
        sections=[(1, [("closure", {"settings": ["gyms"], "exceptions": [{"code": "rehabilitation"}]}, False)])],
        placements=[
            ("3024", oslo(2021, 5, 6), oslo(2021, 5, 21, 23, 59)),
            ("3025", oslo(2021, 5, 6), oslo(2021, 5, 25, 23, 59)),
        ],
        decided_at=oslo(2021, 5, 5, 20),
    )
    level_c = decided(
        ministry,
        layer=Layer.REGIONAL,
        level="C",
        valid_from=oslo(2021, 5, 6),
        sections=[(1, [("closure", {"settings": ["pools"]}, False)])],
        placements=[("3025", oslo(2021, 5, 6), None)],
        decided_at=oslo(2021, 5, 5, 21),
    )
    baerum_local = decided(
        Organization.objects.get(municipality_number="3024"),
        title="Forskrift om tiltak mot koronasmitte, Bærum",
        valid_from=oslo(2021, 3, 3, 14),
        valid_until=oslo(2021, 3, 17, 14),
        sections=[(3, [("cap", {"settings": ["events"], "max_people": 20}, False)])],
        decided_at=oslo(2021, 3, 3, 12),
    )
    asker_local = decided(
        Organization.objects.get(municipality_number="3025"),
        valid_from=oslo(2021, 4, 1),
        sections=[(2, [("alcohol_ban", {"from_time": "22:00"}, False)])],
        decided_at=oslo(2021, 3, 31, 9),
    )
    return {
        "national": national,
        "level_b": level_b,
        "level_c": level_c,
        "baerum_local": baerum_local,
        "asker_local": asker_local,
    }


def _feed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def _pdf(version):
    return "http://testserver" + reverse("regulations:version_pdf", args=[version.pk])


def test_a_municipalitys_feed_holds_the_national_its_levels_and_its_own_decisions_newest_first(client, changes):
    feed = _feed(client, "/api/rules/3024/feed.atom")
    assert feed.feed.title == "Vedtatte endringer i reglene: Bærum kommune"
    assert [e.link for e in feed.entries] == [
        _pdf(changes["level_b"]),
        _pdf(changes["baerum_local"]),
        _pdf(changes["national"]),
    ]
    published = [e.published_parsed for e in feed.entries]
    assert published == sorted(published, reverse=True)
    assert feed.entries[0].updated_parsed[:5] == (2021, 5, 5, 18, 0)  # 20.00 in Oslo, in UTC


def test_an_entry_says_which_level_and_version_from_when_and_what_it_decides(client, changes):
    level_b, local, national = _feed(client, "/api/rules/3024/feed.atom").entries
    assert level_b.title == (
        "Tiltaksnivå B (covid-19-forskriften kap. 5B), versjon 1 (ny forskrift): "
        "gjelder fra 6. mai 2021 kl. 00.00 til og med 21. mai 2021 kl. 23.59"
    )
    assert "Gjelder fra 6. mai 2021 kl. 00.00 til og med 21. mai 2021 kl. 23.59." in level_b.summary
    assert (
        "<li>Treningssentre: stengt; unntatt rehabilitering og opptrening individuelt eller i mindre grupper (§ 1)</li>"
        in level_b.summary
    )
    assert "Status: Vedtatt." in level_b.summary
    assert local.title.startswith("Bærum kommune: Forskrift om tiltak mot koronasmitte, Bærum, versjon 1")
    assert "Gjelder fra 3. mars 2021 kl. 14.00 til og med 17. mars 2021 kl. 14.00." in local.summary
    assert "<li>Arrangementer: maks 20 personer (§ 3)</li>" in local.summary
    assert national.title.startswith("Forskrift om smitteverntiltak mv. ved koronautbruddet, versjon 1")
    assert national.author == "Helse- og omsorgsdepartementet"
    assert [t.term for t in national.tags] == ["national"]


def test_the_feed_for_all_holds_every_decision_and_each_levels_placements(client, changes):
    feed = _feed(client, "/api/rules/feed.atom")
    assert feed.feed.title == "Vedtatte endringer i reglene: alle kommuner"
    assert [e.link for e in feed.entries] == [
        _pdf(changes["level_c"]),
        _pdf(changes["level_b"]),
        _pdf(changes["asker_local"]),
        _pdf(changes["baerum_local"]),
        _pdf(changes["national"]),
    ]
    level_b = feed.entries[1]
    assert "Bærum: Gjelder fra 6. mai 2021 kl. 00.00 til og med 21. mai 2021 kl. 23.59." in level_b.summary
    assert "Asker: Gjelder fra 6. mai 2021 kl. 00.00 til og med 25. mai 2021 kl. 23.59." in level_b.summary


def test_drafts_never_appear(client, changes):
    RegulationVersion.objects.create(
        regulation=changes["baerum_local"].regulation, number=2, valid_from=oslo(2021, 3, 17, 14)
    )
    feed = _feed(client, "/api/rules/3024/feed.atom")
    assert len(feed.entries) == 3


def test_the_feed_is_capped_at_fifty_entries(client, places):
    baerum = Organization.objects.get(municipality_number="3024")
    for day in range(1, 56):
        decided(baerum, valid_from=oslo(2021, 1, 1), decided_at=oslo(2021, 1, 1) + timedelta(days=day))
    feed = _feed(client, "/api/rules/3024/feed.atom")
    assert len(feed.entries) == 50
    assert feed.entries[0].published_parsed[:3] == (2021, 2, 24)  # 25 February 00.00 in Oslo, in UTC


@pytest.mark.parametrize("path", ["/api/rules/9999/feed.atom", "/api/rules/30/feed.atom", "/api/rules/abcd/feed.atom"])
def test_an_unknown_municipality_has_no_feed(client, changes, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/api/rules/feed.atom", "/api/rules/3024/feed.atom"])
def test_the_feeds_refuse_parameters(client, changes, path):
    response = client.get(path, {"at": "2021-05-15T18:00"})
    assert response.status_code == 400 and response.json()["parameter"] == "at"
