"""Every number a visitor can put in a path or a query string is read here, and only here.

`str.isdigit()` accepts "²" (which `int()` then refuses) and `int()` accepts "٣", " 7" and
"1_000"; a number past 64 bits overflows SQLite and MariaDB parameters and every OFFSET. So a
number is ASCII digits and nothing else, within a range the database can hold; anything else is
a 404 (`query_number`, the `<id:…>` path converter) or "no number" (`parse_number`).
"""

import re

from django.http import Http404, HttpRequest

# Row ids and floors are signed 64-bit on every backend.
MAX_ID = 2**63 - 1
# Pages are multiplied by a page size into floors and OFFSETs; this keeps those within 64 bits.
MAX_PAGE = 2**31 - 1

_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_number(raw: str | None, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """`raw` as a whole number within [minimum, maximum], or None when it is not one."""
    if raw is None or not _ASCII_DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def query_number(
    request: HttpRequest,
    name: str,
    *,
    default: int | None = None,
    minimum: int = 1,
    maximum: int = MAX_ID,
) -> int | None:
    """The query parameter `name` as a number: `default` when absent or empty, a 404 when it is
    anything but ASCII digits within range."""
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    value = parse_number(raw, minimum=minimum, maximum=maximum)
    if value is None:
        raise Http404
    return value


class IdConverter:
    """`<id:name>` in URL patterns: a positive 64-bit number; anything larger is no match (404)
    rather than an overflow in the database driver."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = parse_number(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)
