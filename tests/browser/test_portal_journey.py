"""A client on a cheap phone: the PK sets their PIN, they log in to the portal, check in online, then
check in without signal (queued on the phone, sent when the signal returns) — one check-in per key."""

import re
import uuid

import pytest
from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}


def _pk_sets_a_pin(page, server_url, login, axe) -> tuple[str, str]:
    """pk1 opens one of their clients with a NIK and generates a PIN: (nik, pin)."""
    login("pk1")
    page.goto(server_url + "/klien/")
    hrefs = page.eval_on_selector_all("a[href^='/kasus/']", "els => els.map(e => e.getAttribute('href'))")
    case_urls = list(dict.fromkeys(h for h in hrefs if re.fullmatch(r"/kasus/\d+/", h)))
    assert case_urls, "pk1 has no clients in the demo data"
    for url in case_urls[:10]:
        page.goto(server_url + url + "pin/")
        nik = page.get_by_test_id("client-nik").inner_text().strip()
        if nik.isdigit():
            break
    else:
        pytest.fail("none of pk1's first clients has a NIK")
    axe("PIN page (PK)")
    page.get_by_label("Buat PIN acak").check()
    page.get_by_role("button", name="Simpan PIN").click()
    pin = page.get_by_test_id("new-pin").inner_text().strip()
    assert re.fullmatch(r"\d{6}", pin)
    return nik, pin


def _fill(page, *, problem: str) -> str:
    page.locator("#f-address_same").get_by_label("Ya").check()
    page.locator("#f-working").get_by_label("Ya").check()
    page.get_by_label("Di mana Anda bekerja?").fill("Warung makan, Jl. Magelang")
    page.get_by_label("Ada masalah atau hal yang perlu diketahui PK?").fill(problem)
    key = page.locator("input[name=key]").input_value()
    uuid.UUID(key)
    return key


def test_client_checks_in_online_and_offline_exactly_once_per_key(page, server_url, login, axe):
    page.set_viewport_size(PHONE)
    nik, pin = _pk_sets_a_pin(page, server_url, login, axe)

    # The client logs in on their phone.
    page.context.clear_cookies()
    page.goto(server_url + "/p/masuk/")
    axe("portal login")
    page.get_by_label("NIK").fill(nik)
    page.get_by_label("PIN", exact=True).fill("000001" if pin != "000001" else "000002")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("NIK atau PIN salah")
    page.get_by_label("PIN", exact=True).fill(pin)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Halo,")
    axe("portal home")

    # Online check-in, through the JSON API with the key made when the form opened.
    page.get_by_role("link", name="Lapor sekarang").click()
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    axe("check-in form")
    page.locator("#f-address_same").get_by_label("Tidak").check()
    expect(page.get_by_label("Alamat baru (jalan, nomor, RT/RW, kelurahan)")).to_be_visible()
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("#err-new_address")).to_have_text("Tulis alamat Anda yang baru.")
    online_key = _fill(page, problem="")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("#result")).to_contain_text("sudah terkirim")

    # A second check-in with no signal: kept on the phone, marked as waiting.
    page.get_by_role("link", name="Lapor lagi").click()
    expect(page.get_by_role("button", name="Kirim laporan")).to_be_visible()
    page.context.set_offline(True)
    offline_key = _fill(page, problem="Sinyal di rumah susah.")
    assert offline_key != online_key
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("#result")).to_contain_text("Tidak ada sinyal")
    waiting = page.locator(f"#queue li[data-key='{offline_key}']")
    expect(waiting).to_contain_text("Menunggu sinyal")
    expect(page.locator("#offline")).to_be_visible()
    axe("check-in queued offline")

    # Still offline, the home page comes from the service worker and shows the waiting check-in.
    page.goto(server_url + "/p/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Halo,")
    expect(page.locator(f"#queue li[data-key='{offline_key}']")).to_contain_text("Menunggu sinyal")

    # Signal back: the queue is sent by itself.
    page.context.set_offline(False)
    expect(page.locator(f"#queue li[data-key='{offline_key}']")).to_contain_text("Terkirim", timeout=45_000)
    assert page.evaluate("JSON.parse(localStorage.getItem('bimkemas.queue') || '[]').length") == 0

    # A late duplicate of the queued request (a retry after a lost answer) changes nothing.
    status = page.evaluate(
        """async (key) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const r = await fetch('/api/v1/portal/checkins', {method: 'POST', headers: {
                'Content-Type': 'application/json', 'X-CSRFToken': token},
                body: JSON.stringify({key, address_same: true, working: false})});
            return r.status;
        }""",
        offline_key,
    )
    assert status == 200

    # On the server: exactly one check-in per key, with the client's time kept.
    recorded = page.request.get(server_url + "/api/v1/portal/checkins").json()
    keys = [c["key"] for c in recorded]
    assert keys.count(online_key) == 1 and keys.count(offline_key) == 1
    offline = next(c for c in recorded if c["key"] == offline_key)
    assert offline["client_time"] < offline["received_at"]
    page.reload()
    expect(page.locator(f"#sent li[data-key='{offline_key}']")).to_have_count(1)
    expect(page.locator(f"#sent li[data-key='{online_key}']")).to_have_count(1)
