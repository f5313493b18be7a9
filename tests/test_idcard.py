"""The chip ID card: its QR text read into a record, and the card found, cut out and read on a flatbed scan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from app.capture.idcard import NoCardFound, flatbed_options, read_file, read_images, scan_glass
from app.counter.idcard import keep_card_copy
from app.counter.service import CounterService
from app.dossiers.idcard import NotAnIdCard, looks_like_card, parse_card
from app.imaging.cardscan import CARD_ASPECT, read_glass, read_qr
from tests.idcard_fixtures import A4_PX, CARD_PX, CARD_TEXT, card_image, card_on_glass, flatbed


def test_the_qr_text_becomes_a_typed_record() -> None:
    card = parse_card(CARD_TEXT)
    assert card.as_json() == {"id": "001099012345", "old_id": "123456789", "name": "Nguyễn Văn An",
                              "dob": "1999-03-02", "sex": "nam",
                              "address": "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội", "issued": "2021-08-15"}
    assert card.warnings(today=date(2026, 1, 1)) == []
    applicant = card.applicant(phone="0912345678")
    assert (applicant.personal_id, applicant.birth_date, applicant.sex, applicant.phone) == (
        "001099012345", "1999-03-02", "nam", "0912345678")
    assert applicant.problems() == []


def test_a_woman_without_old_id_or_issue_date_and_fields_a_newer_card_adds() -> None:
    card = parse_card("079301000123||Trần Thị  Bích|29022000|Nữ|Phường 1, Quận 3, TP Hồ Chí Minh||Extra|x\r\n")
    assert (card.old_id, card.name, card.birth, card.sex, card.issued) == (
        "", "Trần Thị Bích", date(2000, 2, 29), "nu", None)


def test_a_mismatch_with_the_ids_structure_is_a_warning_and_the_card_is_still_read() -> None:
    # digit 4 says a man born in the 1900s; the card says a woman born in 2001; 999 names no province
    card = parse_card("999085000123||Lê Thị C|01012001|Nữ|Hà Nội|01012022")
    digits = {p.digits for p in card.warnings(today=date(2026, 1, 1))}
    assert {"1–3", "4", "5–6"} <= digits
    assert card.name == "Lê Thị C"


@pytest.mark.parametrize("text", [
    "", "hello", "https://dichvucong.gov.vn", "00109901234|x|Tên|01011999|Nam|Hà Nội|01012021",
    "001099012345|x|Tên|31021999|Nam|Hà Nội|01012021", "001099012345|x||01011999|Nam|Hà Nội|01012021",
    "001099012345|x|Tên|01011999|Nam|Hà Nội",
])
def test_text_that_is_not_a_cards_is_refused(text: str) -> None:
    with pytest.raises(NotAnIdCard):
        parse_card(text)


@given(st.dates(date(1900, 1, 1), date(2099, 12, 31)), st.sampled_from(["Nam", "Nữ"]),
       st.text(st.characters(blacklist_characters="|\r\n", blacklist_categories=("Cs", "Cc")), min_size=1))
def test_any_well_formed_card_reads_back(born: date, sex: str, name: str) -> None:
    text = f"001099012345||{name}|{born:%d%m%Y}|{sex}|Hà Nội|{born:%d%m%Y}"
    if not name.strip():
        with pytest.raises(NotAnIdCard):
            parse_card(text)
        return
    card = parse_card(text)
    assert (card.birth, card.issued, card.sex) == (born, born, "nam" if sex == "Nam" else "nu")
    assert looks_like_card(text)


def _qr_quarter(card: Image.Image) -> tuple[bool, bool]:
    code = read_qr(card)[0]
    return code.center[0] > card.width / 2, code.center[1] < card.height / 2


@pytest.mark.parametrize("angle", [17.0, -17.0, 163.0, 90.0])
def test_a_card_turned_on_a_textured_glass_is_cut_out_card_sized_and_upright(angle: float) -> None:
    scan = flatbed([(card_image(), angle, (120, 200))])
    reading = read_glass(scan, 300)
    assert reading.qr == CARD_TEXT
    [card] = reading.cards
    assert card.qr == CARD_TEXT
    assert card.aspect == pytest.approx(CARD_ASPECT, rel=0.02)
    assert card.image.width == pytest.approx(CARD_PX[0], rel=0.03)  # at the scan's dpi: 100 % scale
    assert card.image.info["dpi"] == (300, 300)
    assert _qr_quarter(card.image) == (True, True)  # upright: the QR in the top-right quarter


def test_both_sides_on_a_white_lid_are_two_cards() -> None:
    rng = np.random.default_rng(1)
    paper = np.clip(245 + rng.normal(0, 4, (A4_PX[1], A4_PX[0])), 0, 255).astype(np.uint8)
    scan = Image.fromarray(paper).convert("RGB")
    for card, angle, at in ((card_image(), -23.0, (900, 1800)), (card_image(back=True), 8.0, (300, 300))):
        tinted = Image.fromarray((np.asarray(card) * np.array([0.85, 0.9, 0.95])).astype(np.uint8))
        scan.paste(tinted.rotate(angle, expand=True), at, Image.new("L", card.size, 255).rotate(angle, expand=True))
    reading = read_glass(scan, 300)
    assert len(reading.cards) == 2
    assert sorted(c.qr is not None for c in reading.cards) == [False, True]
    assert all(c.aspect == pytest.approx(CARD_ASPECT, rel=0.03) for c in reading.cards)


def test_a_wrong_resolution_in_the_file_is_corrected_by_the_cards_own_size() -> None:
    scan = flatbed([(card_image(dpi=200), 17.0, (60, 250))], dpi=200)
    [card] = read_glass(scan, 300).cards  # the file says 300 dpi; it was scanned at 200
    assert card.dpi == pytest.approx(200, abs=4) and card.image.info["dpi"] == (card.dpi, card.dpi)
    assert card.qr == CARD_TEXT


def test_no_card_and_no_code_on_the_glass() -> None:
    reading = read_glass(flatbed([]), 300)
    assert (reading.cards, reading.qr) == ((), None)


def test_a_code_read_from_the_whole_scan_when_no_card_outline_is_found(tmp_path: Path) -> None:
    scan = Image.new("RGB", A4_PX, "white")  # a photocopy: the card's outline did not come out
    scan.paste(card_image().convert("L").point(lambda v: 255 if v > 200 else v).convert("RGB"), (200, 200))
    reading = read_glass(scan, 300)
    assert reading.qr == CARD_TEXT


def test_a_file_is_read_and_both_its_cards_kept(tmp_path: Path) -> None:
    scan = flatbed([(card_image(), 17.0, (70, 70)), (card_image(back=True), -40.0, (120, 220))])
    path = tmp_path / "card.png"
    scan.save(path, dpi=(300, 300))
    reading = read_file(path)
    assert reading.require().personal_id == "001099012345"
    assert len(reading.sides) == 2


def test_a_qr_that_is_not_a_cards_is_named_and_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.png"
    flatbed([(card_image("https://dichvucong.gov.vn/p/home"), 17.0, (80, 90))]).save(path, dpi=(300, 300))
    reading = read_file(path)
    assert reading.card is None and reading.qr == "https://dichvucong.gov.vn/p/home"
    with pytest.raises(NoCardFound) as info:
        reading.require()
    assert info.value.exit_code == 1 and "dichvucong" in info.value.user_message("en")


def test_the_card_scanned_on_the_glass_becomes_the_card_copy_at_its_real_size(
        counter: CounterService, tmp_path: Path) -> None:
    glass = tmp_path / "glass"
    glass.mkdir()
    flatbed([(card_image(), 17.0, (80, 90))]).save(glass / "scan.png", dpi=(300, 300))
    reading = read_images(scan_glass(f"sim:{glass}", flatbed_options(300)))
    card = reading.require()
    dossier = counter.new_dossier("2.000800", card.applicant(phone="0912345678"))
    outcome = keep_card_copy(counter, dossier, reading.sides)
    assert outcome is not None and outcome.error is None
    [page] = outcome.pages
    copy = next(c for c in counter.components(dossier) if c["code"] == "TP04")
    assert page.component_id == copy["id"] and page.dpi == 300
    assert page.width / page.dpi * 25.4 == pytest.approx(85.6 + 10, rel=0.03)  # mm: the card at 100 %, 5-mm margins
    assert keep_card_copy(counter, counter.new_dossier("1.008001", card.applicant()), reading.sides) is None


@pytest.mark.slow
def test_the_card_copy_passes_the_checks_and_its_pdf_shows_the_card_at_its_real_size(
        counter: CounterService, tmp_path: Path) -> None:
    reading = read_file(card_on_glass(tmp_path / "glass.png", angle=-17.0))
    dossier = counter.new_dossier("2.000800", reading.require().applicant(phone="0912345678"))
    outcome = keep_card_copy(counter, dossier, reading.sides)
    assert outcome is not None
    component = outcome.pages[0].component_id
    counter.run_checks(component)
    assert [f.code for f in counter.component_findings(component)[0] if f.blocking] == []
    with pikepdf.open(counter.build_pdf(component)) as pdf:
        box = [float(v) / 72 * 25.4 for v in pdf.pages[0].mediabox]
    assert box[2] - box[0] == pytest.approx(85.6 + 10, abs=1.5)  # the card, and the white margin a copy has
    assert box[3] - box[1] == pytest.approx(53.98 + 10, abs=1.5)
