from django.http import Http404


def page_number(request, name: str = "page") -> int:
    """The requested page number; anything that is not a positive whole number is a 404."""
    raw = request.GET.get(name, "1")
    try:
        page = int(raw)
    except ValueError:
        raise Http404 from None
    if page < 1:
        raise Http404
    return page


def page_window(page: int, page_count: int, width: int = 4) -> list[int]:
    return list(range(max(1, page - width), min(page_count, page + width) + 1))
