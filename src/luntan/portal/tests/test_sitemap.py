import math
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.utils.timezone import localtime

from luntan.boards.models import Board
from luntan.conftest import make_thread
from luntan.threads.models import Thread

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def parse_xml(response) -> ET.Element:
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def sitemap_files(client) -> list[str]:
    index = parse_xml(client.get("/sitemap.xml"))
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    entries = index.findall("sm:sitemap", NS)
    assert all(e.find("sm:lastmod", NS) is not None for e in entries)
    return [e.find("sm:loc", NS).text for e in entries]


def urls_in(client, file_url: str) -> list[ET.Element]:
    parts = urlsplit(file_url)
    assert parts.scheme == "http" and parts.netloc == "testserver"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    urlset = parse_xml(client.get(path))
    assert urlset.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return urlset.findall("sm:url", NS)


@pytest.fixture
def forum(demo_site, board, alice, bob):
    second = Board.objects.create(group=board.group, name="二手交易", position=2)
    for n in range(4):
        make_thread(board, alice, title=f"本地新聞 {n}")
    for n in range(3):
        make_thread(second, bob, title=f"出售 {n}", replies=1)
    return [board, second]


def test_sitemap_is_split_into_files_and_lists_every_board_thread_and_page(client, forum, settings):
    settings.LUNTAN_SITEMAP_PAGE_SIZE = 3
    files = sitemap_files(client)
    pages = 5 + 2  # the five site pages, the home page and the HTML site map
    assert len(files) == 1 + math.ceil(7 / 3) + math.ceil(pages / 3)
    assert "http://testserver/sitemap-threads.xml?p=3" in files
    urls = [url for f in files for url in urls_in(client, f)]
    assert all(len(urls_in(client, f)) <= 3 for f in files)
    locations = [u.find("sm:loc", NS).text for u in urls]
    assert len(locations) == len(set(locations)) == 2 + 7 + pages
    for thread in Thread.objects.all():
        assert f"http://testserver{thread.get_absolute_url()}" in locations
    for board in forum:
        assert f"http://testserver{board.get_absolute_url()}" in locations
    assert "http://testserver/page/disclaimer/" in locations
    assert "http://testserver/" in locations


def test_every_thread_entry_carries_its_last_reply_date(client, forum):
    (threads_file,) = [f for f in sitemap_files(client) if "threads" in f]
    entries = urls_in(client, threads_file)
    assert len(entries) == 7
    by_location = {e.find("sm:loc", NS).text: e.find("sm:lastmod", NS).text for e in entries}
    for thread in Thread.objects.all():
        expected = localtime(thread.last_post_at).strftime("%Y-%m-%d")
        assert by_location[f"http://testserver{thread.get_absolute_url()}"][:10] == expected


def test_threads_of_a_hidden_board_stay_out_of_the_sitemap(client, forum, hidden_board, alice):
    secret = make_thread(hidden_board, alice, title="密室主題")
    locations = [
        u.find("sm:loc", NS).text for f in sitemap_files(client) for u in urls_in(client, f)
    ]
    assert f"http://testserver{secret.get_absolute_url()}" not in locations
    assert f"http://testserver{hidden_board.get_absolute_url()}" not in locations
    assert len([loc for loc in locations if "/thread/" in loc]) == 7


def test_deleted_threads_stay_out_of_the_sitemap(client, forum):
    gone = Thread.objects.first()
    Thread.objects.filter(pk=gone.pk).update(is_deleted=True)
    body = client.get("/sitemap-threads.xml").content.decode()
    assert f"http://testserver{gone.get_absolute_url()}<" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-threads.xml?p=3",
        "/sitemap-threads.xml?p=0",
        "/sitemap-threads.xml?p=x",
        "/sitemap-threads.xml?p=99999999999999999999",
        "/sitemap-nothing.xml",
    ],
)
def test_a_sitemap_file_past_the_end_or_unknown_is_a_404(client, forum, settings, path):
    settings.LUNTAN_SITEMAP_PAGE_SIZE = 5
    assert client.get(path).status_code == 404


def test_sitemaps_ask_search_engines_not_to_index_the_sitemap_itself(client, forum):
    assert client.get("/sitemap.xml").headers["X-Robots-Tag"].startswith("noindex")


def test_robots_txt_points_crawlers_at_the_sitemap_and_away_from_private_pages(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines and "Disallow: /accounts/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
