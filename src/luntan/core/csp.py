"""The Content-Security-Policy header on every answer luntan gives.

No page carries inline script or style: scripts and stylesheets are static files, post markup
uses classes and data attributes (core/markup.py), and luntan.js applies what must be computed.
So the policy needs neither 'unsafe-inline' nor nonces, and cached pages stay byte-identical
for every reader. Images may come from any http(s) host: posts and avatars link to them.
[media] players may be framed from the operator's video hosts (LUNTAN_MEDIA_HOSTS) only.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.policy = settings.LUNTAN_CONTENT_SECURITY_POLICY
        hosts = settings.LUNTAN_MEDIA_HOSTS
        if self.policy and hosts and "frame-src" not in self.policy:
            self.policy += "; frame-src " + " ".join(f"https://{host}" for host in hosts)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault(HEADER, self.policy)
        return response
