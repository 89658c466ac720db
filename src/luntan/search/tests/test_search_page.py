"""What a reader finds, as they would type it: 2-character words, unknown place names, the other
script, phone numbers, members' names; filters, sort, pages and highlights."""

import pytest
from django.test import Client

from luntan.conftest import login, make_user
from luntan.search.analysis import encode, fold, index_tokens
from luntan.search.services import dictionary_words

from .helpers import floor_url, found, new_thread, reply, search

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def forum(board, alice, bob):
    water = new_thread(board, alice, "明日全市停水通知", "自來水公司：明天上午九點到下午五點停水。")
    rent = new_thread(board, bob, "霍林郭勒 租房", "扎魯特旗路口兩室一廳出租，電話 138-1234-5678。")
    shop = new_thread(board, alice, "新店開業", "鑫源小吃在霍林河大街開業了，歡迎光臨")
    answer = reply(rent, alice, "请问扎鲁特旗那套房子还在吗？")
    return {"water": water, "rent": rent, "shop": shop, "answer": answer}


def first_post(thread):
    return thread.posts.get(floor=1)


def test_a_two_character_word_is_found(client, forum):
    assert found(client, "停水") == [floor_url(first_post(forum["water"]))]


def test_one_character_finds_every_post_that_has_it(client, forum):
    assert set(found(client, "租")) == {floor_url(first_post(forum["rent"]))}
    assert len(found(client, "房")) == 2


def test_a_shop_name_no_dictionary_knows_is_found(client, forum):
    assert found(client, "鑫源小吃") == [floor_url(first_post(forum["shop"]))]


def test_simplified_and_traditional_queries_find_both_spellings(client, forum):
    both = {floor_url(first_post(forum["rent"])), floor_url(forum["answer"])}
    assert set(found(client, "扎鲁特旗")) == both
    assert set(found(client, "扎魯特旗")) == both


def test_two_words_must_both_be_there(client, forum):
    assert found(client, "霍林郭勒 出租") == [floor_url(first_post(forum["rent"]))]
    assert found(client, "停水 出租") == []


def test_a_phone_number_is_found_as_typed(client, forum):
    rent = floor_url(first_post(forum["rent"]))
    assert found(client, "13812345678") == [rent]
    assert found(client, "138-1234-5678") == [rent]
    assert found(client, "１３８１２３４５６７８") == [rent]


def test_title_mode_searches_titles_only(client, forum):
    assert found(client, "租房", mode="title") == [floor_url(first_post(forum["rent"]))]
    assert found(client, "出租", mode="title") == []
    assert found(client, "出租", mode="fulltext") == [floor_url(first_post(forum["rent"]))]


def test_author_mode_lists_a_members_posts_newest_first(client, forum):
    assert found(client, "BOB", mode="author") == [floor_url(first_post(forum["rent"]))]
    assert found(client, "alice", mode="author")[0] == floor_url(forum["answer"])
    response = search(client, "nobody-here", mode="author")
    assert "没有找到用户名为“nobody-here”的会员" in response.content.decode()


def test_filters_by_board_thread_type_and_time(client, board, alice, forum):
    other_board = board.__class__.objects.create(group=board.group, name="二手市場")
    moved = new_thread(other_board, alice, "停水了怎么办", "买水")
    kind = board.thread_types.first()
    typed = new_thread(board, alice, "停水 分类", "内容", thread_type=kind)
    old = new_thread(board, alice, "去年停水", "旧闻", days_ago=40)
    assert floor_url(first_post(moved)) in found(client, "停水")
    by_board = found(client, "停水", board=board.pk)
    assert floor_url(first_post(moved)) not in by_board
    assert floor_url(first_post(old)) in by_board
    assert found(client, "停水", type=kind.pk) == [floor_url(first_post(typed))]
    assert floor_url(first_post(old)) not in found(client, "停水", days=30)
    assert floor_url(first_post(old)) in found(client, "停水", days=365)


def test_sort_by_time_puts_the_newest_first_and_relevance_a_title_match(client, board, alice):
    older = new_thread(board, alice, "停水", "明天", days_ago=3)
    newer = new_thread(board, alice, "通知", "停水")
    assert found(client, "停水", order="time") == [
        floor_url(first_post(newer)),
        floor_url(first_post(older)),
    ]
    assert found(client, "停水", order="relevance") == [
        floor_url(first_post(older)),
        floor_url(first_post(newer)),
    ]


def test_results_come_in_pages_of_twenty(client, board, alice):
    thread = new_thread(board, alice, "停水", "停水")
    for n in range(24):
        reply(thread, alice, f"第 {n} 次停水")
    assert len(found(client, "停水")) == 20
    assert len(found(client, "停水", page=2)) == 5
    assert "找到 25 条结果" in search(client, "停水").content.decode()


def test_matches_are_highlighted_in_the_readers_script(client, forum):
    client.cookies["django_language"] = "zh-hant"
    page = search(client, "扎鲁特旗").content.decode()
    assert "<mark>扎魯特旗</mark>" in page
    client.cookies["django_language"] = "zh-hans"
    page = search(client, "扎魯特旗").content.decode()
    assert "<mark>扎鲁特旗</mark>" in page
    assert "<mark>霍林郭勒</mark>" in search(client, "霍林郭勒").content.decode()


def test_a_dictionary_word_from_the_admin_ranks_posts_holding_it_first(client, board, alice, root):
    word = encode(fold("珠斯花"))
    assert word not in index_tokens("珠斯花的天氣", dictionary_words())
    login(client, root)
    assert client.post("/admin/search/searchword/add/", {"word": "珠斯花"}).status_code == 302
    assert word in index_tokens("珠斯花的天氣", dictionary_words())
    # The older post comes second on a tie (newest first): only the word puts it first.
    whole = new_thread(board, alice, "通知", "珠斯花的天氣")
    scattered = new_thread(board, alice, "通知", "珠斯 斯花")
    assert found(client, "珠斯花") == [
        floor_url(first_post(whole)),
        floor_url(first_post(scattered)),
    ]


def test_the_header_of_every_page_has_the_search_box(client, forum):
    for url in ["/", forum["water"].get_absolute_url(), "/search/"]:
        page = client.get(url).content.decode()
        assert 'action="/search/"' in page and 'name="q"' in page


def test_the_header_box_is_the_same_for_guests_and_members(forum):
    guest = Client().get("/").content.decode()
    member = login(Client(), make_user("carol")).get("/").content.decode()

    def box(page: str) -> str:
        start = page.index('<form class="header-search"')
        return page[start : page.index("</form>", start)]

    assert box(guest) == box(member)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "水",
        "停" * 500,
        "！？。，、…",
        '"停水" OR 1=1; DROP TABLE search_searchentry; --',
        'NEAR(停 水) * - : "',
        "停水' AND '1'='1",
        "%FF%FE停水",
    ],
)
def test_bad_input_gives_results_or_a_message_never_an_error(client, forum, query):
    for mode in ("title", "fulltext", "author"):
        response = search(client, query, mode=mode)
        assert response.status_code == 200
        page = response.content.decode()
        assert "找到" in page or 'class="message error"' in page


def test_invalid_utf8_in_the_query_string_is_answered(client, forum):
    response = client.get(
        "/search/?q=%FF%FE%E5%81%9C%E6%B0%B4&mode=fulltext", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert "找到 1 条结果" in response.content.decode()


def test_too_long_a_query_is_refused_with_a_message(client, forum):
    page = search(client, "停" * 500).content.decode()
    assert "搜索词不能超过 40 个字" in page


def test_an_empty_query_asks_for_words(client, forum):
    assert "请输入要搜索的内容" in search(client, "  ").content.decode()
    assert "请输入要搜索的内容" not in client.get("/search/").content.decode()


def test_punctuation_alone_gets_a_message(client, forum):
    page = search(client, "！？。").content.decode()
    assert "搜索词里没有可搜索的文字" in page


def test_unknown_filters_are_refused_with_a_message(client, forum):
    page = search(client, "停水", board="999999", days="3", mode="x").content.decode()
    assert "请从列表中选择" in page
