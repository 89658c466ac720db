from django.urls import reverse


def test_set_as_homepage_explains_how_to_do_it_in_each_browser(client, demo_site):
    response = client.get(reverse("set-homepage"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>設為首頁 - 霍林河信息港</title>" in html
    for browser in ("Chrome", "Microsoft Edge", "Firefox", "Safari", "手機瀏覽器"):
        assert f"<summary>{browser}</summary>" in html
    assert "添加到主屏幕" in html or "新增到主螢幕" in html
    assert 'value="http://testserver/"' in html


def test_the_footer_link_goes_to_the_instructions_not_to_a_script(client, demo_site):
    html = client.get("/").content.decode()
    assert f'<a href="{reverse("set-homepage")}" class="set-homepage-link">設為首頁</a>' in html
    assert "setHomePage" not in html
