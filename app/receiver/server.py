"""Run the reference receiver: in this process (``sohoa receiver``) or as a child process for tests, benchmarks
and the demo (:func:`start_receiver_process`)."""

from __future__ import annotations

import multiprocessing
import socket
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import uvicorn

from app.core.errors import BadInputError
from app.core.network import is_loopback
from app.core.processes import end_with_parent
from app.receiver.api import create_app
from app.receiver.dvcqg_api import add_dvcqg_routes
from app.receiver.dvcqg_store import DvcqgEmulator
from app.receiver.faults import FaultMiddleware, Faults
from app.receiver.lookup_seeds import IdentitySeed, KhoSeed
from app.receiver.ownership import DEFAULT_FORMAT
from app.receiver.store import ReceiverStore


class OpenReceiverRefused(BadInputError):
    message_vi = ("Máy chủ nhận hồ sơ không có mã truy cập chỉ được nghe trên 127.0.0.1 hoặc ::1. Đặt mã trong một tệp "
                  "(--token-file) hoặc biến môi trường SOHOA_RECEIVER_TOKEN, hoặc khai báo --client.")
    message_en = ("A receiver without an access token listens only on 127.0.0.1 or ::1. Put a token in a file "
                  "(--token-file) or the SOHOA_RECEIVER_TOKEN environment variable, or declare --client.")


@dataclass(frozen=True)
class DvcqgOptions:
    """The emulated provincial gateway: its one account, its catalog file (None: the sample), session lifetime."""

    user: str
    password: str
    catalog: str | None = None
    session_seconds: float = 1800.0
    kho_seed: str | None = None  # the citizen's data store, answered from this file (lookup_seeds)
    identity_seed: str | None = None


def seeded_lookups(kho: str | None, identity: str | None) -> dict[str, Any]:
    """The gateway's extra calls answered from seed files, under the station's default service names."""
    calls: dict[str, Any] = {}
    if kho:
        seed = KhoSeed(Path(kho))
        calls |= {"GetKetQuaGiayTo": seed.lookup, "GetGiayToByUrl": seed.file}
    if identity:
        calls["TraCuuCongDan"] = IdentitySeed(Path(identity)).lookup
    return calls


def serve(data: Path, host: str = "127.0.0.1", port: int = 0, *, faults: Faults | None = None,
          token: str | None = None, clients: Mapping[str, str] | None = None, duplicates: str = "replay",
          tls_cert: str | None = None, tls_key: str | None = None, dvcqg: DvcqgOptions | None = None,
          code_format: str = DEFAULT_FORMAT, tokens: Mapping[str, str] | None = None,
          ready: Callable[[str], None] | None = None) -> None:
    """Serve until SIGINT/SIGTERM. ``ready(url)`` is called once the port is bound; with ``faults.down_for`` the
    socket only starts listening that many seconds later (clients get 'connection refused' meanwhile)."""
    if not (token or clients or tokens) and not is_loopback(host):
        raise OpenReceiverRefused(host)
    faults = faults or Faults()
    store = ReceiverStore(data)
    app: Any = create_app(store, token=token, clients=clients, duplicates=duplicates, code_format=code_format,
                          tokens=tokens)
    emulator = None
    if dvcqg is not None:
        emulator = DvcqgEmulator(data, dvcqg.user, dvcqg.password, Path(dvcqg.catalog) if dvcqg.catalog else None,
                                 dvcqg.session_seconds, seeded_lookups(dvcqg.kho_seed, dvcqg.identity_seed))
        add_dvcqg_routes(app, emulator, open_reads=is_loopback(host))
    if faults.active:
        app = FaultMiddleware(app, faults)
    # proto given explicitly: asyncio sets TCP_NODELAY on accepted sockets only when proto is IPPROTO_TCP, and
    # without it every answer waits ~40 ms for the client's delayed ACK
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound = sock.getsockname()[1]
    scheme = "https" if tls_cert else "http"
    shown = f"[{host}]" if ":" in host else host
    if faults.down_for <= 0:
        sock.listen(2048)
    if ready is not None:
        ready(f"{scheme}://{shown}:{bound}")
    if faults.down_for > 0:
        time.sleep(faults.down_for)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", ssl_certfile=tls_cert,
                            ssl_keyfile=tls_key, timeout_graceful_shutdown=2, backlog=2048)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        store.close()
        if emulator is not None:
            emulator.close()
        sock.close()


def _child(conn: Connection, data: str, host: str, port: int, options: dict[str, Any]) -> None:
    def ready(url: str) -> None:
        conn.send(url)
        conn.close()

    end_with_parent()  # a station or a test run that is killed takes its receiver with it
    serve(Path(data), host, port, ready=ready, **options)


def _context() -> Any:
    """A fork server where there is one (a fresh child in milliseconds, safe in a threaded GUI), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["app.receiver.server"])
        return context
    return multiprocessing.get_context("spawn")


def start_receiver_process(data_dir: Path, port: int = 0, host: str = "127.0.0.1", *, fail_rate: float = 0.0,
                           reset_rate: float = 0.0, delay_ms: tuple[int, int] | int = 0, down_for: float = 0.0,
                           seed: int | None = None, token: str | None = None,
                           clients: Mapping[str, str] | None = None, duplicates: str = "replay",
                           tls_cert: str | None = None, tls_key: str | None = None,
                           dvcqg: DvcqgOptions | None = None, code_format: str = DEFAULT_FORMAT,
                           tokens: Mapping[str, str] | None = None) -> tuple[str, Callable[[], None]]:
    """Start a receiver in a child process; returns its URL (once bound) and a ``stop()`` that ends it."""
    delay = (delay_ms, delay_ms) if isinstance(delay_ms, int) else delay_ms
    faults = Faults(fail_rate, reset_rate, delay, down_for, seed)
    options = {"faults": faults, "token": token, "clients": dict(clients or {}), "duplicates": duplicates,
               "tls_cert": tls_cert, "tls_key": tls_key, "dvcqg": dvcqg, "code_format": code_format,
               "tokens": dict(tokens or {})}
    context = _context()
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, str(data_dir), host, port, options), daemon=True,
                              name="sohoa-receiver")
    process.start()
    child.close()
    try:
        if not parent.poll(60):
            raise EOFError
        url = str(parent.recv())
    except EOFError:
        process.kill()
        raise RuntimeError(f"the reference receiver did not start (exit code {process.exitcode})") from None
    finally:
        parent.close()

    def stop() -> None:
        if process.is_alive():
            process.terminate()
            process.join(10)
        if process.is_alive():
            process.kill()
            process.join(5)

    return url, stop


def main_serve(args: Any) -> int:
    """``sohoa receiver``: print the URL, then serve until Ctrl-C / SIGTERM."""

    def ready(url: str) -> None:
        print(f"SoHoa receiver: {url} (data: {args.data})", flush=True)

    serve(Path(args.data), args.host, args.port, faults=args.faults, token=args.token, clients=args.clients,
          duplicates=args.duplicates, tls_cert=args.tls_cert, tls_key=args.tls_key, dvcqg=args.dvcqg,
          code_format=args.code_format, tokens=args.tokens, ready=ready)
    sys.stdout.flush()
    return 0
