"""luntan's URLs plus /bench/hello/: the cheapest Django response through the same middleware,
the reference every other row of the benchmark is compared with."""

from django.http import HttpResponse
from django.urls import path

from luntan.urls import handler403, handler404, handler500
from luntan.urls import urlpatterns as luntan_urlpatterns


def hello(request) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *luntan_urlpatterns]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
