from django.http import HttpRequest

from .params import MAX_PAGE, query_number


def page_number(request: HttpRequest, name: str = "page") -> int:
    """The requested page number; anything that is not a positive whole number is a 404."""
    return query_number(request, name, default=1, maximum=MAX_PAGE)


def page_window(page: int, page_count: int, width: int = 4) -> list[int]:
    return list(range(max(1, page - width), min(page_count, page + width) + 1))
