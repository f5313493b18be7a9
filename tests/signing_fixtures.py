"""The signing tests' PKI (a CA, a signer, a TSA and a CRL served on 127.0.0.1) and a real PKCS#11 token (SoftHSM2)
holding the signer's key: session fixtures for the whole suite (a plugin of tests/conftest.py), so the signing
tests and the counter-day tests share ONE token. The SoftHSM2 library reads its configuration once per process: a
second token folder made later would not be seen."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.timestamps import DummyTimeStamper

from tests.signing.pki import PASSWORD, Pki, crl, issue, make_ca, usage, write_p12

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL = "sohoa-test"
SO_PIN = "56781234"


@dataclass
class PkiServer:
    """TSA at /tsa and the CA's CRL at /ca.crl; ``requests`` counts what was asked (no sleeps needed)."""

    url: str
    crl: bytes = b""
    stamper: DummyTimeStamper | None = None
    requests: list[str] = field(default_factory=list)

    @property
    def tsa_url(self) -> str:
        return f"{self.url}/tsa"

    @property
    def crl_url(self) -> str:
        return f"{self.url}/ca.crl"


def _handler(state: PkiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self, body: bytes, ctype: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.requests.append(f"POST {self.path}")
            if self.path != "/tsa" or state.stamper is None:
                self.send_error(404)
                return
            response = state.stamper.request_tsa_response(tsp.TimeStampReq.load(body))
            self._reply(response.dump(), "application/timestamp-reply")

        def do_GET(self) -> None:
            state.requests.append(f"GET {self.path}")
            if self.path != "/ca.crl":
                self.send_error(404)
                return
            self._reply(state.crl, "application/pkix-crl")

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="session")
def pki_server() -> Iterator[PkiServer]:
    state = PkiServer("")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def offline_url() -> str:
    """A loopback URL where nothing listens: connection refused at once, like a counter without network."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory, pki_server: PkiServer) -> Pki:
    folder = tmp_path_factory.mktemp("pki")
    ca = make_ca("CA Kiểm thử SoHoa")
    signer = issue(ca, "Nguyễn Văn Ký", key_usage=usage(sign=True), crl_url=pki_server.crl_url)
    tsa = issue(ca, "TSA Kiểm thử", key_usage=usage(sign=True), tsa=True, crl_url=pki_server.crl_url)
    other = make_ca("CA Lạ")
    (folder / "ca.pem").write_bytes(ca.pem())
    (folder / "other-ca.pem").write_bytes(other.pem())
    write_p12(folder / "signer.p12", signer, [ca])
    write_p12(folder / "expired.p12", issue(ca, "Chứng thư Hết Hạn", key_usage=usage(sign=True), days=(-400, -35)),
              [ca])
    write_p12(folder / "nosign.p12", issue(ca, "Chỉ Mã Hóa", key_usage=usage(encipher=True)), [ca])
    write_p12(folder / "stranger.p12", issue(other, "Người Lạ", key_usage=usage(sign=True)), [other])
    (folder / "signer.key.pem").write_bytes(signer.key_pem())
    (folder / "signer.der").write_bytes(signer.der())
    (folder / "ca.der").write_bytes(ca.der())
    pki_server.crl = crl(ca)
    pki_server.stamper = DummyTimeStamper(asn1_x509.Certificate.load(tsa.der()),
                                          keys.PrivateKeyInfo.load(tsa.key_der()),
                                          certs_to_embed=[asn1_x509.Certificate.load(ca.der())])
    return Pki(folder, ca, signer, tsa, other)


@dataclass(frozen=True)
class SoftHsm:
    module: str
    label: str
    pin: str
    conf: Path


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory, pki: Pki) -> Iterator[SoftHsm]:
    """A real PKCS#11 token (SoftHSM2) in a private token folder, holding the signer's key and certificates."""
    if not Path(SOFTHSM_MODULE).exists() or not shutil.which("softhsm2-util"):
        pytest.fail("SoftHSM2 is not installed (scripts/install-system-deps.sh installs softhsm2 and opensc)")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    _run("softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL, "--pin", PASSWORD, "--so-pin", SO_PIN)
    _run("softhsm2-util", "--import", str(pki.folder / "signer.key.pem"), "--token", TOKEN_LABEL, "--label",
         "signer", "--id", "01", "--pin", PASSWORD)
    for path, label, obj_id in ((pki.folder / "signer.der", "signer", "01"), (pki.folder / "ca.der", "ca", "02")):
        _run("pkcs11-tool", "--module", SOFTHSM_MODULE, "--token-label", TOKEN_LABEL, "--login", "--pin", PASSWORD,
             "--write-object", str(path), "--type", "cert", "--id", obj_id, "--label", label)
    yield SoftHsm(SOFTHSM_MODULE, TOKEN_LABEL, PASSWORD, conf)
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous
