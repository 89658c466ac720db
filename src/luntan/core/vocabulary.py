"""One word for each thing, per script: what the site says for 登录, 账号, 邮箱, 回复 …

Our own strings are written in Simplified and converted to Traditional by OpenCC (mainland
usage: 登錄, 賬號, 郵箱). django-allauth's catalogs say the same things in other words (电子邮件,
账户; and in Traditional the Taiwan usage 登入, 帳號, 使用者名稱, 電子郵件), which put two words
for one thing on the same form. `scripts/make_messages.py` rewrites every allauth string and
every string of ours with these replacements into our catalogs (which take precedence), and a
test checks that no catalog entry a reader can meet still holds a replaced word.

Order matters: longer phrases first, so 电子邮件地址 becomes 邮箱, not 邮箱地址; and an e-mail
as a message (一封电子邮件) becomes 邮件 before the address sense takes the rest.

Traditional in Taiwan usage (zh_TW, the variant a site may choose: core/traditional.py) has its
own vocabulary, Taiwan's words, which are mostly what OpenCC's s2twp and the libraries' zh_Hant
catalogs already say: 登入, 登出, 帳號, 使用者名稱, 電子郵件, 連結, 重設, 軟體, 網路, 資訊.
"""

from pathlib import Path

import django
from django.apps import apps

from .chinese import TAIWAN_USAGE_REPAIRS


def library_catalog_language(catalog_language: str) -> str:
    """The libraries' catalog behind ours: they have no zh_TW, so ours copies their zh_Hant."""
    return "zh_Hant" if catalog_language == "zh_TW" else catalog_language


def foreign_catalogs(catalog_language: str) -> list[Path]:
    """The other catalogs whose strings reach readers of ours in forms, errors and allauth's
    pages, highest precedence first (installed apps in order, then Django's own)."""
    catalog_language = library_catalog_language(catalog_language)
    folders = [
        Path(config.path) / "locale"
        for config in apps.get_app_configs()
        if not config.name.startswith("luntan")
    ]
    folders.append(Path(django.__file__).parent / "conf" / "locale")
    files = [folder / catalog_language / "LC_MESSAGES" / "django.po" for folder in folders]
    return [path for path in files if path.exists()]


VOCABULARY: dict[str, tuple[tuple[str, str], ...]] = {
    "zh_Hans": (
        ("电子邮件地址", "邮箱"),
        ("封电子邮件", "封邮件"),
        ("此电子邮件是", "此邮件是"),
        ("重置电子邮件", "重置邮件"),
        ("重设电子邮件", "重置邮件"),
        ("验证的电子邮件", "验证的邮件"),
        ("电子邮箱地址", "邮箱"),
        ("邮件地址", "邮箱"),
        ("电子邮件", "邮箱"),
        ("电子邮箱", "邮箱"),
        ("Email地址", "邮箱"),
        ("E-mail地址", "邮箱"),
        ("Email", "邮箱"),
        ("E-mail", "邮箱"),
        ("登出", "退出"),
        ("注销", "退出"),
        ("帐户", "账号"),
        ("账户", "账号"),
        ("帐号", "账号"),
        ("重设", "重置"),
    ),
    "zh_Hant": (
        ("電子郵件地址", "郵箱"),
        ("封電子郵件", "封郵件"),
        ("此電子郵件是", "此郵件是"),
        ("重設電子郵件", "重置郵件"),
        ("重置電子郵件", "重置郵件"),
        ("電子信箱地址", "郵箱"),
        ("郵件地址", "郵箱"),
        ("電子郵件", "郵箱"),
        ("電子信箱", "郵箱"),
        ("Email地址", "郵箱"),
        ("E-mail地址", "郵箱"),
        ("Email", "郵箱"),
        ("E-mail", "郵箱"),
        ("登入", "登錄"),
        ("登出", "退出"),
        ("註銷", "退出"),
        ("使用者名稱", "用戶名"),
        ("使用者", "用戶"),
        ("帳戶", "賬號"),
        ("帳號", "賬號"),
        ("賬戶", "賬號"),
        ("回復", "回覆"),
        ("以下連結", "以下鏈接"),
        ("中的連結", "中的鏈接"),
        ("確認連結", "確認鏈接"),
        ("重設", "重置"),
    ),
    "zh_TW": (
        ("電子郵件地址", "電子郵件"),
        ("電子信箱地址", "電子郵件"),
        ("郵箱地址", "電子郵件"),
        ("郵件地址", "電子郵件"),
        ("電子信箱", "電子郵件"),
        ("郵箱", "電子郵件"),
        ("Email地址", "電子郵件"),
        ("E-mail地址", "電子郵件"),
        ("Email", "電子郵件"),
        ("E-mail", "電子郵件"),
        ("登錄", "登入"),
        ("註銷", "登出"),
        ("用戶名", "使用者名稱"),
        ("用戶", "使用者"),
        ("使用者組", "使用者群組"),
        ("帳戶", "帳號"),
        ("賬戶", "帳號"),
        ("賬號", "帳號"),
        ("綁定", "繫結"),
        ("回復", "回覆"),
        ("鏈接", "連結"),
        ("重置", "重設"),
        ("軟件", "軟體"),
        ("網絡", "網路"),
        # s2twp's computing terms, put back as in members' text; and, as our strings are known
        # to mean 审核, 发布, 声明, 项目 and 高级, these too (a member's 稽核 may be an audit).
        *TAIWAN_USAGE_REPAIRS,
        ("稽核", "審核"),
        ("釋出", "發布"),
        ("宣告", "聲明"),
        ("專案", "項目"),
        ("高階", "進階"),
    ),
}


def in_site_vocabulary(text: str, catalog_language: str) -> str:
    """`text` with every other word for a thing replaced by the site's word."""
    for other, ours in VOCABULARY.get(catalog_language, ()):
        text = text.replace(other, ours)
    return text


def foreign_words(text: str, catalog_language: str) -> list[str]:
    """The replaced words `text` still holds (none, once in the site's vocabulary)."""
    return [other for other, _ours in VOCABULARY.get(catalog_language, ()) if other in text]
