from django.shortcuts import render
from django.utils.translation import gettext as _

from luntan.core.pagination import page_number, page_window
from luntan.permissions.policy import for_request

from .forms import SearchForm
from .highlight import highlight, snippet
from .querysets import result_page
from .services import plain_text
from .throttle import seconds_to_wait


def search(request):
    """搜索: the form, and when it holds a query, one page of what the reader may read."""
    perms = for_request(request)
    perms.check_visit()
    form = SearchForm(request.GET or None, perms=perms)
    context = {"form": form, "results": None}
    if form.is_bound and form.searching:
        wait = seconds_to_wait(request)
        if wait:
            context["refusal"] = _("搜索太频繁了，请 %(n)d 秒后再试。") % {"n": wait}
            response = render(request, "search/search.html", context, status=429)
            response["Retry-After"] = str(wait)
            return response
        search_request = form.search_request()
        results = result_page(search_request, perms, page_number(request))
        terms = search_request.query.terms if search_request.query else ()
        for entry in results.entries:
            entry.title_html = highlight(entry.thread.title, terms)
            entry.snippet_html = snippet(plain_text(entry.post.html), terms)
        query = {k: v for k, v in request.GET.items() if k != "page" and v}
        context.update(
            results=results,
            page=results.page,
            page_count=results.page_count,
            page_numbers=page_window(results.page, results.page_count),
            query=query,
        )
    return render(request, "search/search.html", context)
