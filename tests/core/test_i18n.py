"""The English catalogue (locale/en): complete, compiled, and chosen by the browser's language.

The Norwegian (bokmål) strings in the source are the msgids; locale/en/LC_MESSAGES/django.po
holds their English translations. After adding or changing a string:

    .venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete
    (translate every new or fuzzy entry in the .po)
    .venv/bin/python manage.py compilemessages -l en --ignore=.venv
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from core.models import Role
from regulations.models import DecisionBody, VersionKind, VersionStatus
from regulations.selectors import LIFECYCLE_LABELS

BASE_DIR = Path(settings.BASE_DIR)
PO_PATH = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%%")


# --- a minimal .po reader (the project has no polib) ---------------------------------------


def _unquote(token: str) -> str:
    return ast.literal_eval(token)  # a .po string is a valid Python string literal for our needs


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: {'flags', 'msgctxt', 'msgid', 'msgid_plural', 'msgstr' (list), 'obsolete'}."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = {"flags": set(), "msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}, "obsolete": False}
        current = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
                continue
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(",") if f.strip())
                continue
            if line.startswith("#") or not line.strip():
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$', line)
            if match:
                keyword, index, value = match.groups()
                if keyword.startswith("msgstr"):
                    current = ("msgstr", int(index or 0))
                    entry["msgstr"][current[1]] = _unquote(value)
                else:
                    current = (keyword, None)
                    entry[keyword] = _unquote(value)
                continue
            assert line.startswith('"'), f"unexpected line in {path.name}: {line!r}"
            if current[0] == "msgstr":
                entry["msgstr"][current[1]] += _unquote(line)
            else:
                entry[current[0]] += _unquote(line)
        entry["msgstr"] = [entry["msgstr"][i] for i in sorted(entry["msgstr"])]
        entries.append(entry)
    return entries


def _messages(path: Path) -> list[dict]:
    """The translatable entries (not the header, not obsolete ones)."""
    return [e for e in read_po(path) if e["msgid"] and not e["obsolete"]]


def _problems(entries: list[dict]) -> list[str]:
    problems = []
    for e in entries:
        if "fuzzy" in e["flags"]:
            problems.append(f"fuzzy: {e['msgid']!r}")
        if not e["msgstr"] or any(not s.strip() for s in e["msgstr"]):
            problems.append(f"untranslated: {e['msgid']!r}")
    return problems


# --- the catalogue itself --------------------------------------------------------------------


def test_po_header_is_for_english_and_not_fuzzy():
    header = next(e for e in read_po(PO_PATH) if e["msgid"] == "")
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"][0]
    assert "Content-Type: text/plain; charset=UTF-8\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header["msgstr"][0]


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = _messages(PO_PATH)
    assert len(entries) > 300
    assert _problems(entries) == []
    assert not any(e["obsolete"] for e in read_po(PO_PATH)), "run makemessages with --no-obsolete"


def test_translations_keep_every_placeholder():
    wrong = []
    for e in _messages(PO_PATH):
        sources = [e["msgid"]] + ([e["msgid_plural"]] if e["msgid_plural"] else [])
        wanted = sorted(set(PLACEHOLDER.findall(" ".join(sources))))
        for translated in e["msgstr"]:
            if sorted(set(PLACEHOLDER.findall(translated))) != wanted:
                wrong.append((e["msgid"], translated))
        if e["msgid"].startswith(", ") and not e["msgstr"][0].startswith((", ", " ")):
            wrong.append((e["msgid"], e["msgstr"][0]))  # a clause appended to a sentence
    assert wrong == []


def test_compiled_catalogue_matches_the_po():
    """The .mo in the repository is compiled from the current .po (compilemessages was run)."""
    assert MO_PATH.exists()
    stale = []
    with translation.override("en"):
        for e in _messages(PO_PATH):
            if e["msgid_plural"]:
                got = [ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 2)]
            elif e["msgctxt"] is not None:
                got = [pgettext(e["msgctxt"], e["msgid"])]
            else:
                got = [gettext(e["msgid"])]
            if got != e["msgstr"]:
                stale.append((e["msgid"], got, e["msgstr"]))
    assert stale == [], "run: manage.py compilemessages -l en --ignore=.venv"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext) for makemessages")
def test_catalogue_covers_every_string_in_the_source(tmp_path):
    """makemessages on a copy of the source finds no string that the .po lacks a translation for."""

    def ignore(directory, names):
        skipped = {
            ".venv",
            ".git",
            "tests",
            "staticfiles",
            "static",
            "media",
            "node_modules",
            "__pycache__",
            "bench-results",
        }
        return [n for n in names if n in skipped or n.startswith(".test-db") or n.endswith((".sqlite3", ".mo", ".pyc"))]

    copy = tmp_path / "src"
    shutil.copytree(BASE_DIR, copy, ignore=ignore)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    run = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=staticfiles",
            "--ignore=tests",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    problems = _problems(_messages(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    assert problems == [], (
        "New or changed Norwegian strings lack an English translation: run makemessages, "
        "translate them in locale/en/LC_MESSAGES/django.po and run compilemessages:\n" + "\n".join(problems[:30])
    )


# --- English comes out where it should ----------------------------------------------------------


def test_key_strings_in_english():
    with translation.override("en"):
        assert VersionStatus.DRAFT.label == "Draft"
        assert gettext("Utkast") == "Draft"
        assert str(VersionStatus.ADOPTED.label) == "Adopted"
        assert str(VersionStatus.SUBMITTED.label) == "Submitted for political consideration"
        assert str(VersionKind.URGENT.label) == "Urgent decision"
        assert str(LIFECYCLE_LABELS["in_force"]) == "In force"
        assert str(Role.CASE_OFFICER.label) == "Case officer"
        assert str(Role.MEDICAL_OFFICER.label) == "Chief municipal medical officer"
        assert str(DecisionBody.FORMANNSKAP.label) == "the executive committee (formannskap)"
        assert gettext("Side %(n)s av %(total)s") % {"n": 2, "total": 5} == "Page 2 of 5"
        assert ngettext("%(n)s paragraf er endret.", "%(n)s paragrafer er endret.", 1) % {"n": 1} == (
            "1 section has changed."
        )
        assert ngettext("%(n)s paragraf er endret.", "%(n)s paragrafer er endret.", 3) % {"n": 3} == (
            "3 sections have changed."
        )


def test_norwegian_is_the_default():
    assert settings.LANGUAGE_CODE == "nb"
    with translation.override(settings.LANGUAGE_CODE):
        assert VersionStatus.DRAFT.label == "Utkast"
        assert str(DecisionBody.FORMANNSKAP.label) == "formannskapet"


@pytest.mark.django_db
def test_login_page_in_norwegian_for_an_english_browser_on_a_first_visit(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert "Logg inn" in html and "Log in" not in html
    assert response.headers["Content-Language"] == "nb"


@pytest.mark.django_db
def test_login_page_in_english_after_choosing_english_and_the_choice_sticks(client):
    chosen = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert chosen.status_code == 302
    for accept in ("nb-NO,nb;q=0.9", "en"):
        response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept)
        html = response.content.decode()
        assert '<html lang="en">' in html
        assert "Log in" in html
        assert "Username" in html and "Password" in html
        assert "Logg inn" not in html
        assert response.headers["Content-Language"] == "en"
    back = client.post(reverse("set_language"), {"language": "nb", "next": reverse("login")})
    assert back.status_code == 302
    assert "Logg inn" in client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.django_db
def test_login_page_in_norwegian_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert "Logg inn" in html
    assert "Log in" not in html


@pytest.mark.django_db
def test_login_page_in_norwegian_for_a_norwegian_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nb-NO,nb;q=0.9,en;q=0.5")
    assert "Logg inn" in response.content.decode()
