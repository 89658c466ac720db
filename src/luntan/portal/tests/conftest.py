import importlib

import pytest
from django.apps import apps

from luntan.boards.models import Board, BoardGroup
from luntan.permissions.policy import ForumPermissions
from luntan.portal.models import SitePage, SiteSettings

default_site_migration = importlib.import_module("luntan.portal.migrations.0002_default_site")


@pytest.fixture
def demo_site(db) -> SiteSettings:
    """The settings row and five pages exactly as the data migration creates them (created
    again here: a transactional test elsewhere in the run may have flushed them)."""
    SitePage.objects.all().delete()
    SiteSettings.objects.all().delete()
    default_site_migration.create_defaults(apps, None)
    return SiteSettings.objects.get()


@pytest.fixture
def hidden_board(db, monkeypatch) -> Board:
    """A board anonymous readers may not see. Hidden boards arrive with another change, so
    the permission check is made to say no for this one board."""
    group = BoardGroup.objects.create(name="站務", position=9)
    hidden = Board.objects.create(group=group, name="版主密室")
    can_view = ForumPermissions.can_view_board
    monkeypatch.setattr(
        ForumPermissions,
        "can_view_board",
        lambda perms, board: board.pk != hidden.pk and can_view(perms, board),
    )
    return hidden
