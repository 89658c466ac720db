"""Both scripts' catalogs are complete and the committed .mo files match their .po sources."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

from luntan.core.vocabulary import foreign_catalogs, foreign_words

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PINYIN_ARTEFACT = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture(params=["zh_Hans", "zh_Hant"])
def catalog(request) -> tuple[polib.POFile, polib.MOFile]:
    po_path = LOCALE / request.param / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(po_path)), polib.mofile(str(po_path.with_suffix(".mo")))


def test_every_string_is_translated_and_none_is_fuzzy(catalog):
    po, _ = catalog
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_compiled_catalog_matches_its_source(catalog):
    po, mo = catalog
    assert {e.msgid: e.msgstr for e in po if not e.obsolete} == {
        e.msgid: e.msgstr for e in mo if e.msgid
    }


def test_traditional_catalog_is_traditional_and_free_of_converter_artefacts():
    po = polib.pofile(str(LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.po"))
    by_id = {e.msgid: e.msgstr for e in po}
    assert by_id["楼主"] == "樓主"
    assert by_id["只看该作者"] == "只看該作者"
    assert by_id["倒序浏览"] == "倒序瀏覽"
    assert not [e.msgstr for e in po if PINYIN_ARTEFACT.search(e.msgstr)]


@pytest.mark.parametrize(
    ("catalog_language", "language"), [("zh_Hans", "zh-hans"), ("zh_Hant", "zh-hant")]
)
def test_every_string_a_reader_can_meet_uses_the_sites_words(catalog_language, language):
    """Ours, allauth's and Django's, as Django translates them (ours first): one word for each
    thing per script, so a form never says 登入 beside 登錄 or 電子郵件 beside 郵箱."""
    catalogs = [LOCALE / catalog_language / "LC_MESSAGES" / "django.po"]
    catalogs += foreign_catalogs(catalog_language)
    entries = [entry for path in catalogs for entry in polib.pofile(str(path))]
    offending = {}
    with translation.override(language):
        for entry in entries:
            if entry.obsolete or not entry.msgid:
                continue
            if entry.msgctxt:
                shown = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                shown = translation.gettext(entry.msgid)
            if words := foreign_words(shown, catalog_language):
                offending[entry.msgid] = (shown, words)
    assert offending == {}


def test_the_allauth_login_form_speaks_the_sites_traditional(client, db):
    client.get("/lang/zh-hant/")
    page = client.get("/accounts/login/").content.decode()
    for other in ("登入", "帳號", "使用者名稱", "電子郵件"):
        assert other not in page
