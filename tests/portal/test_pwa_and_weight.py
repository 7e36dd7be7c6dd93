"""The check-in page is light (first load under 100 KB compressed, later loads under 20 KB) and the portal
is installable: a manifest and a service worker served under /p/ with the right content types."""

import gzip
import json
import re
from html.parser import HTMLParser

import pytest

FIRST_LOAD_LIMIT = 100 * 1024
REPEAT_LOAD_LIMIT = 20 * 1024


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.urls.append(a["src"])


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _transferred(phone, url: str) -> tuple[int, bytes]:
    """Bytes on the wire for `url` as a phone asking for gzip gets it, and the decoded body."""
    response = phone.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response.status_code == 200, url
    raw = _body(response)
    decoded = gzip.decompress(raw) if response.get("Content-Encoding") == "gzip" else raw
    headers = sum(len(k) + len(v) + 4 for k, v in response.items()) + 20
    return len(raw) + headers, decoded


@pytest.mark.django_db
def test_check_in_page_first_load_is_under_100_kb_and_repeat_under_20_kb(rudi_phone):
    page_bytes, html = _transferred(rudi_phone, "/p/lapor/")
    parser = _Assets()
    parser.feed(html.decode())
    assets = set(parser.urls)
    assert any(u.startswith("/static/portal/portal.js") for u in assets)
    assert any(u.startswith("/static/portal/portal.css") for u in assets)
    assert "/p/manifest.webmanifest" in assets
    assert not any("bootstrap" in u or "htmx" in u for u in assets)
    sw_bytes, _ = _transferred(rudi_phone, "/p/sw.js")  # registered by the script
    total = page_bytes + sw_bytes
    sizes = {"/p/lapor/": page_bytes, "/p/sw.js": sw_bytes}
    for url in sorted(assets):
        size, body = _transferred(rudi_phone, url)
        sizes[url] = size
        total += size
        if url.endswith(".webmanifest"):  # the icons the manifest names are fetched too
            for icon in json.loads(body)["icons"]:
                if icon["src"] not in assets:
                    sizes[icon["src"]] = _transferred(rudi_phone, icon["src"])[0]
                    total += sizes[icon["src"]]
    print(f"check-in page first load: {total} bytes; {sizes}")
    assert total < FIRST_LOAD_LIMIT, f"{total} bytes: {sizes}"
    # Later loads: the service worker serves script, style, icons and manifest; only the page travels.
    assert page_bytes < REPEAT_LOAD_LIMIT, sizes


@pytest.mark.django_db
def test_the_page_is_compressed_on_the_wire(rudi_phone):
    response = rudi_phone.get("/p/lapor/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


@pytest.mark.django_db
def test_manifest_and_service_worker_are_served_under_p(client):
    manifest = client.get("/p/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json() if hasattr(manifest, "json") else json.loads(manifest.content)
    assert data["name"] == "Bimkemas" and data["scope"] == "/p/" and data["start_url"] == "/p/"
    for icon in data["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200 and served["Content-Type"].startswith(icon["type"])
    worker = client.get("/p/sw.js")
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/p/"
    script = worker.content.decode()
    assert "__VERSION__" not in script
    version = re.search(r"var VERSION = '([0-9a-f]+)'", script).group(1)
    assert f"portal.js?v={version}" in script  # the shell it caches is the one the pages load


@pytest.mark.django_db
def test_pages_name_the_same_asset_version_as_the_worker(rudi_phone):
    version = re.search(r"var VERSION = '([0-9a-f]+)'", rudi_phone.get("/p/sw.js").content.decode()).group(1)
    page = rudi_phone.get("/p/lapor/").content.decode()
    assert f"portal.js?v={version}" in page and f"portal.css?v={version}" in page
