"""Each script has its own address: /zh-hant/… and /zh-hans/… beside the plain address.

The plain address (/thread/12/) shows the reader's chosen script (the 繁體/简体 cookie, else the
browser's language, else the site's default), which is what people share. Search engines need
one address per script to index both: /zh-hans/thread/12/ is always Simplified and
/zh-hant/thread/12/ always Traditional, whatever the cookie, and every page names all three
with hreflang alternates (the plain one as x-default).

The prefix is taken off before URL resolution and set as the script prefix for the request, so
every link the page renders through `reverse` ({% url %}, get_absolute_url) stays in the script:
no URL pattern knows about it, and the page caches keep the two apart by path.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation

# BCP 47 tags for hreflang, by the language code that is also the URL segment.
HREFLANG = {"zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}


def script_of_path(path_info: str) -> tuple[str | None, str]:
    """The script a path names in its first segment, and the path without it."""
    segment, slash, rest = path_info.lstrip("/").partition("/")
    if segment in HREFLANG and (slash or not rest):
        return segment, "/" + rest
    return None, path_info


class ScriptPrefixMiddleware:
    """After the locale middlewares: a script prefix overrides the reader's preference."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        language, rest = script_of_path(request.path_info)
        request.plain_path = rest
        if language is None:
            return self.get_response(request)
        if not request.path_info.startswith(f"/{language}/"):
            return HttpResponsePermanentRedirect(f"{request.path}/")
        root = get_script_prefix()
        request.path_info = rest
        request.script_language = language
        translation.activate(language)
        request.LANGUAGE_CODE = language
        set_script_prefix(f"{root}{language}/")
        try:
            return self.get_response(request)
        finally:
            set_script_prefix(root)


def script_alternates(request: HttpRequest) -> dict[str, str]:
    """The page's address in each script and the plain one (x-default), absolute, query kept."""
    query = request.META.get("QUERY_STRING", "")
    tail = getattr(request, "plain_path", request.path_info) + (f"?{query}" if query else "")
    root = request.META.get("SCRIPT_NAME", "").rstrip("/")
    return alternates_of(request.build_absolute_uri(f"{root}{tail}"))


def alternates_of(plain_url: str) -> dict[str, str]:
    """hreflang → address, for an absolute plain address on this site."""
    parts = urlsplit(plain_url)
    alternates = {
        HREFLANG[code]: urlunsplit(parts._replace(path=f"/{code}{parts.path}"))
        for code, _name in settings.LANGUAGES
    }
    alternates["x-default"] = plain_url
    return alternates


def switch_target(request: HttpRequest, language: str) -> str:
    """Where the 繁體/简体 link leads: the same page, in the other script's address when the
    page has one (the cookie alone could not beat the prefix)."""
    if getattr(request, "script_language", None) is None:
        return request.get_full_path()
    query = request.META.get("QUERY_STRING", "")
    return f"/{language}{request.plain_path}" + (f"?{query}" if query else "")
