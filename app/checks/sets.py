"""Checks of the whole set against the paper original (TT 01/2023 Art. 8(2)): as many pages as declared, none twice,
none missing, in the original order. Evidence: the count, the page numbers printed on the paper, and near-identical
content (a sheet scanned twice or fed again)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import imagehash
from rapidfuzz import fuzz

from app.checks import findings as f
from app.checks.findings import Finding, finding
from app.checks.page import PageCheck
from app.checks.profiles import Profile

MIN_TEXT_CHARS = 40  # shorter OCR texts say too little to compare pages by


def _distance(a: str, b: str) -> int:
    return int(imagehash.hex_to_hash(a) - imagehash.hex_to_hash(b))


def _numbered_apart(a: PageCheck, b: PageCheck) -> bool:
    """Both pages carry a printed number and the numbers differ: two pages of the paper, never one sheet fed twice
    (repeated form pages share their wording, not their number)."""
    na, nb = a.features.printed_number, b.features.printed_number
    ta, tb = a.features.printed_total, b.features.printed_total
    return na is not None and nb is not None and (na != nb or (ta is not None and tb is not None and ta != tb))


def duplicates(pages: Sequence[PageCheck], profile: Profile, copies: int = 1) -> dict[int, int]:
    """Later page -> the earlier page it repeats, judged by perceptual hash and, when both have text, OCR text.
    ``copies``: how many copies of the paper the catalog asks for ("Số bản: 02"); a page may appear that many
    times before a repeat is a duplicate."""
    found: dict[int, int] = {}
    seen: dict[int, int] = {}  # earlier page -> how many expected copies of it were met
    candidates = [p for p in pages if not p.features.is_blank and p.features.phash]
    for j, later in enumerate(candidates):
        for earlier in candidates[:j]:
            if earlier.page in found or _numbered_apart(earlier, later):
                continue
            distance = _distance(earlier.features.phash, later.features.phash)
            a, b = earlier.features.text, later.features.text
            if len(a) >= MIN_TEXT_CHARS and len(b) >= MIN_TEXT_CHARS:
                same = distance <= profile.duplicate_hash_distance and \
                    fuzz.ratio(a, b, score_cutoff=profile.duplicate_text_similarity) > 0
            elif len(a) < MIN_TEXT_CHARS and len(b) < MIN_TEXT_CHARS:
                same = distance <= profile.duplicate_hash_distance_no_text
            else:
                same = False
            if same:
                if seen.get(earlier.page, 1) < copies:
                    seen[earlier.page] = seen.get(earlier.page, 1) + 1
                    found[later.page] = -earlier.page  # an expected copy: not reported, not compared again
                else:
                    found[later.page] = earlier.page
                break
    return {later: earlier for later, earlier in found.items() if earlier > 0}


def _increasing(numbers: Sequence[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(numbers)
    for i, n in enumerate(numbers):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] < n:
                lo = mid + 1
            else:
                hi = mid
        parent[i] = tail_index[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(n)
            tail_index.append(i)
        else:
            tails[lo], tail_index[lo] = n, i
    keep: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        keep.add(i)
        i = parent[i]
    return keep


def _runs(items: list[tuple[int, int]], after_unnumbered: set[int]) -> list[list[tuple[int, int]]]:
    """Split (page, number) items into documents when a number repeats: a new one starts at a "1", or where the
    numbers fall back right after an unnumbered page (the unnumbered first page of the next document)."""
    numbers = [n for _, n in items]
    if len(set(numbers)) == len(numbers):
        return [items]
    runs: list[list[tuple[int, int]]] = [[]]
    for page, number in items:
        if runs[-1] and (number == 1 or (number <= runs[-1][-1][1] and page in after_unnumbered)):
            runs.append([])
        runs[-1].append((page, number))
    return runs


def _unnumbered_around(order: Sequence[PageCheck], after: int | None, before: int | None) -> list[int]:
    """Unnumbered pages between two scan positions; with one side open, only those adjacent to the other."""
    if after is not None and before is not None:
        return [p.page for p in order[after + 1:before] if p.features.printed_number is None]
    found: list[int] = []
    step, index = (1, after + 1) if after is not None else (-1, (before if before is not None else 0) - 1)
    while 0 <= index < len(order) and order[index].features.printed_number is None:
        found.append(order[index].page)
        index += step
    return found


def sequence_findings(pages: Sequence[PageCheck], skip: set[int], profile: Profile) -> list[Finding]:
    """Missing and out-of-order pages from the printed numbers, document by document (grouped by stated total).

    A number not seen is not missing when an unnumbered page stands where it belongs: a first page left unnumbered
    (ND 30/2020 numbers from the second page), or a page whose number could not be read.
    """
    out: list[Finding] = []
    order = [p for p in pages if p.page not in skip and not p.features.is_blank]
    position = {p.page: i for i, p in enumerate(order)}
    groups: dict[int | None, list[tuple[int, int]]] = {}
    for p in order:
        if p.features.printed_number is not None:
            groups.setdefault(p.features.printed_total, []).append((p.page, p.features.printed_number))
    for page, number in list(groups.get(None, [])):  # "Trang 4/4" read as "Trang 4": join the document it fits
        fits = [t for t, items in groups.items()
                if t is not None and number <= t and number not in {n for _, n in items}]
        if len(fits) == 1:
            groups[None].remove((page, number))
            groups[fits[0]] = sorted([*groups[fits[0]], (page, number)])
    if not groups.get(None, True):
        del groups[None]
    after_unnumbered = {p.page for prev, p in pairwise(order) if prev.features.printed_number is None}
    used: set[int] = set()
    for total, items in groups.items():
        for run in _runs(items, after_unnumbered):
            numbers = [n for _, n in run]
            in_order = _increasing(numbers)
            for i, (page, number) in enumerate(run):
                if i not in in_order:
                    out.append(finding(f.OUT_OF_ORDER, page, profile.severity_of(f.OUT_OF_ORDER), number))
            seen = set(numbers)
            start = 1 if total is not None or run[0][0] in after_unnumbered else min(seen)
            for missing in range(start, (total or max(seen)) + 1):
                if missing in seen:
                    continue
                prev = max((item for item in run if item[1] < missing), key=lambda item: item[1], default=None)
                nxt = min((item for item in run if item[1] > missing), key=lambda item: item[1], default=None)
                if prev is None:
                    around = _unnumbered_around(order, None, position[run[0][0]])
                elif nxt is None:
                    around = _unnumbered_around(order, position[run[-1][0]], None)
                else:
                    ends = sorted((position[prev[0]], position[nxt[0]]))
                    around = _unnumbered_around(order, ends[0], ends[1])
                spare = [pg for pg in around if pg not in used]
                if spare:
                    used.add(spare[0])
                    continue
                if nxt is not None:
                    where = order[position[nxt[0]] - 1].page if position[nxt[0]] else None
                else:
                    where = prev[0] if prev is not None else None
                out.append(finding(f.MISSING_PAGE, where, profile.severity_of(f.MISSING_PAGE), missing))
    return out


def check_set(pages: list[PageCheck], declared_pages: int | None, profile: Profile, copies: int = 1) -> list[Finding]:
    """Findings about the set as a whole; the per-page findings stay in each :class:`PageCheck`. ``copies``: the
    copies of the paper the catalog expects, which repeat each other without being duplicates."""
    out: list[Finding] = []
    kept = [p for p in pages if not p.removed]
    if declared_pages is not None and len(kept) != declared_pages:
        proposed = sum(1 for p in kept if p.features.is_blank)
        hint_vi = hint_en = ""
        if proposed and len(kept) - proposed == declared_pages:
            hint_vi = f" Loại bỏ {proposed} trang trắng được đề nghị sẽ khớp."
            hint_en = f" Removing the {proposed} proposed blank page(s) makes it match."
        elif len(kept) < declared_pages:
            hint_vi = f" Thiếu {declared_pages - len(kept)} trang."
            hint_en = f" {declared_pages - len(kept)} page(s) missing."
        else:
            hint_vi = f" Thừa {len(kept) - declared_pages} trang."
            hint_en = f" {len(kept) - declared_pages} page(s) too many."
        out.append(finding(f.PAGE_COUNT_MISMATCH, None, profile.severity_of(f.PAGE_COUNT_MISMATCH), len(kept),
                           kept=len(kept), declared=declared_pages, hint_vi=hint_vi, hint_en=hint_en))
    repeats = duplicates(kept, profile, copies)
    for later, earlier in sorted(repeats.items()):
        out.append(finding(f.DUPLICATE_PAGE, later, profile.severity_of(f.DUPLICATE_PAGE), earlier))
    if profile.printed_numbers:
        out.extend(sequence_findings(kept, set(repeats), profile))
    return out
