"""A PK on a 360 px phone fills in a risk assessment (partly by keyboard), saves a draft, finalises it and
reads the result — in Chromium against the demo server, with axe checks on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe, browser_type_launch_args, login, server_url  # noqa: F401

pytestmark = pytest.mark.browser


def test_pk_fills_and_finalises_an_assessment_on_a_phone(page, server_url, login, axe):  # noqa: F811
    page.set_viewport_size({"width": 360, "height": 740})
    login("pk1")
    page.goto(server_url + "/klien/")
    page.locator("a[href^='/kasus/']").first.click()
    case_id = re.search(r"/kasus/(\d+)/", page.url).group(1)
    page.goto(f"{server_url}/kasus/{case_id}/asesmen/")
    axe("assessment list")
    page.get_by_role("link", name=re.compile("Mulai asesmen")).first.click()
    page.get_by_label(re.compile("Risiko Residivisme Indonesia")).check()
    axe("start form")
    page.get_by_role("button", name="Mulai mengisi").click()
    expect(page.get_by_test_id("stand-in-notice")).to_contain_text("PENGGANTI SEMENTARA")
    axe("assessment form")

    # Keyboard: focus the first option of S01 and move with the arrow keys (radio group behaviour).
    page.locator("input[name=item_S01]").first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=item_S01]").nth(2)).to_be_checked()
    # Tap the rest: the last option of the dynamic items, the first of the static ones.
    for fieldset in page.locator("fieldset.assessment-item").all()[1:]:
        radios = fieldset.locator("input[type=radio]")
        code = fieldset.get_attribute("id")
        (radios.last if code.startswith("item-D") else radios.first).check()
    expect(page.get_by_test_id("answered")).to_contain_text("20 dari 20")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scrolling on a phone"

    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_role("status").first).to_contain_text("Draf disimpan: 20 dari 20 butir dijawab.")
    page.get_by_role("button", name="Finalkan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Centang pernyataan ini")
    page.get_by_label(re.compile("Saya sudah memeriksa semua jawaban")).check()
    page.get_by_role("button", name="Finalkan").click()

    expect(page.get_by_test_id("band")).to_have_text("Tinggi")  # 2 (S01) + 36 (dynamic) = 38 ≥ 30
    expect(page.get_by_test_id("top-items")).to_contain_text("D01")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe("assessment result")
    page.goto(f"{server_url}/kasus/{case_id}/asesmen/")
    expect(page.get_by_role("table")).to_contain_text("Final")
