"""The avatar QQ gave at signup shows on the member's author card."""

from html import escape

from luntan.conftest import make_thread, make_user


def test_a_qq_members_avatar_shows_on_their_author_card(board, client):
    member = make_user("小王", avatar_url="http://thirdqq.qlogo.cn/g?b=oidb&k=ABC&s=100")
    thread = make_thread(board, member)

    text = client.get(thread.get_absolute_url()).content.decode()

    assert f'<img src="{escape(member.avatar_url)}"' in text


def test_members_without_an_avatar_get_a_generated_one_not_an_empty_image(board, client, alice):
    thread = make_thread(board, alice)

    text = client.get(thread.get_absolute_url()).content.decode()

    assert '<div class="avatar"><span class="avatar-default' in text
    assert '<img src=""' not in text
