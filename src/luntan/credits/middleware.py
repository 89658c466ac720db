"""每天登录: Discuz! rewards the first visit of each day, not only a typed-in login, since most
members stay logged in for weeks."""

from django.core.cache import cache
from django.utils import timezone

from .services import reward_daily_visit

# A day's key outlives the day so the check stays one cache read; the rule's own cycle is what
# really keeps the reward to once a day (a lost key only costs one more lookup).
_KEY_SECONDS = 26 * 3600


class DailyVisitMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        # Today's keys this process has already put to the cache: a member's later pages ask
        # nothing. Forgotten when the day changes.
        self._known_day = None
        self._known: set[int] = set()

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            today = timezone.localdate()
            if today != self._known_day:
                self._known_day, self._known = today, set()
            if user.pk not in self._known:
                key = f"credits:daily-visit:{today:%Y%m%d}:{user.pk}"
                if cache.add(key, 1, _KEY_SECONDS) and reward_daily_visit(user):
                    user.refresh_from_db(fields=["credits"])  # so this very page shows it
                self._known.add(user.pk)
        return self.get_response(request)
