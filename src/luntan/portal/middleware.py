from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from .querysets import site_info_for


def reader_language(request) -> str | None:
    """The supported language the reader asked for: the 繁體/简体 cookie first, then the
    browser's Accept-Language; None when neither names one."""
    wanted = []
    if cookie := request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        wanted.append(cookie)
    header = request.headers.get("Accept-Language", "")
    wanted += [code for code, _quality in parse_accept_lang_header(header) if code != "*"]
    for code in wanted:
        try:
            # Strict: a bare "zh" says nothing about the script, so it is no preference;
            # zh-CN/zh-SG map to 简体 and zh-TW/zh-HK to 繁體 through Django's fallbacks.
            return translation.get_supported_language_variant(code, strict=True)
        except LookupError:
            continue
    return None


class SiteLanguageMiddleware:
    """Goes right after LocaleMiddleware, which falls back to settings.LANGUAGE_CODE: a reader
    without a preference gets the default language chosen in the site settings instead."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if reader_language(request) is None:
            language = site_info_for(request).settings.default_language
            if language != translation.get_language():
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
