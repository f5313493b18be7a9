"""Helpers for the outbox tests: small PDFs, queued dossiers, a fast worker, and what the receiver holds."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import pikepdf

from app.core.config import Settings
from app.core.storage import Store
from app.counter.submit import ComponentFile, submit_dossier
from app.dossiers.model import Applicant
from app.outbox import RetryPolicy, State, SyncWorker, counts
from app.outbox.adapters import destination_from_settings


def make_pdf(path: Path, size: int, seed: int) -> Path:
    """A small real PDF (submit parses what it queues) of about ``size`` bytes, random bytes in its page's content
    (as a comment) so every file has its own checksum."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    noise = random.Random(seed).randbytes(max(1, (size - 600) // 2)).hex().encode()
    pdf.pages[0].Contents = pdf.make_stream(b"% " + noise + b"\n")
    pdf.save(path, compress_streams=False)
    return path


def submit_many(store: Store, tmp_path: Path, count: int, files: int = 2, size: int = 3000) -> list[str]:
    codes = []
    for n in range(count):
        comps = [ComponentFile(f"Thành phần {k}", make_pdf(tmp_path / f"d{n}-{k}.pdf", size + 97 * k, n * 10 + k))
                 for k in range(files)]
        _, code = submit_dossier(store, Settings(), "1.000948", Applicant(f"Nguyễn Văn {n}", f"00109{n:07d}"), comps,
                                 "sohoa")
        codes.append(code)
    return codes


def make_worker(store: Store, url: str, *, timeout: float = 10.0, chunk_size: int = 1024,
                settings: Settings | None = None, **worker_options: Any) -> SyncWorker:
    destination = destination_from_settings(settings or Settings(), url, timeout=timeout, chunk_size=chunk_size)
    policy = RetryPolicy(base=0.02, cap=0.2, rng=random.Random(1))
    return SyncWorker(store, {"sohoa": destination}, policy=policy, **worker_options)


def remote_dossiers(url: str, token: str | None = None, verify: Any = True) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.get(f"{url}/api/v1/dossiers", headers=headers, verify=verify, timeout=10)
    response.raise_for_status()
    result: list[dict[str, Any]] = response.json()
    return result


def local_checksums(store: Store, codes: list[str]) -> dict[str, list[tuple[str, str, int]]]:
    """Per dossier code: (name, sha256 of the file on disk, size) of the station's own copies."""
    found: dict[str, list[tuple[str, str, int]]] = {}
    for row in store.db.execute("select e.dossier_code, f.name, f.path from outbox_files f "
                                "join outbox_entries e on e.id = f.entry_id order by e.id, f.position"):
        if row[0] not in codes:
            continue
        data = (store.data_dir / row[2]).read_bytes()
        found.setdefault(row[0], []).append((row[1], hashlib.sha256(data).hexdigest(), len(data)))
    return found


def assert_exactly_once(store: Store, url: str, codes: list[str], **kw: Any) -> None:
    remote = remote_dossiers(url, **kw)
    assert sorted(d["code"] for d in remote) == sorted(codes), "every dossier arrives exactly once"
    local = local_checksums(store, codes)
    for d in remote:
        assert d["committed"] is True
        assert [(f["name"], f["sha256"], f["size"]) for f in d["files"]] == local[d["code"]]


def make_tls(folder: Path) -> tuple[Path, Path, Path]:
    """A private CA and a certificate for 127.0.0.1 signed by it: (ca.pem, server.pem, server.key)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CA tỉnh (thử nghiệm)")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    ca_pem, cert_pem, key_pem = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return ca_pem, cert_pem, key_pem


def kill_syncs_mid_send(data_dir: Path, root: Path, sync_args: Sequence[str], expected: int, *,
                        pause: float = 0.3, seed: int = 2026, attempts: int = 8) -> int:
    """Start ``sohoa outbox sync`` again and again and kill -9 each one a random moment after it takes an entry,
    until every one of ``expected`` entries is sent or the attempts run out. Answers how many processes were killed
    while they held an entry in the middle of a send (only those count)."""
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": str(root)}
    kills = 0
    watcher = Store(data_dir)
    try:
        for _ in range(attempts):
            process = subprocess.Popen([sys.executable, "-m", "cli", "outbox", "sync", *sync_args], env=env,
                                       cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            owner = [f"%:{process.pid}:%"]
            for _ in range(1000):  # until this process holds an entry (bounded: 10 s)
                owned = watcher.db.execute("select count(*) from outbox_entries where lease_owner like ?",
                                           owner).fetchone()[0]
                if process.poll() is not None or owned:
                    break
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, pause))
            mid_send = process.poll() is None and watcher.db.execute(
                "select count(*) from outbox_entries where lease_owner like ? and state = 'sending'",
                owner).fetchone()[0] > 0
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += mid_send
            if counts(watcher.db)[State.SENT] == expected:
                break
    finally:
        watcher.close()
    return kills
