"""``sohoa submit`` (finish a dossier from existing PDFs and queue it) and ``sohoa outbox list|sync|retry|cancel|
purge|secret``: the outbox from the command line, driving the same core as the counter window."""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
import threading
import time

from app.core.config import Settings, load_settings
from app.core.errors import ExitCode
from app.core.lazy import LazyModule
from app.core.storage import Store
from app.counter.submit import parse_component, parse_exempt, parse_reuse, submit_dossier
from app.dossiers.model import Applicant
from app.outbox import (
    STATE_LABELS,
    RetryPolicy,
    State,
    SyncWorker,
    adapters,  # its names load on first use: HTTP and the gateways only for the commands that send
    counts,
    head_schedule,
    list_entries,
    make_due_now,
    purge_acknowledged,
)
from app.outbox import cancel as cancel_entries
from app.outbox import retry as retry_entries
from app.outbox.model import OutboxError

ORDER = 60

auth = LazyModule("app.outbox.adapters.auth")  # the keyring and HTTP: only for `sohoa outbox secret`


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("submit", help="lập hồ sơ từ các tệp PDF và đưa vào hàng đợi gửi / "
                                             "finish a dossier from PDFs and queue it")
    p.add_argument("--procedure", required=True, help="procedure code, e.g. 1.000948")
    p.add_argument("--procedure-name", default="")
    p.add_argument("--applicant-id", required=True)
    p.add_argument("--applicant-name", required=True)
    p.add_argument("--component", action="append", required=True, metavar="[CODE:]NAME=FILE.pdf")
    p.add_argument("--exempt", action="append", default=[], metavar="[CODE:]NAME=REASON",
                   help="a paper not digitized: online, show_only, verification, secret")
    p.add_argument("--reuse", action="append", default=[], metavar="COMPONENT=RESULT_CODE:SO_KY_HIEU",
                   help="a paper the citizen's data store holds: not scanned, verified before sending")
    p.set_defaults(func=cmd_submit)

    outbox = subparsers.add_parser("outbox", help="hàng đợi gửi hồ sơ / the outbox")
    sub = outbox.add_subparsers(dest="outbox_command", metavar="ACTION", required=True)
    p = sub.add_parser("list", help="liệt kê / list entries")
    p.add_argument("--json", action="store_true")
    p.add_argument("--state", action="append", default=None,
                   choices=["queued", "sending", "sent", "needs_attention", "cancelled"])
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("sync", help="gửi hồ sơ / send queued dossiers")
    p.add_argument("--once", action="store_true", help="send what is queued, then exit (default: keep running)")
    p.add_argument("--server", default=None, help="receiver URL (else SOHOA_SERVER, else sync.server)")
    p.add_argument("--timeout", type=float, default=60.0, help="--once: give up retrying after S seconds")
    p.add_argument("--request-timeout", type=float, default=30.0, help="seconds to wait for one answer")
    p.add_argument("--chunk-size", type=int, default=1 << 20)
    p.add_argument("--backoff-base", type=float, default=2.0, help="first retry delay, seconds")
    p.add_argument("--backoff-max", type=float, default=None,
                   help="longest retry delay, seconds (default 15 with --once, else 600)")
    p.add_argument("--poll", type=float, default=30.0, help="seconds between looks at an idle queue")
    p.set_defaults(func=cmd_sync)

    for name, helptext, func in (("retry", "gửi lại / send again", cmd_retry), ("cancel", "hủy gửi / cancel",
                                                                                  cmd_cancel)):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("code", nargs="?", help="dossier code")
        if name == "retry":
            p.add_argument("--all", action="store_true", help="every entry that needs attention")
        p.set_defaults(func=func)

    p = sub.add_parser("purge", help="xóa bản sao giấy tờ đã được tiếp nhận / purge acknowledged papers")
    p.add_argument("--days", type=int, default=None, help="default: sync.purge_after_days")
    p.add_argument("--dry-run", action="store_true")
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("secret", help="lưu mã truy cập vào kho khóa / store a secret in the OS keyring")
    p.add_argument("kind", choices=["token", "client-secret", "dvcqg-password"])
    p.add_argument("--server", default=None)
    p.add_argument("--delete", action="store_true")
    p.set_defaults(func=cmd_secret)


def _store(settings: Settings) -> Store:
    return Store(settings.data_path)


def cmd_submit(args: argparse.Namespace) -> int:
    settings = load_settings()
    components = [parse_component(c) for c in args.component]
    applicant = Applicant(args.applicant_name, args.applicant_id)
    exempt = [parse_exempt(e) for e in args.exempt]
    reuse = [parse_reuse(r) for r in args.reuse]
    _, code = submit_dossier(_store(settings), settings, args.procedure, applicant, components, settings.sync.targets,
                             procedure_name=args.procedure_name, exempt=exempt, reuse=reuse)
    print(code)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    entries = list_entries(_store(load_settings()).db, [State(s) for s in args.state] if args.state else None)
    if args.json:
        print(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2))
        return 0
    for e in entries:
        vi, en = STATE_LABELS[e.state]
        extra = e.remote_id or ""
        if e.state in (State.NEEDS_ATTENTION, State.QUEUED) and e.reason_vi:
            extra = f"{e.reason_vi} / {e.reason_en}"
        print(f"{e.dossier_code}\t{e.state.value}\t{vi} ({en})\t{e.attempts}\t{extra}")
    return 0


def _say_status(status) -> None:  # type: ignore[no-untyped-def]
    online = {True: "trực tuyến / online", False: "ngoại tuyến / offline", None: "chưa rõ / unknown"}[status.online]
    counts = ", ".join(f"{s.value}={n}" for s, n in status.counts.items() if n)
    note = f" — {status.message_vi}" if status.message_vi else ""
    print(f"[{time.strftime('%H:%M:%S')}] {online}; {counts or 'trống / empty'}{note}", flush=True)


def cmd_sync(args: argparse.Namespace) -> int:
    from app.counter.followups import station_followups  # late: pyHanko loads only when the queue is synced

    settings = load_settings()
    schedule = head_schedule(settings)  # a bad setting is refused before anything is opened
    store = _store(settings)
    destinations = adapters.destinations_from_settings(settings, args.server, timeout=args.request_timeout,
                                                       chunk_size=args.chunk_size)
    cap = args.backoff_max if args.backoff_max is not None else (15.0 if args.once else 600.0)
    policy = RetryPolicy(base=args.backoff_base, cap=cap,
                         lease=max(120.0, 4 * args.request_timeout))
    last: list[tuple[object, ...]] = []

    def on_status(status) -> None:  # type: ignore[no-untyped-def]
        key = (status.online, status.message_vi, tuple(status.counts.values()))
        if not last or last[-1] != key:
            last.append(key)
            _say_status(status)

    worker = SyncWorker(store, destinations, policy=policy, on_status=on_status,
                        followups=station_followups(store, settings),
                        purge_after_days=settings.sync.purge_after_days, poll_seconds=args.poll,
                        audit_heads=schedule)
    make_due_now(store.db)
    if args.once:
        try:
            summary = worker.drain(args.timeout)
        finally:
            for destination in destinations.values():
                destination.close()
        left = counts(store.db)
        print(f"Đã gửi / sent: {summary.sent}; chờ gửi / queued: {left[State.QUEUED]}; "
              f"cần xử lý / needs attention: {left[State.NEEDS_ATTENTION]}")
        if left[State.QUEUED] or left[State.SENDING]:
            return int(ExitCode.NETWORK)
        return int(ExitCode.BLOCKED) if left[State.NEEDS_ATTENTION] else 0
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    worker.run_forever(stop)
    return 0


def _change(args: argparse.Namespace, action: str) -> int:
    db = _store(load_settings()).db
    if action == "retry" and getattr(args, "all", False):
        codes = sorted({e.dossier_code for e in list_entries(db, [State.NEEDS_ATTENTION])})
    elif args.code:
        codes = [args.code]
    else:
        raise OutboxError("no code", message_vi="Cần mã hồ sơ.", message_en="A dossier code is needed.")
    for code in codes:
        (retry_entries if action == "retry" else cancel_entries)(db, code)
        done = "đưa lại vào hàng đợi / queued again" if action == "retry" else "đã hủy gửi / cancelled"
        print(f"{code}: {done}")
    return 0


def cmd_retry(args: argparse.Namespace) -> int:
    return _change(args, "retry")


def cmd_cancel(args: argparse.Namespace) -> int:
    return _change(args, "cancel")


def cmd_purge(args: argparse.Namespace) -> int:
    settings = load_settings()
    days = settings.sync.purge_after_days if args.days is None else args.days
    report = purge_acknowledged(_store(settings), days, time.time(), dry_run=args.dry_run)
    verb = "sẽ xóa / would purge" if args.dry_run else "đã xóa / purged"
    print(f"{verb}: {len(report.dossiers)} hồ sơ / dossiers, {report.files} tệp / files, {report.bytes} bytes")
    for code in report.dossiers:
        print(code)
    return 0


def cmd_secret(args: argparse.Namespace) -> int:
    """A secret in the keyring under its server's origin; the DVCQG password under ``[sync.dvcqg] url``."""
    settings = load_settings()
    server = (adapters.dvcqg_url(settings) if args.kind == "dvcqg-password"
              else adapters.server_url(settings, args.server))
    kind = args.kind.replace("-", "_")
    if args.delete:
        auth.delete_secret(kind, server)
        print(f"Đã xóa / deleted: {args.kind} @ {server}")
        return 0
    value = getpass.getpass(f"{args.kind}: ") if sys.stdin.isatty() else sys.stdin.readline().strip()
    if not value:
        return 2
    auth.store_secret(kind, server, value)
    print(f"Đã lưu vào kho khóa / stored in the keyring: {args.kind} @ {server}")
    return 0
