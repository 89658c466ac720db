from django.contrib.staticfiles import finders


def test_favicon_ico_leads_to_the_sites_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = finders.find(response["Location"].removeprefix("/static/"))
    with open(icon, "rb") as file:
        assert file.read(4) == b"\x00\x00\x01\x00"  # an ICO header, not an HTML page


def test_pages_name_the_icon(client, db):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/core/favicon.ico">' in html
