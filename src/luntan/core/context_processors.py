from django.http import HttpRequest

from .member_pages import hole, rendering_with_holes


def reader_holes(request: HttpRequest) -> dict:
    """On a page shared among members the CSRF token is a hole, filled for each reader."""
    return {"csrf_token": hole(request, "csrf")} if rendering_with_holes(request) else {}
