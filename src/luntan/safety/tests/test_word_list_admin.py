"""The operator's side: the admin list, import and export of plain text files, the test page."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from luntan.accounts.tests.pages import text_of
from luntan.conftest import login
from luntan.safety.models import FilterWord
from luntan.safety.services import export_words

IMPORT = reverse("admin:safety_filterword_import")
EXPORT = reverse("admin:safety_filterword_export")
TEST = reverse("admin:safety_filterword_test")


@pytest.fixture
def admin_client(root) -> Client:
    return login(Client(), root)


def upload(client: Client, text: str, *, replace_all: bool = False):
    data = {"file": SimpleUploadedFile("words.txt", text.encode("utf-8"))}
    if replace_all:
        data["replace_all"] = "on"
    return client.post(IMPORT, data)


def test_import_reads_every_kind_of_line(admin_client):
    text = "# 注释\n法輪功\n\n六四={BANNED}\n代开{2}发票={MOD}\n傻逼=**\n"
    response = upload(admin_client, text)
    assert response.status_code == 302
    assert set(FilterWord.objects.values_list("pattern", "action", "replacement")) == {
        ("六四", "banned", ""),
        ("代开{2}发票", "review", ""),
        ("傻逼", "replace", "**"),
        ("法輪功", "banned", ""),
    }


def test_export_gives_back_a_file_that_imports_to_the_same_list(admin_client):
    upload(admin_client, "法輪功\n代开{2}发票={MOD}\n傻逼=**\n")
    exported = admin_client.get(EXPORT)
    assert exported["Content-Type"].startswith("text/plain")
    body = exported.content.decode("utf-8")
    assert body == "法輪功={BANNED}\n代开{2}发票={MOD}\n傻逼=**\n"
    before = set(FilterWord.objects.values_list("pattern", "action", "replacement"))
    assert upload(admin_client, body, replace_all=True).status_code == 302
    assert set(FilterWord.objects.values_list("pattern", "action", "replacement")) == before


def test_bad_lines_are_named_by_number_and_nothing_is_imported(admin_client):
    FilterWord.objects.create(pattern="已有")
    text = "好词\n   \n，。\n法輪功\n法轮功\n代{99}票\n已有\n尾巴=\n{3}开头\n"
    response = upload(admin_client, text)
    assert response.status_code == 200
    rows = re.findall(
        r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", response.content.decode()
    )
    assert [(number, line) for number, line, _message in rows] == [
        ("3", "，。"),
        ("5", "法轮功"),
        ("6", "代{99}票"),
        ("7", "已有"),
        ("8", "尾巴="),
        ("9", "{3}开头"),
    ]
    assert "4" in rows[1][2]  # the duplicate names the line it repeats
    assert list(FilterWord.objects.values_list("pattern", flat=True)) == ["已有"]


def test_a_twenty_thousand_word_list_imports_and_exports(admin_client):
    text = "".join(f"词{n:05d}\n" for n in range(20_000))
    assert upload(admin_client, text).status_code == 302
    assert FilterWord.objects.count() == 20_000
    assert export_words().count("\n") == 20_000


def test_test_page_shows_what_a_text_would_trigger(admin_client):
    upload(admin_client, "法輪功\n代开{2}发票={MOD}\n傻逼=**\n")
    response = admin_client.post(TEST, {"text": "法 轮 功，代开一张发票，傻逼"})
    page = text_of(response)
    assert "法 轮 功" in page and "代开一张发票" in page
    assert "法輪功" in page and "代开{2}发票" in page
    assert "法 轮 功，代开一张发票，**" in page


def test_admin_form_refuses_a_duplicate_in_the_other_script(admin_client):
    FilterWord.objects.create(pattern="法轮功")
    response = admin_client.post(
        reverse("admin:safety_filterword_add"),
        {"pattern": "法輪功", "action": "banned", "replacement": ""},
    )
    assert response.status_code == 200
    assert FilterWord.objects.count() == 1


def test_members_cannot_reach_the_word_list(alice_client):
    for url in (IMPORT, EXPORT, TEST):
        response = alice_client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
