"""IP属地 from an ip2region database the operator installs; the tests build a tiny one."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from luntan.accounts.tests.pages import text_of
from luntan.conftest import login, make_thread
from luntan.core.iplocation import ip_location, place_of_region
from luntan.threads.models import Post

from .xdb import build_xdb

SEGMENTS = [
    ("0.0.0.0", "0.255.255.255", "0|0|0|0|0"),
    ("1.0.0.0", "1.0.255.255", "中国|广东省|深圳市|电信"),
    ("1.1.0.0", "1.3.255.255", "中国|0|内蒙古自治区|通辽市|联通"),
    ("8.8.8.0", "8.8.8.255", "美国|0|0|0|Google"),
    ("10.0.0.0", "10.255.255.255", "0|0|0|内网IP|内网IP"),
]


@pytest.fixture
def ip2region_dir(tmp_path):
    with override_settings(LUNTAN_IP2REGION_DIR=str(tmp_path / "installed")):
        yield tmp_path


@pytest.fixture
def installed(ip2region_dir):
    source = build_xdb(ip2region_dir / "tiny.xdb", SEGMENTS)
    call_command("install_ip2region", str(source), stdout=StringIO())


@pytest.mark.parametrize(
    ("ip", "place"),
    [
        ("1.0.3.4", "广东"),
        ("1.2.200.1", "内蒙古"),  # a segment spanning several /16 blocks
        ("8.8.8.8", "美国"),
        ("10.1.2.3", ""),  # private
        ("9.9.9.9", ""),  # not in the database
        ("2001:db8::1", ""),  # no IPv6 database installed
        ("not-an-ip", ""),
        (None, ""),
    ],
)
def test_addresses_are_placed_by_the_installed_database(installed, ip, place):
    assert ip_location(ip) == place


def test_without_a_database_nothing_is_shown_and_nothing_breaks(ip2region_dir):
    assert ip_location("1.0.3.4") == ""


@pytest.mark.parametrize(
    ("region", "place"),
    [
        ("中国|广东省|深圳市|电信", "广东"),
        ("中国|0|北京|北京市|联通", "北京"),
        ("中国|0|广西壮族自治区|南宁市|电信", "广西"),
        ("中国|0|香港特别行政区|0|0", "香港"),
        ("中国|0|0|0|0", "中国"),
        ("日本|0|东京都|0|0", "日本"),
    ],
)
def test_regions_read_as_the_province_or_the_country(region, place):
    assert place_of_region(region) == place


def test_a_file_that_is_not_an_xdb_database_is_refused(ip2region_dir):
    bad = ip2region_dir / "bad.xdb"
    bad.write_bytes(b"\x09" * 300)
    with pytest.raises(CommandError):
        call_command("install_ip2region", str(bad))


@pytest.mark.django_db
def test_posts_and_member_pages_show_the_place_and_only_moderators_the_address(
    installed, board, alice, bob_client, mod
):
    thread = make_thread(board, alice)
    Post.objects.filter(thread=thread).update(author_ip="1.2.3.4")

    page = text_of(bob_client.get(thread.get_absolute_url()))
    assert "IP屬地: 內蒙古" in page and "1.2.3.4" not in page
    assert "內蒙古" in text_of(bob_client.get(reverse("member", args=[alice.pk])))

    moderator = login(Client(), mod)
    assert "1.2.3.4" in text_of(moderator.get(thread.get_absolute_url()))
