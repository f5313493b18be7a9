"""``sohoa reuse find`` (which of a procedure's papers the citizen's data store already holds) and ``sohoa identity
check`` (is the applicant known, has an e-ID account): both lookups go to the audit trail."""

from __future__ import annotations

import argparse
import json

from app.core.config import load_settings
from app.core.storage import Store
from app.counter.identity import IdentityDesk
from app.counter.reuse import ReuseDesk, reuse_rows

ORDER = 62
NO_ACCOUNT = 1  # exit code of ``identity check`` when the person is unknown or has no e-ID account


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    reuse = subparsers.add_parser("reuse", help="tái sử dụng giấy tờ đã có trong kho dữ liệu / reuse papers the "
                                                "citizen's data store holds")
    sub = reuse.add_subparsers(dest="reuse_command", metavar="ACTION", required=True)
    p = sub.add_parser("find", help="tìm giấy tờ của công dân cho từng thành phần / papers found per component")
    p.add_argument("--applicant-id", required=True)
    p.add_argument("--applicant-name", default="")
    p.add_argument("--procedure", required=True, help="procedure code, e.g. 1.000948")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reuse_find)

    identity = subparsers.add_parser("identity", help="tra cứu định danh điện tử / the applicant's e-ID status")
    sub = identity.add_subparsers(dest="identity_command", metavar="ACTION", required=True)
    p = sub.add_parser("check", help="tra cứu một người / look one person up (exit 1: unknown or no account)")
    p.add_argument("--id", required=True, dest="personal_id")
    p.add_argument("--name", required=True)
    p.add_argument("--dob", required=True, help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_identity_check)


def cmd_reuse_find(args: argparse.Namespace) -> int:
    settings = load_settings()
    found = ReuseDesk(settings, Store(settings.data_path)).find(args.applicant_id, args.procedure,
                                                                args.applicant_name)
    if args.json:
        print(json.dumps(reuse_rows(found), ensure_ascii=False, indent=2))
        return 0
    for comp in found:
        print(f"{comp.code or '-'}\t{comp.name}")
        for paper in comp.papers:
            until = paper.valid_until or "không thời hạn / no expiry"
            print(f"\tCó trong kho / in the store: {paper.name} — {paper.so_ky_hieu} — {paper.agency} — "
                  f"{paper.result_code} — hiệu lực đến / valid until {until}")
        for paper in comp.expired:
            print(f"\tHết hiệu lực / expired: {paper.name} — {paper.so_ky_hieu} ({paper.valid_until})")
    return 0


def cmd_identity_check(args: argparse.Namespace) -> int:
    settings = load_settings()
    desk = IdentityDesk(settings, Store(settings.data_path))
    answer = desk.check(args.personal_id, args.name, args.dob)
    if args.json:
        print(json.dumps(answer.as_dict(), ensure_ascii=False))
    else:
        known = "có / yes" if answer.known else "không / no"
        account = f"có, mức {answer.ial} / yes, level {answer.ial}" if answer.vneid else "chưa có / none"
        print(f"Có trong CSDL dân cư / known: {known}; tài khoản VNeID / e-ID account: {account}")
    return 0 if answer.verified else NO_ACCOUNT
