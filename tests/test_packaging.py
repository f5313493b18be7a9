"""The frozen bundle (``make package``) runs with nothing but itself: version, self-check, OCR to PDF/A in spawned
worker processes and a scan through the SANE worker. Runs when the bundle exists (``make package-test`` builds it
first); SOHOA_BUNDLE points at another bundle's executable (e.g. sohoa-cli.exe on Windows)."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAME = "sohoa-cli.exe" if sys.platform == "win32" else "sohoa"
BUNDLE = Path(os.environ.get("SOHOA_BUNDLE", ROOT / "packaging" / "dist" / "sohoa" / NAME)).resolve()

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(not BUNDLE.is_file(), reason=f"no frozen bundle at {BUNDLE} (run make package)"),
]


def frozen(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the bundle with a clean environment: no PYTHONPATH, no venv, so only what was frozen is found."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "TESSDATA"))}
    return subprocess.run([str(BUNDLE), *args], capture_output=True, text=True, env=env, timeout=timeout,
                          cwd=BUNDLE.parent.parent)


def test_version() -> None:
    from app import __version__

    result = frozen("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"SoHoa {__version__}"


def test_selfcheck_passes_from_the_bundle_alone() -> None:
    result = frozen("selfcheck", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] and report["frozen"]
    checks = {c["name"]: c for c in report["checks"]}
    bundle_root = str(BUNDLE.parent)
    assert bundle_root in checks["tesseract"]["detail"]  # its own vie/eng/osd, not the system's
    assert {"vie", "eng", "osd"} <= set(ast.literal_eval(checks["tesseract"]["detail"].split("languages ")[1]))
    assert "Số hóa" in checks["pdfa"]["detail"] and "PDF/A 2B" in checks["pdfa"]["detail"]
    assert bundle_root in checks["fonts"]["detail"]
    assert checks["calendar"]["ok"] and checks["calendar"]["detail"].startswith("VN public holidays")


def test_selfcheck_reports_a_broken_config_in_vietnamese(tmp_path: Path) -> None:
    bad = tmp_path / "settings.toml"
    bad.write_text("[station\n", encoding="utf-8")
    env_config = os.environ["SOHOA_CONFIG"]
    os.environ["SOHOA_CONFIG"] = str(bad)
    try:
        result = frozen("selfcheck")
    finally:
        os.environ["SOHOA_CONFIG"] = env_config
    assert result.returncode == 1
    assert "Tệp cấu hình settings.toml bị lỗi" in result.stderr


def test_build_runs_ocr_workers_inside_the_bundle(small_stack: Path, tmp_path: Path) -> None:
    out = tmp_path / "frozen.pdf"
    result = frozen("build", str(small_stack), "--out", str(out), "--workers", "2")
    assert result.returncode == 0, result.stderr
    from app.imaging.pdfa import is_pdfa

    assert is_pdfa(out) == "2B"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    else:  # the Windows runner has no poppler
        from pdfminer.high_level import extract_text

        text = extract_text(str(out))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


@pytest.mark.skipif(sys.platform == "win32", reason="SANE is the Linux driver")
def test_scan_through_the_sane_worker(tmp_path: Path) -> None:
    result = frozen("scan", "--device", "sane:test:0", "--source", "adf", "--max-pages", "2", "--dpi", "75",
                    "--out", str(tmp_path / "scan"))
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "scan" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["pages"]) == 2
