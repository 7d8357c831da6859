"""Telephone numbers written in page text become tel: links a phone dials (placard.phones)."""

from __future__ import annotations

import re

import pytest
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from placard.phones import dial, link_numbers, numbers

CALLS = {
    "拨打12345市民热线": ["12345"],
    "电话：0755-12345678。": ["0755-12345678"],
    "手机 13800138000，": ["13800138000"],
    "手机 138 0013 8000 或 +86 139-0013-9000": ["138 0013 8000", "+86 139-0013-9000"],
    "(0571) 8765 4321": ["(0571) 8765 4321"],
    "客服 400-123-4567": ["400-123-4567"],
    "遇到交通事故请拨打 122，火警 119": ["122", "119"],
    "供电 95598": ["95598"],
}
NOT_CALLS = [
    "粤ICP备12345678号",  # a filing number
    "2026-11-23",  # a date
    "共 12345 元",  # an amount
    "120 分钟",  # a duration
    "第120条",  # an article
    "traffic-01",
    "版本 1.12345",
    "12345678901234",  # a longer run of digits
    "编号 110",
]


@pytest.mark.parametrize("text", list(CALLS))
def test_numbers_to_call_are_found_as_written(text):
    assert numbers(text) == CALLS[text]


@pytest.mark.parametrize("text", NOT_CALLS)
def test_other_digits_are_not_numbers_to_call(text):
    assert numbers(text) == []


def test_dial_keeps_digits_and_a_leading_plus():
    assert dial("0755-12345678") == "075512345678"
    assert dial("+86 139-0013-9000") == "+8613900139000"
    assert dial("(0571) 8765 4321") == "057187654321"


def test_link_numbers_links_text_only():
    html = ('<p title="12345">拨打 12345 或 <a href="https://x.example/12345">12345 平台</a>'
            '<code>12345</code></p><script>var a = "13800138000";</script><p>0755-12345678</p>')
    assert link_numbers(html) == (
        '<p title="12345">拨打 <a class="pl-tel" href="tel:12345">12345</a> 或 '
        '<a href="https://x.example/12345">12345 平台</a><code>12345</code></p>'
        '<script>var a = "13800138000";</script>'
        '<p><a class="pl-tel" href="tel:075512345678">0755-12345678</a></p>')


def test_a_page_without_numbers_is_returned_as_it_is():
    html = "<p>礼让斑马线 &amp; 文明出行</p>"
    assert link_numbers(html) is html


_PIECES = ["拨打 ", "12345", "0755-12345678", "13800138000", "<p>", "</p>", "<a href=\"x\">", "</a>", "<code>",
           "</code>", "元", " ", "-", "2026-11-23", "<b title=\"12345\">", "</b>", "第", "110", "&amp;", "ICP备"]


@settings(max_examples=examples(300))
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_linking_only_wraps_numbers_and_is_stable(pieces):
    html = "".join(pieces)
    linked = link_numbers(html)
    # the page's own text and markup are all still there, in order: only tel: links were wrapped round numbers
    assert re.sub(r'<a class="pl-tel" href="tel:\+?\d+">([^<]*)</a>', r"\1", linked) == html
    for m in re.finditer(r'<a class="pl-tel" href="tel:(\+?\d+)">([^<]*)</a>', linked):
        assert dial(m.group(2)) == m.group(1) and numbers(m.group(2)) == [m.group(2)]
    assert link_numbers(linked) == linked  # a number already linked is not linked again
