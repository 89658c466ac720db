"""The catalogs (Simplified, standard Traditional, Traditional in Taiwan usage) are complete and
the committed .mo files match their .po sources."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

from luntan.conftest import use_traditional_variant
from luntan.core.vocabulary import foreign_catalogs, foreign_words

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PINYIN_ARTEFACT = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture(params=["zh_Hans", "zh_Hant", "zh_TW"])
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


def test_the_taiwan_catalog_speaks_taiwan_usage_without_computing_jargon():
    po = polib.pofile(str(LOCALE / "zh_TW" / "LC_MESSAGES" / "django.po"))
    by_id = {e.msgid: e.msgstr for e in po}
    assert by_id["楼主"] == "樓主"
    assert by_id["登录"] == "登入" and by_id["退出"] == "登出"
    assert by_id["用户名"] == "使用者名稱"
    assert by_id["设置新密码"] == "設定新密碼"
    assert by_id["您没有权限这样做。"] == "您沒有權限這樣做。"
    assert by_id["分区置顶"] == "分區置頂"
    # Library strings are copied as their translators wrote them ("製表符(tabs)" included).
    ours = [e for e in po if "a library's string" not in e.comment]
    assert not [e.msgstr for e in ours if PINYIN_ARTEFACT.search(e.msgstr)]


def test_the_taiwan_catalog_holds_every_library_string():
    """No library has a zh_TW catalog and Django falls back to the default language's, which
    may be Simplified: ours must translate everything theirs (zh_Hant) does."""
    ours = polib.pofile(str(LOCALE / "zh_TW" / "LC_MESSAGES" / "django.po"))
    have = {(e.msgctxt, e.msgid) for e in ours.translated_entries()}
    theirs = {
        (e.msgctxt, e.msgid)
        for path in foreign_catalogs("zh_TW")
        for e in polib.pofile(str(path)).translated_entries()
    }
    assert theirs - have == set()


@pytest.mark.parametrize(
    ("catalog_language", "language"),
    [("zh_Hans", "zh-hans"), ("zh_Hant", "zh-hant"), ("zh_TW", "zh-tw")],
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


def test_in_taiwan_usage_the_login_form_speaks_taiwan_words(client, db):
    use_traditional_variant("taiwan")
    page = client.get("/zh-hant/accounts/login/").content.decode()
    assert "登入" in page and "使用者名稱" in page
    for other in ("登錄", "賬號", "用戶名", "郵箱"):
        assert other not in page
