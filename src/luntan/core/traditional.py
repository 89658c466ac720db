"""The site's Traditional variant: standard characters or Taiwan usage.

Traditional pages come in one of two variants, chosen by the operator (站点设置, in portal):
- **standard** (the default): OpenCC `s2tw`, characters converted and words kept (軟件, 網絡,
  登錄, 賬號), the language `zh-hant` and its catalog `locale/zh_Hant`;
- **Taiwan usage**: OpenCC `s2twp`, words too (軟體, 網路, 資訊, 登入, 帳號), the internal language
  `zh-tw` and its own catalog `locale/zh_TW`.

Addresses (/zh-hant/…), the 繁體/简体 cookie and hreflang (zh-Hant) say zh-hant for both: readers
choose a script, the site chooses its variant. `TraditionalVariantMiddleware` activates `zh-tw`
in place of `zh-hant` after every other middleware that picks a language, so the interface,
members' text (`chinese.to_reader_script` keys its conversion on the active language) and the
page caches (keyed by the active language) all follow the setting.
"""

from collections.abc import Callable

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

STANDARD_LANGUAGE = "zh-hant"
TAIWAN_LANGUAGE = "zh-tw"


class TraditionalVariant(models.TextChoices):
    STANDARD = "standard", _("繁体·标准用字")
    TAIWAN = "taiwan", _("繁体·台湾用语")


_LANGUAGE_OF_VARIANT = {
    TraditionalVariant.STANDARD: STANDARD_LANGUAGE,
    TraditionalVariant.TAIWAN: TAIWAN_LANGUAGE,
}

# Core imports no app: the app keeping the site settings registers how to read the choice.
_site_variant: Callable[[], str] | None = None


def register_site_variant(variant_of_site: Callable[[], str]) -> None:
    global _site_variant
    _site_variant = variant_of_site


def in_site_variant(language: str) -> str:
    """The language to activate for `language`: Traditional in the site's variant, others as
    they are."""
    if language != STANDARD_LANGUAGE or _site_variant is None:
        return language
    return _LANGUAGE_OF_VARIANT.get(_site_variant(), STANDARD_LANGUAGE)


class TraditionalVariantMiddleware:
    """After the middlewares that settle the reader's script (locale, site default, script
    prefix) and before the page caches, which key pages by the active language."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language()
        variant = in_site_variant(language)
        if variant != language:
            translation.activate(variant)
            request.LANGUAGE_CODE = variant
        return self.get_response(request)
