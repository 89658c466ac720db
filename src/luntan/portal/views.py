from django.conf import settings
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse

from luntan.boards.querysets import board_thread_page
from luntan.boards.views import get_visible_board
from luntan.core.pagination import page_number
from luntan.core.script_urls import alternates_of
from luntan.permissions.policy import for_request
from luntan.threads.pages import build_thread_page
from luntan.threads.views import get_visible_thread

from .models import SitePage
from .querysets import attach_latest_threads, board_tree
from .sitemaps import SECTIONS

# Newest threads listed under each board on the HTML site map.
SITE_MAP_THREADS_PER_BOARD = 10


def site_page(request, slug: str):
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "portal/site_page.html", {"site_page": page})


def site_map(request):
    """网站地图 for people: board groups → boards → their newest threads."""
    perms = for_request(request)
    groups = board_tree(perms)
    attach_latest_threads(groups, perms, SITE_MAP_THREADS_PER_BOARD)
    return render(
        request,
        "portal/site_map.html",
        {"groups": groups, "site_pages": SitePage.objects.all()},
    )


def set_homepage(request):
    """设为首页: browsers no longer let a page do it, so say how to do it by hand."""
    return render(request, "portal/set_homepage.html")


def robots_txt(request):
    return render(request, "portal/robots.txt", content_type="text/plain; charset=utf-8")


# Sitemaps are built here rather than by django.contrib.sitemaps' views because those take the
# domain from the Site row (example.com until someone edits it); these use the host being served.


@x_robots_tag
def sitemap_index(request):
    entries = []
    for section, sitemap_class in SECTIONS.items():
        sitemap = sitemap_class()
        url = request.build_absolute_uri(reverse("sitemap-section", args=[section]))
        lastmod = sitemap.get_latest_lastmod()
        for number in sitemap.paginator.page_range:
            location = url if number == 1 else f"{url}?p={number}"
            entries.append({"location": location, "last_mod": lastmod})
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@x_robots_tag
def sitemap_section(request, section: str):
    sitemap_class = SECTIONS.get(section)
    if sitemap_class is None:
        raise Http404
    try:
        urls = sitemap_class().get_urls(
            page=page_number(request, "p"), site=RequestSite(request), protocol=request.scheme
        )
    except EmptyPage:
        raise Http404 from None
    for url in urls:
        url["alternates"] = [
            {"lang_code": hreflang, "location": address}
            for hreflang, address in alternates_of(url["location"]).items()
        ]
    return TemplateResponse(
        request, "sitemap.xml", {"urlset": urls}, content_type="application/xml"
    )


def _page_url(url: str, page: int) -> str:
    return f"{url}?page={page}" if page > 1 else url


def archiver_index(request):
    groups = board_tree(for_request(request))
    return render(
        request, "portal/archiver_index.html", {"groups": groups, "full_url": reverse("index")}
    )


def archiver_board(request, board_id: int):
    board = get_visible_board(request, board_id)
    listing = board_thread_page(
        board,
        for_request(request),
        page=page_number(request),
        per_page=settings.LUNTAN_THREADS_PER_PAGE,
    )
    return render(
        request,
        "portal/archiver_board.html",
        {
            "board": board,
            "listing": listing,
            "full_url": _page_url(board.get_absolute_url(), listing.page),
        },
    )


def archiver_thread(request, thread_id: int):
    thread = get_visible_thread(request, thread_id)
    page = build_thread_page(
        thread,
        perms=for_request(request),
        page=page_number(request),
        per_page=settings.LUNTAN_POSTS_PER_PAGE,
    )
    return render(
        request,
        "portal/archiver_thread.html",
        {
            "thread": thread,
            "board": thread.board,
            "page": page,
            "full_url": _page_url(thread.get_absolute_url(), page.page),
        },
    )
