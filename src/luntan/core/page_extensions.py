"""What apps above a page's own app add to it, registered in their `ready()`.

The thread and board pages belong to `threads` and `boards`, low in the layers; the 管理 menu on
them belongs to `moderation`, above both, as does knowing where a merged thread went. Those pages
ask here instead of importing it.
"""

from collections.abc import Callable

# page name ("thread", "board") → providers of (perms, board) → extra template context
_context: dict[str, list[Callable[..., dict]]] = {}
# (thread_id, floor or None) → the address a thread that is gone now lives at, or None
_relocators: list[Callable[[int, int | None], str | None]] = []


def register_page_context(page: str, provider: Callable[..., dict]) -> None:
    providers = _context.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def page_context(page: str, **arguments) -> dict:
    context: dict = {}
    for provider in _context.get(page, ()):
        context.update(provider(**arguments))
    return context


def register_relocator(relocator: Callable[[int, int | None], str | None]) -> None:
    if relocator not in _relocators:
        _relocators.append(relocator)


def relocated(thread_id: int, floor: int | None = None) -> str | None:
    """Where a thread that no longer answers at its address went (合并), if anywhere."""
    for relocator in _relocators:
        if (url := relocator(thread_id, floor)) is not None:
            return url
    return None
