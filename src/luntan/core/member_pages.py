"""Members' pages, shared by everyone who holds the same permissions.

A logged-in reader of a thread sees what every other member of their group sees, except for a
few parts that are theirs alone: the header's name, credits and logout form, the CSRF token and
the double-submit token of the quick-reply form, and the 编辑/删除 links on their own posts. A page
rendered for a member carries *holes* in those places (`\\x00name\\x00` markers, which no rendered
text can contain: forms refuse NUL characters, and HTML parsing turns them into U+FFFD). The page
with its holes is cached under the reader's role (`ForumPermissions.role_key`, registered by the
permissions app through `register_role`, as core imports no app), the language and
the URL, with the same scope versions as the anonymous cache, so a reply, edit, deletion or
moderation replaces it at once; every answer, fresh or cached, has its holes filled for the reader
asking (`fill_holes`). A hit costs the session, the member's row and two cache round trips instead
of the thread's queries and templates.

Only views marked `@anonymous_page(..., members=True)` take part, and only for plain GETs with no
flash message waiting (messages are rendered into the page).
"""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from .page_cache import FORMAT, PagePolicy, current_page, url_digest

_HOLE = re.compile(r"\x00([a-z-]+)\x00")
# An author's own tools: kept for that author, dropped for everyone else.
_OWN = re.compile(r"\x00own:(\d+):(\d+)\x00(.*?)\x00/own\x00", re.DOTALL)
# Content some readers may see and others not ([hide]): decided for each reader on filling.
_IF = re.compile(r"\x00if:([a-z-]+):([0-9:]*)\x00(.*?)\x00else\x00(.*?)\x00/if\x00", re.DOTALL)


_RENDERED: dict[tuple, str] = {}
_RENDERED_MAX = 20_000
_CSRF_MARK = "\x00csrf\x00"


def render_once(template_name: str, key: tuple, context: dict) -> str:
    """`render_to_string(template_name, context)`, kept in this process under `key`, which
    with the language and the script prefix must determine the output. The header's parts
    are the same for a member from one page to the next: they are rendered once, not on every
    page (a template with a few {% url %} costs more than the rest of a cached page)."""
    full_key = (template_name, key, get_language(), get_script_prefix())
    html = _RENDERED.get(full_key)
    if html is None:
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        html = _RENDERED[full_key] = render_to_string(template_name, context)
    return html


def _member_nav(request: HttpRequest) -> str:
    user = request.user
    fields = tuple(getattr(user, field.attname) for field in user._meta.concrete_fields)
    nav = render_once("core/_member_nav.html", fields, {"user": user, "csrf_token": _CSRF_MARK})
    return nav.replace(_CSRF_MARK, get_token(request))


_FILLERS: dict[str, Callable[[HttpRequest], str]] = {
    "csrf": get_token,
    "member-nav": _member_nav,
}


def _no_roles(request: HttpRequest) -> str:
    raise RuntimeError("no app has registered who shares members' pages (register_role)")


# Who shares a page with whom: set by the permissions app, which core may not import.
_role_of: list[Callable[[HttpRequest], str]] = [_no_roles]


def register_role(role_of: Callable[[HttpRequest], str]) -> None:
    """`role_of(request)`: a key equal for readers who must be shown the same page."""
    _role_of[0] = role_of


_CONDITIONS: dict[str, Callable[[HttpRequest, str], bool]] = {}


# Cache keys some fillers read, fetched in the same round trip as the page itself.
_PREFETCHES: list[Callable[[HttpRequest], list[str]]] = []


def register_hole(
    name: str,
    filler: Callable[[HttpRequest], str],
    prefetch: Callable[[HttpRequest], list[str]] | None = None,
) -> None:
    """Another per-reader part (an app's form token, say), filled by `filler(request)`.
    `prefetch(request)` names cache keys the filler reads: a shared page's lookup reads them
    too, and the filler finds them with `prefetched(request, keys)`."""
    _FILLERS[name] = filler
    if prefetch is not None:
        _PREFETCHES.append(prefetch)


def prefetched(request: HttpRequest, keys: list[str]) -> dict:
    """Those of `keys` that this request's page lookup has already read from the cache."""
    found = getattr(request, "prefetched_for_holes", None) or {}
    return {key: found[key] for key in keys if key in found}


def register_condition(name: str, decide: Callable[[HttpRequest, str], bool]) -> None:
    """A per-reader choice for `only_if`: `decide(request, args)` says whether the reader sees
    the content (`args` is the digits-and-colons string given to `only_if`)."""
    _CONDITIONS[name] = decide


def rendering_with_holes(request: HttpRequest | None) -> bool:
    return bool(getattr(request, "viewer_holes", False))


def hole(request: HttpRequest | None, name: str) -> str:
    """The value of a per-reader part: its marker while a shared page is rendered, else the
    reader's own value."""
    if rendering_with_holes(request):
        return f"\x00{name}\x00"
    return _FILLERS[name](request)


def only_for_author(
    request: HttpRequest | None, author_id: int, content: str, until: datetime | None = None
) -> str:
    """`content` for the member `author_id` alone, and only before `until` if given (an edit
    window: a shared page outlives it, so the hole checks the time when it is filled)."""
    deadline = int(until.timestamp()) if until is not None else 0
    if rendering_with_holes(request):
        return f"\x00own:{author_id}:{deadline}\x00{content}\x00/own\x00"
    reader_id = getattr(getattr(request, "user", None), "pk", None)
    return content if _is_own(reader_id, author_id, deadline) else ""


def _is_own(reader_id: int | None, author_id: int, deadline: int) -> bool:
    return reader_id == author_id and (not deadline or time.time() < deadline)


def only_if(name: str, args: str, content: str, otherwise: str) -> str:
    """`content` for readers the condition `name` admits with `args`, else `otherwise`: a
    marker holding both, resolved for each reader by `resolve_conditions` (or `fill_holes` on
    a shared page), so that a cached page or fragment keeps the choice open."""
    return f"\x00if:{name}:{args}\x00{content}\x00else\x00{otherwise}\x00/if\x00"


def resolve_conditions(html: str, request: HttpRequest) -> str:
    if "\x00if:" not in html:
        return html
    return _IF.sub(lambda m: m[3] if _CONDITIONS[m[1]](request, m[2]) else m[4], html)


def fill_holes(html: str, request: HttpRequest) -> str:
    reader_id = request.user.pk
    html = resolve_conditions(html, request)
    html = _OWN.sub(
        lambda m: m.group(3) if _is_own(reader_id, int(m.group(1)), int(m.group(2))) else "",
        html,
    )
    # A page holds the CSRF token several times: each hole is filled once per answer.
    values: dict[str, str] = {}

    def value(name: str) -> str:
        if name not in values:
            values[name] = _FILLERS[name](request)
        return values[name]

    return _HOLE.sub(lambda m: value(m.group(1)), html)


@dataclass(frozen=True)
class SharedPage:
    html: str  # with its holes
    content_type: str
    versions: tuple[str, ...]


def _page_key(request: HttpRequest) -> str:
    role = _role_of[0](request)
    return f"page:{FORMAT}:member:{get_language()}:{role}:{url_digest(request)}"


class MemberPageCacheMiddleware:
    """Serves and stores members' shared pages. It sits inside every middleware that adds
    headers (they run on cached answers too) and outside the view."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        policy, kwargs = self._policy_for(request)
        if policy is None:
            return self.get_response(request)
        page_key = _page_key(request)
        also = [key for keys_of in _PREFETCHES for key in keys_of(request)]
        page, versions, request.prefetched_for_holes = current_page(
            page_key, policy.all_scopes(kwargs), also
        )
        if page is not None:
            if policy.on_hit is not None:
                policy.on_hit(**kwargs)
            response = HttpResponse(fill_holes(page.html, request), content_type=page.content_type)
        else:
            request.viewer_holes = True
            response = self.get_response(request)
            if self._storable(response) and None not in versions:
                page = SharedPage(response.content.decode(), response["Content-Type"], versions)
                cache.set(page_key, page, settings.LUNTAN_PAGE_CACHE_SECONDS)
            if self._html(response):
                response.content = fill_holes(response.content.decode(), request)
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def _policy_for(request: HttpRequest) -> tuple[PagePolicy | None, dict]:
        if (
            settings.LUNTAN_PAGE_CACHE_SECONDS <= 0
            or request.method != "GET"
            or not request.user.is_authenticated
        ):
            return None, {}
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None, {}
        policy: PagePolicy | None = getattr(match.func, "page_policy", None)
        if policy is None or not policy.members or not policy.serves(request):
            return None, {}
        if len(get_messages(request)):  # a message waiting is shown on this very page
            return None, {}
        return policy, match.kwargs

    @staticmethod
    def _html(response: HttpResponse) -> bool:
        return not response.streaming and response.get("Content-Type", "").startswith("text/html")

    def _storable(self, response: HttpResponse) -> bool:
        return response.status_code == 200 and not response.cookies and self._html(response)
