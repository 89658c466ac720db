"""Anonymous pages (index, boards, threads) served from the shared cache.

Most readers of a local portal are not logged in, and they all see the same page. A view marked
with `@anonymous_page(...)` names the *scopes* its page depends on (`thread:12`, `board:3`,
`index`, plus `site` for every page); each scope has a version token in the cache. A cached page
remembers the tokens it was rendered under and is served only while they are all unchanged, so a
write invalidates every page of a thread or board by replacing one small key (`forget`), and a
page rendered while a write was committing is never served: it carries the tokens read *before*
rendering.

`AnonymousPageCacheMiddleware` sits right after the locale middlewares (so the reader's language
is settled and goes into the key) and before CSRF, authentication, messages and the view: a hit
costs one cache round trip plus the view's `on_hit` (counting the thread view), with no session,
user, template or database work. It only ever serves or stores requests that carry no session or
messages cookie, and it refuses to store a response that sets a cookie or contains a CSRF token,
so a member's page can never reach the anonymous cache.

Anonymous responses also carry `Cache-Control: public, max-age=…`, `ETag` and `Last-Modified`, and
conditional requests get a 304, so nginx or a CDN can hold them briefly. When the cache is down
every call degrades to a miss (see `redis_cache.py`) and pages are rendered as usual.
"""

import gzip
import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from .redis_cache import RETRY_SECONDS

logger = logging.getLogger(__name__)

SITE = "site"
INDEX = "index"
# Part of every key: bump it when CachedPage changes shape, and old entries are simply missed.
FORMAT = "v2"
# Models whose rows show on every page (board names, the footer, user groups): saving one, in the
# admin for example, forgets all cached pages. Thread and post writes forget their own scopes.
_SITE_WIDE_APPS = {"boards", "portal"}
# A social app added or removed shows or hides the QQ button in every guest header.
_SITE_WIDE_MODELS = {("accounts", "usergroup"), ("socialaccount", "socialapp")}
# Response headers a cached copy keeps; the rest (Date, cookies…) belong to one response.
_KEPT_HEADERS = {
    "content-type",
    "content-language",
    "vary",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
}


def thread_scope(thread_id: int) -> str:
    return f"thread:{thread_id}"


def board_scope(board_id: int) -> str:
    return f"board:{board_id}"


@dataclass(frozen=True)
class PagePolicy:
    """How one view's page is cached; see `anonymous_page`."""

    scopes: Callable[..., list[str]]
    params: frozenset[str]
    on_hit: Callable[..., object] | None
    bypass: Callable[[HttpRequest], bool] | None
    members: bool = False

    def all_scopes(self, url_kwargs: dict) -> list[str]:
        return [SITE, *self.scopes(**url_kwargs)]

    def serves(self, request: HttpRequest) -> bool:
        """Whether this request's page may come from (and go to) the cache."""
        return set(request.GET).issubset(self.params) and not (
            self.bypass is not None and self.bypass(request)
        )


def anonymous_page(
    *,
    scopes: Callable[..., list[str]],
    params: Iterable[str] = (),
    on_hit: Callable[..., object] | None = None,
    bypass: Callable[[HttpRequest], bool] | None = None,
    members: bool = False,
):
    """Mark a view whose anonymous page may be cached.

    `scopes(**url_kwargs)` names what the page shows; `params` are the query parameters that
    select a variant (a request with any other parameter is rendered, not cached);
    `on_hit(**url_kwargs)` runs when the cached copy or a 304 answers instead of the view (it is
    how a thread view is still counted); `bypass(request)` may refuse caching for one request.
    With `members`, logged-in readers' pages are cached too, shared by role (`member_pages.py`).
    """

    def decorate(view):
        view.page_policy = PagePolicy(scopes, frozenset(params), on_hit, bypass, members)
        return view

    return decorate


# --- invalidation ------------------------------------------------------------------------------


def _version_key(scope: str) -> str:
    return f"page:{FORMAT}:version:{scope}"


# Scopes whose new version did not reach the cache (Redis hung, down, or its breaker open):
# this process sends them again every RETRY_SECONDS until the cache takes them, so a page
# outlives a write by at most the outage plus RETRY_SECONDS — not the page's whole lifetime.
_unsent: set[str] = set()
_unsent_lock = threading.Lock()
_resend_timer: threading.Timer | None = None


def forget(*scopes: str) -> None:
    """Every cached page depending on one of `scopes` is stale from now on."""
    if scopes:
        _send_versions(set(scopes))


def _send_versions(scopes: set[str]) -> None:
    with _unsent_lock:
        scopes |= _unsent
        _unsent.clear()
    if not scopes:
        return
    # Versions never expire on their own: an evicted version only causes a miss.
    cache.set_many({_version_key(s): secrets.token_hex(8) for s in scopes}, None)
    if getattr(cache, "available", True):
        return
    # The resilient cache swallowed the failure (or skipped the call, breaker open).
    logger.warning("page cache: invalidation of %d scopes deferred, cache unreachable", len(scopes))
    with _unsent_lock:
        _unsent.update(scopes)
    _schedule_resend()


def _schedule_resend() -> None:
    global _resend_timer
    with _unsent_lock:
        if _resend_timer is None:
            _resend_timer = threading.Timer(RETRY_SECONDS + 0.1, _resend)
            _resend_timer.daemon = True
            _resend_timer.start()


def _resend() -> None:
    global _resend_timer
    with _unsent_lock:
        _resend_timer = None
    _send_versions(set())


def forget_on_commit(*scopes: str) -> None:
    """`forget` once the surrounding transaction commits (at once outside a transaction), so a
    reader never re-caches the page from before the write."""
    transaction.on_commit(lambda: forget(*scopes))


def forget_thread_on_commit(thread_id: int, board_id: int) -> None:
    """A thread changed: its pages, its board's list and the index (counts, last post)."""
    forget_on_commit(thread_scope(thread_id), board_scope(board_id), INDEX)


@receiver(post_save, dispatch_uid="page_cache_site_save")
@receiver(post_delete, dispatch_uid="page_cache_site_delete")
def _forget_site_on_settings_change(sender, **kwargs) -> None:
    meta = sender._meta
    if meta.app_label in _SITE_WIDE_APPS or (meta.app_label, meta.model_name) in _SITE_WIDE_MODELS:
        forget_on_commit(SITE)


# --- the cached copy ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    """A rendered page, kept gzipped: a thread page shrinks about fourfold, which Redis, the
    network and nginx all feel, and browsers take it as it is."""

    gzipped: bytes
    headers: tuple[tuple[str, str], ...]
    versions: tuple[str, ...]
    etag: str
    modified: float

    def response(self, request: HttpRequest) -> HttpResponse:
        if _accepts_gzip(request):
            response = HttpResponse(self.gzipped)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(self.gzipped))
        for name, value in self.headers:
            response[name] = value
        # Set here because the cached copy skips CommonMiddleware, which would set it.
        response["Content-Length"] = str(len(response.content))
        return response


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


def _is_anonymous_request(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "authorization" not in request.headers
    )


def url_digest(request: HttpRequest) -> str:
    """What names a page's address in a cache key: scheme and host are part of the page (the
    複製鏈接 address), then path and query."""
    return hashlib.blake2b(
        f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode(),
        digest_size=16,
    ).hexdigest()


def _page_key(request: HttpRequest) -> str:
    # The language is the one the locale middlewares activated.
    return f"page:{FORMAT}:{get_language()}:{url_digest(request)}"


def _etag_of(body: bytes) -> str:
    # Weak: the same page goes out gzipped or not.
    return f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return b"csrfmiddlewaretoken" not in response.content


def _add_public_headers(response: HttpResponse, etag: str, modified: float) -> None:
    patch_cache_control(response, public=True, max_age=settings.LUNTAN_PAGE_MAX_AGE)
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_anonymous_request(request):
            return self._private(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        policy: PagePolicy | None = getattr(match.func, "page_policy", None)
        if policy is None or not policy.serves(request):
            return self.get_response(request)
        return self._serve(request, policy, match.kwargs, policy.all_scopes(match.kwargs))

    def _private(self, request: HttpRequest) -> HttpResponse:
        """A reader with a session: never cached, and nobody downstream may keep the page."""
        response = self.get_response(request)
        if getattr(request, "resolver_match", None) and hasattr(
            request.resolver_match.func, "page_policy"
        ):
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
        return response

    def _serve(self, request, policy: PagePolicy, kwargs: dict, scopes: list[str]) -> HttpResponse:
        ttl = settings.LUNTAN_PAGE_CACHE_SECONDS
        page_key = _page_key(request)
        versions: tuple[str | None, ...] = ()
        if ttl > 0:
            page, versions, _ = current_page(page_key, scopes)
            if page is not None:
                if policy.on_hit is not None:
                    policy.on_hit(**kwargs)
                response = page.response(request)
                _add_public_headers(response, page.etag, page.modified)
                return get_conditional_response(
                    request, etag=page.etag, last_modified=int(page.modified), response=response
                )

        response = self.get_response(request)
        if not _storable(request, response):
            return response
        etag, modified = _etag_of(response.content), time.time()
        if ttl > 0 and None not in versions:
            page = CachedPage(
                gzipped=gzip.compress(response.content, compresslevel=6, mtime=0),
                headers=tuple((k, v) for k, v in response.items() if k.lower() in _KEPT_HEADERS),
                versions=versions,  # type: ignore[arg-type]  # no None, checked above
                etag=etag,
                modified=modified,
            )
            cache.set(page_key, page, ttl)
        _add_public_headers(response, etag, modified)
        # The view has run (and counted itself); a client holding the same copy gets a 304.
        return get_conditional_response(
            request, etag=etag, last_modified=int(modified), response=response
        )


def current_page(page_key: str, scopes: list[str], also: Sequence[str] = ()) -> tuple:
    """The copy stored under `page_key` (CachedPage or another with `versions`) if it was
    rendered under the scopes' present versions, else None; those versions, which a copy
    rendered now is stored with; and what was found of the keys `also`, read in the same cache
    round trip (one when all is warm)."""
    keys = [_version_key(s) for s in scopes]
    found = cache.get_many([page_key, *keys, *also])
    versions = _current_versions(keys, found)
    page = found.get(page_key)
    current = page if page is not None and page.versions == versions else None
    return current, versions, {key: found[key] for key in also if key in found}


def _current_versions(keys: list[str], found: dict) -> tuple[str | None, ...]:
    """The scopes' version tokens among `found` (a `get_many` answer). Scopes that have no
    version yet get one; another process may win that race, so those are read back. With the
    cache down they stay None, and a page rendered then must not be stored."""
    versions = tuple(found.get(k) for k in keys)
    if None not in versions:
        return versions
    for key, version in zip(keys, versions, strict=True):
        if version is None:
            cache.add(key, secrets.token_hex(8), None)
    found = cache.get_many(keys)
    return tuple(found.get(k) for k in keys)
