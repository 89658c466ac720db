import pytest
from django.core.management import call_command

from luntan.conftest import make_thread
from luntan.threads.models import Thread
from luntan.threads.view_counter import flush_views


@pytest.mark.django_db
def test_opening_a_thread_counts_a_view_without_writing_the_thread_row(client, board, alice):
    thread = make_thread(board, alice)
    client.get(thread.get_absolute_url())
    html = client.get(thread.get_absolute_url()).content.decode()
    assert '<span class="view-count">2</span>' in html
    assert Thread.objects.get(pk=thread.pk).view_count == 0


@pytest.mark.django_db
def test_flush_adds_buffered_views_to_the_stored_count_once(client, board, alice):
    thread = make_thread(board, alice)
    for _ in range(3):
        client.get(thread.get_absolute_url())
    call_command("flush_thread_views")
    assert Thread.objects.get(pk=thread.pk).view_count == 3
    assert flush_views() == 0
    html = client.get(thread.get_absolute_url()).content.decode()
    assert '<span class="view-count">4</span>' in html


@pytest.mark.django_db
def test_board_list_shows_stored_plus_pending_views(client, board, alice):
    thread = make_thread(board, alice)
    Thread.objects.filter(pk=thread.pk).update(view_count=86981)
    client.get(thread.get_absolute_url())
    html = client.get(board.get_absolute_url()).content.decode()
    assert '<span class="views">86982</span>' in html
