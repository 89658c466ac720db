import importlib

import pytest
from django.apps import apps

from luntan.boards.models import Board, BoardGroup
from luntan.permissions.tests.defaults import hide_from_all_but_staff, restore_defaults
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
def hidden_board(db) -> Board:
    """A board anonymous readers (and every group but staff) may not see, hidden as the
    administrator hides one: 浏览版块 taken away in its board grants."""
    restore_defaults()
    group = BoardGroup.objects.create(name="站務", position=9)
    hidden = Board.objects.create(group=group, name="版主密室")
    hide_from_all_but_staff(hidden)
    return hidden
