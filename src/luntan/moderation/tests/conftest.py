"""The moderation cast: `mod` holds 本地動態 (`board`), `mod2` holds 二手交易 (`market`, same
group), `supermod` is a 超级版主; alice starts threads, bob replies. Credit rules are the seeded
Discuz! defaults (发表主题 +2 金钱, 发表回复 +1, 加精华 +5)."""

import pytest
from django.test import Client

from luntan.accounts.models import User, UserGroup
from luntan.boards.models import Board, ThreadType
from luntan.conftest import login, make_user
from luntan.permissions.tests.defaults import restore_defaults


@pytest.fixture(autouse=True)
def _seeded(db):
    restore_defaults()


@pytest.fixture
def market(db, board) -> Board:
    market = Board.objects.create(group=board.group, name="二手交易")
    ThreadType.objects.create(board=market, name="本地動態", position=1)
    ThreadType.objects.create(board=market, name="出售", position=2)
    return market


@pytest.fixture
def mod2(db, market) -> User:
    user = make_user("mod2")
    market.moderators.add(user)
    return user


@pytest.fixture
def supermod(db) -> User:
    return make_user("supermod", group=UserGroup.objects.get(name="超级版主"))


@pytest.fixture
def mod_client(mod) -> Client:
    return login(Client(), mod)


@pytest.fixture
def mod2_client(mod2) -> Client:
    return login(Client(), mod2)
