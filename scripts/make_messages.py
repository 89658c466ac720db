#!/usr/bin/env python3
"""Regenerate both translation catalogs from the source strings.

Source strings are Simplified Chinese. zh_Hans gets them as they are; zh_Hant gets OpenCC's
Taiwan-standard conversion, except entries someone already translated by hand, which are kept.
Needs GNU gettext (xgettext, msgfmt) — a developer tool; the compiled .mo files are committed.
"""

import os
import subprocess
import sys
from pathlib import Path

import opencc
import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "luntan" / "locale"


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
            "--no-obsolete",
            "--no-location",
            "--ignore",
            ".venv/*",
        ],
        cwd=ROOT / "src" / "luntan",
        env=env,
        check=True,
    )
    to_traditional = opencc.OpenCC("s2tw")
    for language, convert in (("zh_Hans", lambda s: s), ("zh_Hant", to_traditional.convert)):
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
        catalog.metadata_is_fuzzy = False
        catalog.metadata["Language"] = language
        catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        catalog.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        catalog.save()
        catalog.save_as_mofile(str(path.with_suffix(".mo")))
        print(f"{language}: {len(catalog)} strings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
