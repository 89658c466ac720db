import re

import pytest
from django.urls import reverse

from luntan.conftest import make_thread
from luntan.posting.services import reply_to_thread, start_thread


def meta(html: str, key: str) -> str:
    found = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)">', html)
    assert found, key
    return found.group(1)


@pytest.fixture
def article(demo_site, board, alice, settings):
    settings.LUNTAN_POSTS_PER_PAGE = 5
    thread = start_thread(
        board=board,
        author=alice,
        title="郝茂荣一行调研通辽北部区域",
        body="[quote]引用的舊話[/quote][b]2月7至8日[/b]，通辽市委副书记到我市实地调研。"
        + "详情" * 100,
    )
    for n in range(6):
        reply_to_thread(thread=thread, author=alice, body=f"回覆 {n}")
    thread.refresh_from_db()
    return thread


def test_thread_page_has_title_description_canonical_and_open_graph(client, article):
    html = client.get(article.get_absolute_url() + "?author=1&utm_source=x").content.decode()
    url = f"http://testserver/thread/{article.pk}/"
    assert "<title>郝茂榮一行調研通遼北部區域 - 本地動態 - 霍林河信息港</title>" in html
    assert f'<link rel="canonical" href="{url}">' in html
    description = meta(html, "description")
    assert description.startswith("2月7至8日，通遼市委副書記到我市實地調研。詳情")
    assert description.endswith("…") and len(description) <= 120
    assert "引用" not in description
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == "郝茂榮一行調研通遼北部區域"
    assert meta(html, "og:description") == description
    assert meta(html, "og:url") == url
    assert meta(html, "og:site_name") == "霍林河信息港"


def test_page_two_has_its_own_canonical_and_still_describes_the_first_post(client, article):
    html = client.get(article.get_absolute_url() + "?page=2").content.decode()
    assert f'<link rel="canonical" href="http://testserver/thread/{article.pk}/?page=2">' in html
    assert meta(html, "og:description").startswith("2月7至8日")
    assert meta(html, "og:url") == f"http://testserver/thread/{article.pk}/"


def test_a_deleted_first_post_is_not_quoted_to_crawlers(client, article):
    article.posts.filter(floor=1).update(is_deleted=True)
    html = client.get(article.get_absolute_url() + "?page=2").content.decode()
    assert meta(html, "og:description") == "郝茂榮一行調研通遼北部區域"


def test_first_page_canonical_never_carries_page_one(client, demo_site, board, alice):
    html = client.get(board.get_absolute_url() + "?page=1&order=created").content.decode()
    assert f'<link rel="canonical" href="http://testserver{board.get_absolute_url()}">' in html


def test_every_page_has_a_description_and_canonical(client, demo_site, board, alice):
    thread = make_thread(board, alice)
    for url in (
        "/",
        board.get_absolute_url(),
        reverse("site-map"),
        "/page/about/",
        thread.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert meta(html, "description"), url
        assert f'<link rel="canonical" href="http://testserver{url}">' in html, url
    home = client.get("/").content.decode()
    assert meta(home, "description") == (
        "霍林郭勒市本地綜合信息門戶：本地新聞、便民信息、招聘租房，網友交流的家園。"
    )


def test_the_logo_becomes_the_open_graph_image(client, article, demo_site):
    demo_site.logo_url = "/static/logo.png"
    demo_site.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert meta(html, "og:image") == "http://testserver/static/logo.png"
