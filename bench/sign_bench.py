"""Signing time for a 20-page component: PKCS#12 and a SoftHSM2 token, visible and invisible, printed.

Run: .venv/bin/python bench/sign_bench.py [--pages 20] [--runs 5]
The component is a station PDF/A of generated Vietnamese pages with a scanner's look (200 dpi colour, no OCR:
signing cost does not depend on the text layer). "open+sign" includes unlocking the key and the certificate checks;
"sign" is one more file inside an open key (a dossier signed with one PIN).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from app.imaging.pageproc import PageOptions, process_page
from app.imaging.pdfa import build_pdfa
from app.imaging.samples import PageSpec, degrade, render_page
from app.signing import Appearance, Pkcs11Config, Pkcs12Config, fixed_pin, open_key, sign_pdf, sign_with_key
from app.signing.demo import generate
from app.signing.pin import PinProvider

SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "123456"


def build_component(folder: Path, pages: int) -> Path:
    processed = []
    for number in range(1, pages + 1):
        image, _ = render_page(PageSpec(number=number, total=pages, dpi=200, seed=11))
        processed.append(process_page(None, degrade(image, number), 200, number - 1, PageOptions(ocr=False)))
    return build_pdfa(processed, folder / "component.pdf")


def make_token(folder: Path, p12: Path) -> Pkcs11Config | None:
    if not Path(SOFTHSM).exists() or not shutil.which("softhsm2-util"):
        return None
    key, cert, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), PIN.encode())
    assert key is not None and cert is not None
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (folder / "cert.der").write_bytes(cert.public_bytes(serialization.Encoding.DER))
    run = lambda *a: subprocess.run(a, check=True, capture_output=True, timeout=60)  # noqa: E731
    run("softhsm2-util", "--init-token", "--free", "--label", "bench", "--pin", PIN, "--so-pin", "87654321")
    run("softhsm2-util", "--import", str(folder / "key.pem"), "--token", "bench", "--label", "signer", "--id", "01",
        "--pin", PIN)
    run("pkcs11-tool", "--module", SOFTHSM, "--token-label", "bench", "--login", "--pin", PIN, "--write-object",
        str(folder / "cert.der"), "--type", "cert", "--id", "01", "--label", "signer")
    return Pkcs11Config(SOFTHSM, "bench", "signer")


def measure(runs: int, action) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median wall time and median CPU time of this process (the CPU figure is steadier on a shared machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sohoa-sign-bench-") as tmp:
        folder = Path(tmp)
        os.environ.setdefault("SOHOA_DATA_DIR", str(folder / "data"))
        started = time.perf_counter()
        component = build_component(folder, args.pages)
        print(f"component: {args.pages} pages, {component.stat().st_size / 1e6:.1f} MB "
              f"(built in {time.perf_counter() - started:.1f} s)")
        p12, ca = generate(folder, "Sở Ngoại vụ (bench)", PIN)
        signers: list[tuple[str, Pkcs12Config | Pkcs11Config]] = [("p12", Pkcs12Config(p12))]
        token = make_token(folder, p12)
        if token is not None:
            signers.append(("token", token))
        else:
            print("token: SoftHSM2 not installed, skipped")
        pin: PinProvider = fixed_pin(PIN)
        out = folder / "signed.pdf"
        sign_pdf(component, out, Pkcs12Config(p12), pin, Appearance(), trust_roots=[ca])  # warm the font cache
        print(f"{'signer':<7} {'stamp':<10} {'open+sign wall/cpu':>20} {'sign wall/cpu':>16}")
        for name, config in signers:
            for visible in (True, False):
                appearance = Appearance(visible=visible, agency="Sở Ngoại vụ tỉnh (bench)")
                full = measure(args.runs, lambda c=config, a=appearance: sign_pdf(component, out, c, pin, a,
                                                                                  trust_roots=[ca]))
                with open_key(config, pin, []) as key:
                    one = measure(args.runs, lambda k=key, a=appearance: sign_with_key(k, component, out, a))
                label = "visible" if visible else "invisible"
                print(f"{name:<7} {label:<10} {full[0]:>11.3f}s /{full[1]:.3f}s {one[0]:>7.3f}s /{one[1]:.3f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
