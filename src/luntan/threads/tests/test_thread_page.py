import re

import pytest
from django.urls import reverse

from luntan.conftest import make_thread, queries_per_page

PINYIN_ARTEFACT = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def floors_on(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="floor-(\d+)"', html)]


@pytest.fixture
def long_thread(db, board, alice, bob, settings):
    settings.LUNTAN_POSTS_PER_PAGE = 5
    return make_thread(board, alice, replies=11, repliers=[bob, alice])


@pytest.mark.django_db
def test_thread_page_shows_counts_type_title_and_floor_labels(client, long_thread):
    html = client.get(long_thread.get_absolute_url()).content.decode()
    assert "查看: <span" in html and '回覆: <span class="reply-count">11</span>' in html
    assert '<a class="thread-type" href="/board/' in html and "[本地動態]" in html
    labels = re.findall(r'class="floor-label">([^<]+)<', html)
    assert labels == ["樓主", "沙發", "板凳", "地板", "5#"]
    assert "發表於" in html


@pytest.mark.django_db
def test_thread_type_prefix_links_to_the_board_filtered_by_that_type(client, long_thread):
    thread_type = long_thread.thread_type
    html = client.get(long_thread.get_absolute_url()).content.decode()
    assert f'href="/board/{long_thread.board_id}/?type={thread_type.pk}"' in html


@pytest.mark.django_db
def test_pages_are_cut_by_floor_and_page_three_holds_floors_eleven_to_twelve(client, long_thread):
    html = client.get(long_thread.get_absolute_url() + "?page=3").content.decode()
    assert floors_on(html) == [11, 12]
    assert re.findall(r'class="floor-label">([^<]+)<', html) == ["11#", "12#"]


@pytest.mark.django_db
def test_page_past_the_end_is_a_chinese_404(client, long_thread):
    for query in ("?page=4", "?page=0", "?page=abc"):
        response = client.get(long_thread.get_absolute_url() + query)
        assert response.status_code == 404
        assert "頁面不存在" in response.content.decode()


@pytest.mark.django_db
def test_unknown_thread_is_a_chinese_404_in_the_site_style(client, db):
    response = client.get(reverse("thread", args=[424242]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "頁面不存在" in html and "返回首頁" in html


@pytest.mark.django_db
def test_only_this_author_shows_their_posts_with_true_floor_labels(client, long_thread, bob):
    html = client.get(f"{long_thread.get_absolute_url()}?author={bob.pk}").content.decode()
    assert floors_on(html) == [2, 4, 6, 8, 10]
    assert re.findall(r'class="floor-label">([^<]+)<', html)[:3] == ["沙發", "地板", "6#"]
    assert "只看 bob 的帖子" in html
    page2 = client.get(f"{long_thread.get_absolute_url()}?author={bob.pk}&page=2")
    assert floors_on(page2.content.decode()) == [12]


@pytest.mark.django_db
def test_newest_first_lists_the_last_floor_first_and_keeps_labels(client, long_thread):
    html = client.get(long_thread.get_absolute_url() + "?order=desc").content.decode()
    assert floors_on(html) == [12, 11, 10, 9, 8]
    last_page = client.get(long_thread.get_absolute_url() + "?order=desc&page=3")
    assert floors_on(last_page.content.decode()) == [2, 1]
    assert "樓主" in last_page.content.decode()


@pytest.mark.django_db
def test_floor_permalink_and_floor_jump_land_on_the_page_holding_the_floor(client, long_thread):
    url = reverse("thread-floor", args=[long_thread.pk, 7])
    response = client.get(url)
    assert response["Location"] == f"{long_thread.get_absolute_url()}?page=2#floor-7"
    jump = client.get(reverse("thread-jump", args=[long_thread.pk]) + "?floor=12")
    assert jump["Location"] == f"{long_thread.get_absolute_url()}?page=3#floor-12"


@pytest.mark.django_db
def test_floor_jump_past_the_last_floor_explains_the_range(client, long_thread):
    response = client.get(reverse("thread-jump", args=[long_thread.pk]) + "?floor=99")
    assert response.status_code == 404
    assert "沒有第 99 樓：本主題共 12 樓" in response.content.decode()
    assert client.get(reverse("thread-floor", args=[long_thread.pk, 13])).status_code == 404


@pytest.mark.django_db
def test_reader_mode_shows_the_posts_without_author_cards_or_tools(client, long_thread):
    html = client.get(reverse("thread-reader", args=[long_thread.pk])).content.decode()
    assert "第一樓的內容" in html
    assert "author-card" not in html and "快速回覆" not in html
    assert "退出閱讀模式" in html


@pytest.mark.django_db
def test_copy_link_carries_the_title_and_the_address_and_shows_it_without_scripts(
    client, long_thread
):
    html = client.get(long_thread.get_absolute_url()).content.decode()
    url = f"http://testserver{long_thread.get_absolute_url()}"
    assert f'data-copy-url="{url}"' in html and 'data-copy-title="測試主題"' in html
    assert f'readonly value="{url}"' in html


@pytest.mark.django_db
def test_author_card_shows_name_group_post_count_and_join_date(client, long_thread, alice):
    html = client.get(long_thread.get_absolute_url()).content.decode()
    card = html[html.index('id="floor-1"') : html.index('class="post-main"')]
    assert "alice" in card and "新手上路" in card and "★" in card
    assert f'<dd class="author-posts">{alice.posts.count()}</dd>' in card
    assert f"{alice.date_joined:%Y}-" in card


@pytest.mark.django_db
def test_page_tools_link_back_to_top_quick_reply_list_and_credit_rules(client, long_thread):
    html = client.get(long_thread.get_absolute_url()).content.decode()
    assert 'href="#top"' in html and "返回頂部" in html
    assert 'href="#quick-reply"' in html
    board_url = long_thread.board.get_absolute_url()
    assert 'class="back-to-list">' in html and f'href="{board_url}"' in html
    assert reverse("board-credit-rules", args=[long_thread.board_id]) in html


@pytest.mark.django_db
def test_back_to_list_returns_to_the_board_page_the_reader_came_from(client, long_thread):
    board_url = long_thread.board.get_absolute_url()
    html = client.get(
        long_thread.get_absolute_url(), HTTP_REFERER=f"http://testserver{board_url}?page=2"
    ).content.decode()
    assert f'href="{board_url}?page=2" class="back-to-list"' in html


@pytest.mark.django_db
def test_thread_page_query_count_does_not_grow_with_the_page_or_the_thread(
    client, board, alice, bob, settings
):
    settings.LUNTAN_POSTS_PER_PAGE = 5
    short = make_thread(board, alice, replies=2, repliers=[bob])
    long = make_thread(board, alice, replies=14, repliers=[bob, alice])
    client.get(short.get_absolute_url())  # user groups are cached after the first page
    counts = queries_per_page(
        client,
        [short.get_absolute_url(), long.get_absolute_url(), f"{long.get_absolute_url()}?page=3"],
    )
    assert counts[0] == counts[1] == counts[2]
    assert counts[0] <= 4


@pytest.mark.django_db
def test_traditional_pages_never_contain_pinyin_artefacts(client, long_thread):
    for url in (
        "/",
        long_thread.board.get_absolute_url(),
        long_thread.get_absolute_url(),
        reverse("thread-reader", args=[long_thread.pk]),
    ):
        html = client.get(url).content.decode()
        assert 'lang="zh-hant"' in html
        assert not PINYIN_ARTEFACT.search(html), url


@pytest.mark.django_db
def test_reader_who_picks_simplified_gets_simplified_ui_and_content(client, long_thread):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = client.get(long_thread.get_absolute_url()).content.decode()
    assert "只看该作者" in html and "倒序浏览" in html
    assert "本地动态" in html and "测试主题" in html
