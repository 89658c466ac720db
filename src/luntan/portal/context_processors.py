from django.http import HttpRequest

from luntan.core.chinese import to_reader_script
from luntan.core.params import MAX_PAGE, parse_number
from luntan.core.script_urls import script_alternates, switch_target

from .querysets import site_info_for


def canonical_url(request: HttpRequest) -> str:
    """This page's address without filters or tracking parameters: absolute, with ?page=N
    only past the first page."""
    url = request.build_absolute_uri(request.path)
    page = parse_number(request.GET.get("page"), minimum=2, maximum=MAX_PAGE)
    if page is not None:
        url += f"?page={page}"
    return url


def site(request: HttpRequest) -> dict:
    """What every page shows about the site: the name (in the reader's script), the settings
    the footer reads, the footer's page links and the page's canonical URL."""
    info = site_info_for(request)
    name = to_reader_script(info.settings.site_name)
    return {
        "site_name": name,
        "site_description": to_reader_script(info.settings.description) or name,
        "site_settings": info.settings,
        "footer_pages": info.footer_pages,
        "site_fingerprint": info.fingerprint,
        "canonical_url": canonical_url(request),
        "script_alternates": script_alternates(request),
        "to_traditional": switch_target(request, "zh-hant"),
        "to_simplified": switch_target(request, "zh-hans"),
    }
