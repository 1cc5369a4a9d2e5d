"""The demo's national and regional layers and Oslo's and Bærum's rules of November 2020:
every rule of the seeds they represent has typed parameters, level B has its municipalities."""

import pytest

from core.demo import demo_organization
from regulations.demo import REGULATION_TITLE
from regulations.demo_layers import BAERUM_RULES, LEVEL_B, NATIONAL, OSLO_RULES
from regulations.models import Layer, Measure, Regulation, VersionStatus
from regulations.pdf import version_pdf_context
from regulations.services import version_content_hash
from tests.factories import oslo

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo_seeded):
    """The demo, seeded once for the module (tests.module_data)."""


def _version(title):
    return Regulation.objects.get(title=title).versions.get(number=1)


def test_the_seeds_rules_are_typed_and_little_advice_falls_back_to_free_text(seeded):
    """Every rule (påbud/forbud) and every piece of advice of the level B, Harstad and Oslo/Bærum
    regulations is typed: what falls back to free text stays under a tenth (issue 11), and
    level B's advice on contacts, travel, shopping, cabins, capacity and risk groups is typed
    conduct and capacity."""
    titles = [LEVEL_B.title, REGULATION_TITLE, OSLO_RULES.title, BAERUM_RULES.title]
    measures = list(
        Measure.objects.filter(section__version__regulation__title__in=titles).select_related("measure_type")
    )
    free_text = [m for m in measures if m.measure_type.code == "text"]
    assert len(measures) >= 50
    assert len(free_text) / len(measures) < 0.1, [m.parameters["description"] for m in free_text]
    # The rules themselves (not the advice) are all typed.
    assert not [m for m in free_text if not m.is_advice]


def test_level_b_in_full_with_its_municipalities_and_the_other_layers(seeded):
    _level_b_placements()
    _level_b_closures()
    _national()
    _oslo_stricter_than_baerum()


def _level_b_placements():
    version = _version(LEVEL_B.title)
    assert (version.regulation.layer, version.regulation.level, version.status) == (
        Layer.REGIONAL,
        "B",
        VersionStatus.ADOPTED,
    )
    until = {p.municipality_number: p.valid_until for p in version.placements.all()}
    assert until == {
        # «til og med 25. mai» and «til og med 21. mai»: they stop when the next day begins.
        **{n: oslo(2021, 5, 26) for n in ("3813", "3806", "3807")},
        **{n: oslo(2021, 5, 22) for n in ("3024", "3005", "3049", "3030", "3029", "3020", "3027", "3033", "3021")},
    }
    assert version.content_hash == version_content_hash(version)
    context = version_pdf_context(version)
    assert "Bærum (fra 6. mai 2021 kl. 00.00 til og med 21. mai 2021)" in context["placements"]
    assert context["preamble"].startswith("Fastsatt av Helse- og omsorgsdepartementet 5. mai 2021")


def _level_b_closures():
    measures = Measure.objects.filter(section__version=_version(LEVEL_B.title), measure_type__code="closure")
    by_setting = {tuple(m.parameters["settings"]): m.parameters.get("exceptions", []) for m in measures}
    assert {e["code"] for e in by_setting[("gyms",)]} == {
        "outdoor_group_training_residents",
        "rehabilitation",
        "individual_by_appointment",
    }
    events = {e["code"]: e.get("max_people") for e in by_setting[("events",)]}
    assert events == {
        "funerals": 50,
        "religious_ceremonies": 20,
        "digital_events": 5,
        "top_football": None,
        "top_handball": None,
        "outdoor_markets": None,
    }


def _national():
    version = _version(NATIONAL.title)
    regulation = version.regulation
    assert regulation.municipality == demo_organization("hod")
    assert (regulation.layer, regulation.lovdata_id) == (Layer.NATIONAL, "FOR-2020-03-27-470")
    assert version.decided_by.username == "departementsleder"


def _oslo_stricter_than_baerum():
    def codes(title):
        return {
            (m.measure_type.code, tuple(m.parameters["settings"]))
            for m in Measure.objects.filter(section__version=_version(title))
        }

    oslo_rules, baerum_rules = codes(OSLO_RULES.title), codes(BAERUM_RULES.title)
    assert ("closure", ("gyms", "pools")) in oslo_rules
    assert not any("gyms" in settings for _code, settings in baerum_rules)
    oslo_ban = Measure.objects.get(section__version=_version(OSLO_RULES.title), measure_type__code="alcohol_ban")
    baerum_ban = Measure.objects.get(section__version=_version(BAERUM_RULES.title), measure_type__code="alcohol_ban")
    assert "from_time" not in oslo_ban.parameters  # the whole day
    assert baerum_ban.parameters["from_time"] == "22:00:00"
