import logging
import socket

import pytest
from django.test import override_settings

from luntan.demo.qq_standin import APP_ID, APP_KEY, StandInQQ

from .helpers import RecordsHandler


def qq_settings(base_url: str, *, app: bool = True, **extra) -> dict:
    qq = {"API_BASE_URL": base_url, "SCOPE": ["get_user_info"], **extra}
    if app:
        qq["APP"] = {"client_id": APP_ID, "secret": APP_KEY}
    return {"qq": qq}


@pytest.fixture
def standin():
    server = StandInQQ().start()
    yield server
    server.stop()


@pytest.fixture
def qq(db, standin):
    """QQ login configured in settings and pointed at the stand-in server."""
    with override_settings(SOCIALACCOUNT_PROVIDERS=qq_settings(standin.base_url)):
        yield standin


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def operator_log():
    """What luntan.social logged (the "luntan" logger doesn't propagate to pytest's caplog)."""
    handler = RecordsHandler()
    logger = logging.getLogger("luntan.social")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
