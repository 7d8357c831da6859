"""placard edit in a real browser (Chromium + selenium): the Decap CMS forms write placard's files."""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit

import pytest
from browser_support import MISSING, requested_urls, start_chrome
from conftest import copy_example

pytestmark = [pytest.mark.slow, pytest.mark.skipif(MISSING is not None, reason=MISSING or "")]

NEW_SLOGAN = "文明出行靠大家，礼让行人你我他"


@pytest.fixture
def editor(tmp_path):
    from placard.editor.web import Editor
    from placard.live.server import LiveState, make_server

    root = copy_example(tmp_path / "c")
    ed = Editor(root)
    server = make_server("127.0.0.1", 0, LiveState(), editor=ed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    driver = start_chrome(tmp_path / "profile", 1280, 1000)
    try:
        yield root, f"http://127.0.0.1:{port}", driver
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()


def _wait(driver, find, seconds: float = 30):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            found = find()
            if found:
                return found
        except Exception as exc:  # noqa: BLE001  (not there yet)
            last = exc
        time.sleep(0.25)
    body = driver.find_element("tag name", "body").text[:1500]
    raise AssertionError(f"not found in time ({last}); the page shows:\n{body}")


def _by_xpath(driver, xpath: str):
    from selenium.webdriver.common.by import By

    return _wait(
        driver, lambda: [e for e in driver.find_elements(By.XPATH, xpath) if e.is_displayed()]
    )[0]


def _login(driver, base: str) -> None:
    """Opening /admin/ lands in the slogans list: no login page on the clerk's own computer."""
    driver.get(base + "/admin/")
    _by_xpath(driver, "//a[contains(@href, '/collections/slogans/entries/civility-01')]")


def _set_date(driver, element_id: str, value: str) -> None:
    """A date input set as React sees a person set it (the native setter, then an input event)."""
    driver.execute_script(
        "var el = document.getElementById(arguments[0]);"
        "var set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;"
        "set.call(el, arguments[1]); el.dispatchEvent(new Event('input', {bubbles: true}));"
        "el.dispatchEvent(new Event('change', {bubbles: true}));",
        element_id,
        value,
    )


def _select(driver, field: str, typed: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = _wait(
        driver, lambda: driver.find_element(By.CSS_SELECTOR, f"input[id^='{field}-field-']")
    )
    box.send_keys(typed)
    time.sleep(0.3)
    box.send_keys(Keys.ENTER)


def _fill_slogan(driver, base: str, slug: str, valid_from: str, valid_to: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base + "/admin/#/collections/slogans/new")
    text = _wait(driver, lambda: driver.find_element(By.CSS_SELECTOR, "input[id^='text-field-']"))
    text.send_keys(NEW_SLOGAN)
    driver.find_element(By.CSS_SELECTOR, "input[id^='id-field-']").send_keys(slug)
    _select(driver, "theme", "traffic")
    _select(driver, "status", "草稿")
    _set_date(
        driver,
        driver.find_element(By.CSS_SELECTOR, "input[id^='valid_from-field-']").get_attribute("id"),
        valid_from,
    )
    _set_date(
        driver,
        driver.find_element(By.CSS_SELECTOR, "input[id^='valid_to-field-']").get_attribute("id"),
        valid_to,
    )
    _by_xpath(driver, "//*[self::button or @role='button'][normalize-space(.)='发布']").click()
    _by_xpath(driver, "//*[normalize-space(.)='立即发布']").click()


def test_a_slogan_made_in_the_form_is_a_slogan_file(editor):
    root, base, driver = editor
    _login(driver, base)
    _fill_slogan(driver, base, "traffic-web-01", "2026-12-01", "2027-01-31")
    path = root / "slogans" / "traffic-web-01.md"
    _wait(driver, lambda: path.is_file())
    text = path.read_text("utf-8")
    assert text.startswith("---\n")
    assert f"text: {NEW_SLOGAN}" in text
    assert "id: traffic-web-01" in text
    assert "theme: traffic" in text
    assert "status: draft" in text
    assert "valid_from: 2026-12-01" in text
    assert "valid_to: 2027-01-31" in text
    # placard reads it back as the slogan the form described
    from placard.engine import check_campaign

    result = check_campaign(root)
    slogan = next(s for s in result.campaign.slogans if s.id == "traffic-web-01")
    assert (
        slogan.text == NEW_SLOGAN
        and slogan.theme == "traffic"
        and slogan.approval.status == "draft"
    )
    # the panel says the save was checked
    panel = _by_xpath(driver, "//*[@id='placard-findings']")
    assert "已保存" in panel.text
    # nothing was asked of another host
    hosts = {
        urlsplit(u).hostname
        for u in requested_urls(driver)
        if u.startswith(("http:", "https:", "ws"))
    }
    assert hosts == {"127.0.0.1"}, hosts


def test_an_end_before_the_start_is_shown_and_nothing_is_written(editor):
    root, base, driver = editor
    _login(driver, base)
    _fill_slogan(driver, base, "traffic-web-02", "2026-12-01", "2026-11-01")
    panel = _by_xpath(driver, "//*[@id='placard-findings']//li[@data-field='valid_to']")
    assert "2026-11-01" in panel.text and "2026-12-01" in panel.text
    assert "未保存" in driver.find_element("id", "placard-findings").text
    assert not (root / "slogans" / "traffic-web-02.md").exists()
    assert not [
        p for p in (root / "slogans").iterdir() if p.name.startswith(".")
    ]  # no temporary file left
    # the clerk's text is still in the form
    from selenium.webdriver.common.by import By

    assert (
        driver.find_element(By.CSS_SELECTOR, "input[id^='text-field-']").get_attribute("value")
        == NEW_SLOGAN
    )


def _slogan_cards(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(\"a[href*='/collections/slogans/entries/']\"))"
        ".map(function (a) { return a.getAttribute('href').split('/').pop(); })"
    )


def test_a_long_slogan_list_shows_its_first_page_and_the_next_on_scrolling(editor):
    """250 slogans: the list shows the first 100 at once, the next 100 when scrolled to its end."""
    root, base, driver = editor
    for i in range(204):  # with the example's 46: 250
        (root / "slogans" / f"zz-{i:03d}.md").write_text(
            f"---\ntext: 第{i}条标语\ntheme: civility\nstatus: draft\n---\n", "utf-8"
        )
    _login(driver, base)
    cards = _wait(driver, lambda: _slogan_cards(driver))
    assert len(cards) == 100
    # file-name order: the example's 46, then zz-000 … zz-053
    assert cards[0] == "civility-01" and cards[-1] == "zz-053"
    driver.execute_script(
        "var all = document.querySelectorAll(\"a[href*='/collections/slogans/entries/']\");"
        "all[all.length - 1].scrollIntoView();"
    )
    cards = _wait(driver, lambda: c if len(c := _slogan_cards(driver)) > 100 else None)
    assert len(cards) == 200 and cards[100] == "zz-054" and len(set(cards)) == 200


def _options(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [o.text for o in driver.find_elements(By.XPATH, "//*[contains(@id, '-option-')]")]


def test_a_slot_ref_offers_a_guide_and_an_ad(editor):
    """The placement list's slot: its content field finds approved guides and ads, not only slogans."""
    from selenium.webdriver.common.by import By

    root, base, driver = editor
    _login(driver, base)
    driver.get(base + "/admin/#/collections/placements/entries/fenghuang-hoarding")
    add = _by_xpath(driver, "//button[contains(normalize-space(.), '新增槽位')]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", add)
    add.click()
    box = _wait(
        driver,
        lambda: [
            e
            for e in driver.find_elements(By.CSS_SELECTOR, "input[id^='ref-field-']")
            if e.is_displayed()
        ],
    )[-1]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
    box.send_keys("文明餐桌")
    assert _wait(driver, lambda: _options(driver)) == ["文明指南 guide-dining\u3000文明餐桌指南"]
    box.clear()
    for ch in "ad-ban":
        box.send_keys(ch)
    assert _wait(
        driver,
        lambda: (
            "ad-ban" in box.get_attribute("value")
            and _options(driver) == ["公益广告 ad-banmaxian\u3000礼让斑马线"]
        ),
    )
