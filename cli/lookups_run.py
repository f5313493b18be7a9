"""The work of ``sohoa reuse find`` and ``sohoa identity check``, loaded only when one runs."""

from __future__ import annotations

import argparse
import json

from app.core.config import load_settings
from app.core.errors import ExitCode
from app.core.storage import Store
from app.counter.identity import IdentityDesk
from app.counter.reuse import ReuseDesk, reuse_rows


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
    return ExitCode.OK if answer.verified else ExitCode.BLOCKED  # 1: unknown, or no e-ID account
