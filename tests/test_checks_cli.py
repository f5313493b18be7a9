"""`sohoa check` on a folder, a scan manifest and a PDF: the JSON the issue specifies and the exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import img2pdf
import pytest
from PIL import Image

from app.checks import CODES

FINDING_KEYS = {"code", "page", "severity", "value", "message_vi", "message_en"}


def assert_report_shape(report: dict, pages: int, declared: int) -> None:  # type: ignore[type-arg]
    assert set(report) == {"declared_pages", "pages", "findings", "ok"}
    assert report["declared_pages"] == declared and isinstance(report["ok"], bool)
    assert [p["page"] for p in report["pages"]] == list(range(1, pages + 1))
    for entry in report["pages"]:
        assert set(entry) == {"page", "findings", "actions"}
        assert all(set(x) == FINDING_KEYS and x["page"] == entry["page"] for x in entry["findings"])
    for x in report["findings"]:
        assert set(x) == FINDING_KEYS and x["code"] in CODES and x["severity"] in ("block", "warn")


@pytest.fixture
def flipped_stack(small_stack: Path, tmp_path: Path) -> Path:
    """The two sample pages, the second one upside down and with no OCR to turn it."""
    folder = tmp_path / "flipped"
    folder.mkdir()
    for i, page in enumerate(sorted(small_stack.glob("*.png"))):
        img = Image.open(page)
        (img.rotate(180) if i == 1 else img).save(folder / page.name, dpi=(200, 200))
    return folder


@pytest.mark.slow
def test_folder_with_ocr_ok_then_count_blocks(cli, small_stack: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", str(small_stack), "--declared-pages", "2", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert_report_shape(report, 2, 2)
    assert report["ok"] is True and report["findings"] == []
    result = cli("check", str(small_stack), "--declared-pages", "3", "--json", "--no-ocr")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert_report_shape(report, 2, 3)
    assert report["ok"] is False
    assert [(x["code"], x["page"], x["value"]) for x in report["findings"]] == [("page_count_mismatch", None, 2)]


def test_manifest_from_a_scan(cli, flipped_stack: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scan = tmp_path / "scan"
    assert cli("scan", "--device", f"sim:{flipped_stack}", "--dpi", "200", "--out", str(scan)).returncode == 0
    result = cli("check", str(scan / "manifest.json"), "--declared-pages", "2", "--json", "--no-ocr")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert_report_shape(report, 2, 2)
    assert [(x["code"], x["page"]) for x in report["findings"]] == [("upside_down", 2)]
    plain = cli("check", str(scan), "--declared-pages", "2", "--no-ocr")
    assert plain.returncode == 1 and "upside_down" in plain.stdout and "lộn ngược" in plain.stdout


def test_pdf_with_the_strict_profile(cli, small_stack: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "stack.pdf"
    pdf.write_bytes(img2pdf.convert([str(p) for p in sorted(small_stack.glob("*.png"))]))
    ok = cli("check", str(pdf), "--declared-pages", "2", "--json", "--no-ocr")
    assert ok.returncode == 0, ok.stderr
    assert_report_shape(json.loads(ok.stdout), 2, 2)
    strict = cli("check", str(pdf), "--declared-pages", "2", "--json", "--no-ocr", "--profile", "strict")
    assert strict.returncode == 1
    codes = {(x["code"], x["value"]) for x in json.loads(strict.stdout)["findings"]}
    assert codes == {("low_resolution", 200)}


def test_profile_from_the_config_folder(cli, small_stack: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "profiles"  # SOHOA_CONFIG is tmp_path/settings.toml in every test
    folder.mkdir()
    (folder / "counter.toml").write_text('base = "standard"\nmin_dpi = 250\n[severity]\nlow_resolution = "warn"\n')
    result = cli("check", str(small_stack), "--declared-pages", "2", "--json", "--no-ocr", "--profile", "counter")
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert {(x["code"], x["severity"]) for x in findings} == {("low_resolution", "warn")}


@pytest.mark.parametrize("case", ["missing", "zero", "word", "broken", "profile", "empty", "tampered"])
def test_bad_input_exits_2(cli, case: str, small_stack: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, declared, extra = str(small_stack), "2", []
    if case == "missing":
        path = str(tmp_path / "nowhere")
    elif case == "zero":
        declared = "0"
    elif case == "word":
        declared = "hai"
    elif case == "broken":
        folder = tmp_path / "broken"
        shutil.copytree(small_stack, folder)
        (folder / "page-002.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
        path = str(folder)
    elif case == "profile":
        extra = ["--profile", "no-such-profile"]
    elif case == "empty":
        (tmp_path / "empty").mkdir()
        path = str(tmp_path / "empty")
    elif case == "tampered":
        scan = tmp_path / "scan"
        assert cli("scan", "--device", f"sim:{small_stack}", "--dpi", "200", "--out", str(scan)).returncode == 0
        manifest = json.loads((scan / "manifest.json").read_text())
        manifest["pages"][0]["sha256"] = "0" * 64
        (scan / "manifest.json").write_text(json.dumps(manifest))
        path = str(scan)
    result = cli("check", path, "--declared-pages", declared, "--json", "--no-ocr", *extra)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == "" and result.stderr.strip()
