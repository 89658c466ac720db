#!/usr/bin/env python3
"""Regenerate the three translation catalogs from the source strings.

Source strings are Simplified Chinese. zh_Hans gets them as they are; zh_Hant (standard
Traditional) gets OpenCC's Taiwan-standard characters (s2tw), and zh_TW (Traditional in Taiwan
usage, luntan.core.traditional) gets OpenCC's Taiwan phrases too (s2twp: 軟體, 網路); entries
someone already translated by hand are kept. Then each is put in its vocabulary
(luntan.core.vocabulary), and every django-allauth string that says a thing in another word is
added to our catalog in our words (ours take precedence over allauth's). No library has a zh_TW
catalog, and Django would fall back to the default language's catalog, so zh_TW holds every
library string of zh_Hant. Needs GNU gettext (xgettext, msgfmt) — a developer tool; the
compiled .mo files are committed.
"""

import os
import subprocess
import sys
from pathlib import Path

import django
import opencc
import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "luntan" / "locale"
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luntan.settings.dev")
django.setup()

from luntan.core.vocabulary import (  # noqa: E402
    foreign_catalogs,
    in_site_vocabulary,
    library_catalog_language,
)


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "luntan.settings.dev"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(
        [
            *manage,
            "makemessages",
            "-l",
            "zh_Hans",
            "-l",
            "zh_Hant",
            "-l",
            "zh_TW",
            "--no-obsolete",
            "--no-location",
            "--ignore",
            ".venv/*",
        ],
        cwd=ROOT / "src" / "luntan",
        env=env,
        check=True,
    )
    converters = {
        "zh_Hans": lambda text: text,
        "zh_Hant": opencc.OpenCC("s2tw").convert,
        "zh_TW": opencc.OpenCC("s2twp").convert,
    }
    for language, convert in converters.items():
        path = LOCALE / language / "LC_MESSAGES" / "django.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
            if entry.msgid_plural:
                for index in list(entry.msgstr_plural) or [0]:
                    if not entry.msgstr_plural.get(index):
                        entry.msgstr_plural[index] = convert(
                            entry.msgid_plural if index else entry.msgid
                        )
            elif not entry.msgstr:
                entry.msgstr = convert(entry.msgid)
            _to_site_vocabulary(entry, language)
        _override_foreign(catalog, language)
        catalog.metadata_is_fuzzy = False
        catalog.metadata["Language"] = language
        catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        catalog.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        catalog.save()
        catalog.save_as_mofile(str(path.with_suffix(".mo")))
        print(f"{language}: {len(catalog)} strings")
    return 0


def _to_site_vocabulary(entry: polib.POEntry, language: str) -> None:
    entry.msgstr = in_site_vocabulary(entry.msgstr, language)
    for index, text in entry.msgstr_plural.items():
        entry.msgstr_plural[index] = in_site_vocabulary(text, language)


def _override_foreign(catalog: polib.POFile, language: str) -> None:
    """Add allauth's and Django's strings that use another word than ours, in our words (all of
    them for a catalog the libraries do not have)."""
    # The first catalog translating a string is the one readers see, as Django merges them.
    seen = {(entry.msgctxt, entry.msgid) for entry in catalog}
    theirs = [polib.pofile(str(path)) for path in foreign_catalogs(language)]
    copy_all = library_catalog_language(language) != language
    for entry in (entry for catalog in theirs for entry in catalog.translated_entries()):
        if (entry.msgctxt, entry.msgid) in seen:
            continue
        seen.add((entry.msgctxt, entry.msgid))
        override = polib.POEntry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            msgid_plural=entry.msgid_plural,
            msgstr=entry.msgstr,
            msgstr_plural=dict(entry.msgstr_plural),
            comment="a library's string, in the site's vocabulary",
        )
        _to_site_vocabulary(override, language)
        if copy_all or (override.msgstr, override.msgstr_plural) != (
            entry.msgstr,
            entry.msgstr_plural,
        ):
            catalog.append(override)


if __name__ == "__main__":
    sys.exit(main())
