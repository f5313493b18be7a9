"""Splitting a feeder run into documents: separator sheets (one upside down) set the boundaries and never end up in
a document, nor does a separator's blank back; a blank back of a document is not a page of it; blank pages split
only when asked; a QR that is not a separator splits nothing; the CLI prints the issue's JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import segno
from PIL import Image

from app.imaging.pool import PageInput
from app.imaging.samples import degrade
from app.results.decisions import render_pdf
from app.results.detect import Found, find_separator
from app.results.separator import Separator, make_separator, parse, separator_pdf
from app.results.split import PageLook, boundaries, split_pages
from tests.results.stack import DPI, blank, sheet, write_stack

KQ = "KQ.G15.000034"
CODE = "000.00.01.H22-261124-0001"


def inputs(paths: list[Path]) -> list[PageInput]:
    return [PageInput(p, DPI) for p in paths]


@pytest.fixture(scope="module")
def feeder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan: list[object] = [2, Separator(), 1, "blank", ("rot180", Separator(dossier=CODE)), "blank", 1,
                          Separator(KQ), 2]
    return write_stack(tmp_path_factory.mktemp("feeder"), plan).folder


def test_a_feeder_stack_splits_into_its_documents(feeder: Path) -> None:
    documents = split_pages(inputs(sorted(feeder.glob("page-*.png"))))
    assert [d.pages for d in documents] == [[1, 2], [4], [8], [10, 11]]
    assert [d.blank for d in documents] == [[], [5], [], []]
    first, second, third, fourth = documents
    assert first.separator is None
    assert second.separator == {"kind": "qr", "position": 3, "rotated": 0, "result_type": None, "dossier": None}
    assert third.separator is not None and third.separator["position"] == 6
    assert third.separator["rotated"] == 180 and third.separator["dossier"] == CODE
    assert fourth.separator is not None and fourth.separator["result_type"] == KQ
    separators = {3, 6, 9}
    assert not separators & {p for d in documents for p in d.pages + d.blank}


def test_the_cli_prints_the_documents_as_json(feeder: Path, cli) -> None:  # type: ignore[no-untyped-def]
    done = cli("results", "split", str(feeder), "--json", "--no-metadata")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [d["pages"] for d in data] == [[1, 2], [4], [8], [10, 11]]
    assert all(set(d) >= {"pages", "separator", "metadata"} for d in data)
    assert data[0]["separator"] is None and data[3]["separator"]["result_type"] == KQ


def test_a_pdf_of_the_run_splits_the_same(feeder: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    images = [Image.open(p).convert("RGB") for p in sorted(feeder.glob("page-*.png"))]
    pdf = tmp_path / "run.pdf"
    images[0].save(pdf, save_all=True, append_images=images[1:], resolution=DPI)
    done = cli("results", "split", str(pdf), "--json", "--no-metadata")
    assert done.returncode == 0, done.stderr
    assert [d["pages"] for d in json.loads(done.stdout)] == [[1, 2], [4], [8], [10, 11]]


def looks(kinds: str) -> list[PageLook]:
    """``kinds``: one letter a page: p page, s separator, b blank."""
    return [PageLook(n, Found(Separator(), 0) if k == "s" else None, k == "b") for n, k in enumerate(kinds, 1)]


def test_blank_pages_split_only_when_asked_and_never_when_separators_are_present() -> None:
    assert [d.pages for d in boundaries(looks("ppbpp"))] == [[1, 2, 4, 5]]
    assert [d.pages for d in boundaries(looks("ppbpp"), blank_separates=True)] == [[1, 2], [4, 5]]
    assert [d.pages for d in boundaries(looks("ppbbpp"), blank_separates=True)] == [[1, 2], [5, 6]]
    assert [d.pages for d in boundaries(looks("pbpsp"), blank_separates=True)] == [[1, 3], [5]]
    assert [d.pages for d in boundaries(looks("spsbsbp"))] == [[2], [7]]  # empty parts vanish
    assert boundaries(looks("")) == [] and boundaries(looks("sb")) == []


def test_a_qr_that_is_not_a_separator_splits_nothing(tmp_path: Path) -> None:
    page = blank()
    segno.make("https://dichvucong.gov.vn/hoso/123", error="m").save(tmp_path / "qr.png", scale=8)
    page.paste(Image.open(tmp_path / "qr.png").convert("RGB"), (100, 100))
    assert find_separator(page, DPI) is None
    assert find_separator(sheet(tmp_path, Separator(KQ, CODE)).rotate(90, expand=True), DPI) is not None


@pytest.mark.parametrize("dpi", [150, 300])
def test_a_separator_is_found_however_it_was_scanned(tmp_path: Path, dpi: int) -> None:
    separator_pdf(tmp_path / "s.pdf", [Separator(KQ, CODE)])
    page = render_pdf((tmp_path / "s.pdf").read_bytes(), dpi)[0]
    looks = {"black and white": page.convert("L").point(lambda v: 255 if v > 128 else 0).convert("1"),
             "skewed 5°": page.rotate(5, expand=True, fillcolor="white"), "sideways": page.rotate(90, expand=True),
             "dark copy": page.point(lambda v: int(v * 0.55)),
             "worn scanner": degrade(page, 3, skew_deg=3.0, noise=14.0, blur=1.2, jpeg_quality=50)}
    for how, image in looks.items():
        found = find_separator(image, dpi)
        assert found is not None and found.separator == Separator(KQ, CODE), how


def test_separator_text_round_trips_and_refuses_junk() -> None:
    assert parse(Separator(KQ, CODE).text()) == Separator(KQ, CODE)
    assert parse("SOHOA-SEP/1 NEXT") == Separator()
    assert parse("SOHOA-SEP/1 NEXT KQ=a/b HS=x") == Separator(dossier="x")
    assert parse("SOHOA-SEP/2 NEXT") is None and parse("hello") is None
    with pytest.raises(Exception, match="KQ 1"):
        make_separator("KQ 1")


def test_separator_print_refuses_a_bad_code_and_writes_nothing(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sheets.pdf"
    done = cli("separator", "print", "--out", str(out), "--type", "KQ 01/x")
    assert done.returncode == 2 and "không hợp lệ" in done.stderr and not out.exists()
    done = cli("separator", "print", "--out", str(out), "--type", KQ, "--dossier", CODE, "--count", "3")
    assert done.returncode == 0, done.stderr
    pages = render_pdf(out.read_bytes(), 100)
    assert len(pages) == 3
    found = find_separator(pages[2], 100)
    assert found is not None and found.separator == Separator(KQ, CODE)
