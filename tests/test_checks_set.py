"""Set checks: count, duplicates, missing and out-of-order pages, from features alone (no images needed)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.checks import PageCheck, PageFeatures, check_set, load_profile
from app.checks import findings as f
from app.checks.numbers import parse_line, printed_number
from app.checks.sets import _increasing
from app.imaging.ocr import Word

PROFILE = load_profile("standard")
HASHES = ["0" * 64, "f" * 64, "0f" * 32, "f0" * 32, "00ff" * 16, "ff00" * 16, "0ff0" * 16, "f00f" * 16]
TEXTS = [f"Trang nội dung số {i}: " + " ".join(f"từ{i * 7 + k}" for k in range(30)) for i in range(8)]


def page(n: int, number: int | None = None, total: int | None = None, *, blank: bool = False, like: int | None = None,
         text: bool = True) -> PageCheck:
    source = like if like is not None else n
    features = PageFeatures(phash=HASHES[source % len(HASHES)], text=TEXTS[source % len(TEXTS)] if text else "",
                            printed_number=number, printed_total=total, is_blank=blank, has_text=not blank)
    return PageCheck(n, features=features)


def found(findings, code: str) -> list[tuple[int | None, object]]:  # type: ignore[no-untyped-def]
    return [(x.page, x.value) for x in findings if x.code == code]


def test_clean_numbered_set_has_no_finding() -> None:
    pages = [page(i, i, 4) for i in range(1, 5)]
    assert check_set(pages, 4, PROFILE) == []


def test_count_mismatch_both_ways_and_the_blank_hint() -> None:
    pages = [page(i) for i in range(1, 4)]
    short = check_set(pages, 4, PROFILE)
    assert found(short, f.PAGE_COUNT_MISMATCH) == [(None, 3)] and short[0].severity == "block"
    assert "Thiếu 1 trang" in short[0].message_vi
    assert "Thừa 1 trang" in check_set(pages, 2, PROFILE)[0].message_vi
    with_blank = [page(1), page(2, blank=True), page(3)]
    hint = check_set(with_blank, 2, PROFILE)
    assert "trang trắng" in hint[0].message_vi and "blank" in hint[0].message_en
    removed = [page(1), page(2, blank=True), page(3)]
    removed[1].actions.append({"action": "remove_blank"})
    assert check_set(removed, 2, PROFILE) == []


def test_double_scan_and_refed_sheet_are_duplicates_distinct_pages_are_not() -> None:
    pages = [page(1), page(2), page(3, like=2), page(4), page(5, like=1)]
    assert found(check_set(pages, 5, PROFILE), f.DUPLICATE_PAGE) == [(3, 2), (5, 1)]
    same_layout_other_text = [page(1), page(2, like=1)]
    same_layout_other_text[1].features.text = TEXTS[5]
    assert found(check_set(same_layout_other_text, 2, PROFILE), f.DUPLICATE_PAGE) == []
    pictures = [page(1, text=False), page(2, like=1, text=False), page(3, text=False)]
    assert found(check_set(pictures, 3, PROFILE), f.DUPLICATE_PAGE) == [(2, 1)]
    blanks = [page(1, blank=True), page(2, blank=True, like=1)]
    assert found(check_set(blanks, 2, PROFILE), f.DUPLICATE_PAGE) == []


def test_missing_page_from_printed_numbers() -> None:
    pages = [page(1, 1, 4), page(2, 2, 4), page(3, 4, 4)]
    assert found(check_set(pages, 4, PROFILE), f.MISSING_PAGE) == [(2, 3)]
    last_missing = [page(1, 1, 3), page(2, 2, 3)]
    assert found(check_set(last_missing, 3, PROFILE), f.MISSING_PAGE) == [(2, 3)]


def test_nd30_numbering_first_page_unnumbered() -> None:
    complete = [page(1), page(2, 2), page(3, 3)]
    assert check_set(complete, 3, PROFILE) == []
    gap = [page(1), page(2, 3), page(3, 4)]
    assert found(check_set(gap, 4, PROFILE), f.MISSING_PAGE) == [(1, 2)]


def test_out_of_order_pages() -> None:
    pages = [page(1, 1, 4), page(2, 3, 4), page(3, 2, 4), page(4, 4, 4)]
    result = check_set(pages, 4, PROFILE)
    assert len(found(result, f.OUT_OF_ORDER)) == 1 and found(result, f.OUT_OF_ORDER)[0][0] in (2, 3)
    assert found(result, f.MISSING_PAGE) == []


def test_two_documents_with_the_same_numbering_are_in_order() -> None:
    pages = [page(1, 1, 2), page(2, 2, 2), page(3, 1, 2), page(4, 2, 2), page(5, 1, 3), page(6, 2, 3), page(7, 3, 3)]
    assert check_set(pages, 7, PROFILE) == []


def test_duplicate_is_not_also_out_of_order() -> None:
    pages = [page(1, 1, 3), page(2, 2, 3), page(3, 2, 3, like=2), page(4, 3, 3)]
    result = check_set(pages, 4, PROFILE)
    assert found(result, f.DUPLICATE_PAGE) == [(3, 2)]
    assert found(result, f.OUT_OF_ORDER) == [] and found(result, f.MISSING_PAGE) == []


@pytest.mark.parametrize(("line", "header", "expected"), [
    ("Trang 2/5", False, (2, 5)), ("trang 3 / 12", False, (3, 12)), ("Page 2 of 5", False, (2, 5)),
    ("Trang 4 trên 9", False, (4, 9)), ("- 2 -", False, (2, None)), ("-1-", False, (1, None)),
    ("— 7 —", False, (7, None)), ("2/5", False, (2, 5)), ("Trang 6", False, (6, None)), ("3", True, (3, None)),
    ("3", False, None), ("12/2023", False, None), ("Trang 6/5", False, None), ("Số: 12/QĐ-UBND", False, None),
    ("Ngày 2 tháng 5 năm 2025", False, None),
])
def test_parse_printed_page_numbers(line: str, header: bool, expected: tuple[int, int | None] | None) -> None:
    assert parse_line(line, header) == expected


def test_printed_number_is_read_only_in_header_or_footer() -> None:
    body = [Word("Trang", 95, (800, 1500, 900, 1540)), Word("2/5", 95, (910, 1500, 980, 1540))]
    assert printed_number(body, 1654, 2339) == (None, None)
    footer = [Word("Trang", 95, (760, 2200, 860, 2240)), Word("2/5", 95, (870, 2200, 940, 2240))]
    assert printed_number(footer, 1654, 2339) == (2, 5)
    unsure = [Word("Trang", 95, (760, 2200, 860, 2240)), Word("2/5", 20, (870, 2200, 940, 2240))]
    assert printed_number(unsure, 1654, 2339) == (None, None)
    centred = [Word("2", 90, (815, 80, 835, 110))]
    assert printed_number(centred, 1654, 2339) == (2, None)
    corner = [Word("2", 90, (1500, 80, 1520, 110))]
    assert printed_number(corner, 1654, 2339) == (None, None)


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=40))
def test_longest_increasing_subsequence_is_increasing_and_maximal(numbers: list[int]) -> None:
    keep = sorted(_increasing(numbers))
    values = [numbers[i] for i in keep]
    assert all(a < b for a, b in pairwise(values))
    best = [1] * len(numbers)
    for i in range(len(numbers)):
        for j in range(i):
            if numbers[j] < numbers[i]:
                best[i] = max(best[i], best[j] + 1)
    assert len(keep) == max(best, default=0)


def test_two_nd30_documents_in_one_set() -> None:
    pages = [page(1), page(2, 2), page(3, 3), page(4), page(5, 2), page(6, 3)]
    assert check_set(pages, 6, PROFILE) == []
    swapped = [page(1), page(2, 3), page(3, 2), page(4, 4)]
    assert len(found(check_set(swapped, 4, PROFILE), f.OUT_OF_ORDER)) == 1


def test_an_unreadable_number_is_not_a_missing_page() -> None:
    pages = [page(1, 1, 4), page(2), page(3, 3, 4), page(4, 4, 4)]
    assert check_set(pages, 4, PROFILE) == []
    pages = [page(1, 1, 5), page(2), page(3, 4, 5), page(4, 5, 5)]
    assert found(check_set(pages, 5, PROFILE), f.MISSING_PAGE) == [(2, 3)]


def test_a_number_read_without_its_total_joins_its_document() -> None:
    pages = [page(1, 1, 4), page(2, 2, 4), page(3, 3, 4), page(4, 4)]
    assert check_set(pages, 4, PROFILE) == []
    swapped = [page(1, 2, 4), page(2, 1, 4), page(3, 3), page(4, 4, 4)]
    assert [x.code for x in check_set(swapped, 4, PROFILE)] == [f.OUT_OF_ORDER]


def test_swap_after_an_unnumbered_first_page_is_only_out_of_order() -> None:
    pages = [page(1), page(2, 3), page(3, 2), page(4, 4)]
    assert [x.code for x in check_set(pages, 4, PROFILE)] == [f.OUT_OF_ORDER]


def test_pages_stream_through_check_pages_in_scan_order(small_stack) -> None:  # type: ignore[no-untyped-def]
    from app.checks import check_pages, page_sources

    seen: list[int] = []
    checks = check_pages(page_sources(small_stack), PROFILE, ocr=False, on_page=lambda c: seen.append(c.page))
    assert seen == [1, 2] and [c.page for c in checks] == [1, 2]
    assert check_set(checks, 2, PROFILE) == []


def test_same_text_with_different_printed_numbers_is_not_a_refed_sheet() -> None:
    """Issue 14: pages 17–20 repeating the wording of pages 10–13 (repeated form pages) are four pages, not four
    sheets fed twice; a sheet fed twice still carries its one number."""
    pages = [page(n, n, 20, like=(n - 7 if n >= 17 else n) % 8) for n in range(1, 21)]
    for p in pages:  # every page a different picture, except the repeated wording of 10–13 on 17–20
        p.features.phash = HASHES[(p.page - 7 if p.page >= 17 else p.page) % 8] if p.page >= 10 else p.features.phash
    result = check_set(pages, 20, PROFILE)
    assert found(result, f.DUPLICATE_PAGE) == [] and found(result, f.MISSING_PAGE) == []
    refed = [page(1, 1, 3), page(2, 2, 3), page(3, 2, 3, like=2), page(4, 3, 3)]
    assert found(check_set(refed, 4, PROFILE), f.DUPLICATE_PAGE) == [(3, 2)]
    one_unread = [page(1, 1, 2), page(2, None, None, like=1), page(3, 2, 2)]
    assert found(check_set(one_unread, 3, PROFILE), f.DUPLICATE_PAGE) == [(2, 1)]


def test_copies_the_catalog_expects_are_not_duplicates() -> None:
    two_copies = [page(1, 1, 2), page(2, 2, 2), page(3, 1, 2, like=1), page(4, 2, 2, like=2)]
    assert check_set(two_copies, 4, PROFILE, copies=2) == []
    assert found(check_set(two_copies, 4, PROFILE), f.DUPLICATE_PAGE) == [(3, 1), (4, 2)]
    unnumbered = [page(1), page(2, like=1), page(3, like=1)]
    assert found(check_set(unnumbered, 3, PROFILE, copies=2), f.DUPLICATE_PAGE) == [(3, 1)]  # a third is one too many
