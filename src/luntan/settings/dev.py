"""`make run`: SQLite, in-process cache, mail to the console.

DEBUG stays off unless asked for (DEBUG=1), so the demo shows the site's own Chinese error pages;
`make run` serves static files with `runserver --insecure`, and uploaded avatars itself.
"""

from .base import *  # noqa: F403

LUNTAN_SERVE_MEDIA = True
