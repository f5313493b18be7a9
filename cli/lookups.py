"""``sohoa reuse find`` (which of a procedure's papers the citizen's data store already holds) and ``sohoa identity
check`` (is the applicant known, has an e-ID account): both lookups go to the audit trail."""

from __future__ import annotations

import argparse

ORDER = 62


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    reuse = subparsers.add_parser("reuse", help="tái sử dụng giấy tờ đã có trong kho dữ liệu / reuse papers the "
                                                "citizen's data store holds")
    sub = reuse.add_subparsers(dest="reuse_command", metavar="ACTION", required=True)
    p = sub.add_parser("find", help="tìm giấy tờ của công dân cho từng thành phần / papers found per component")
    p.add_argument("--applicant-id", required=True)
    p.add_argument("--applicant-name", default="")
    p.add_argument("--procedure", required=True, help="procedure code, e.g. 1.000948")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run, run="cmd_reuse_find")

    identity = subparsers.add_parser("identity", help="tra cứu định danh điện tử / the applicant's e-ID status")
    sub = identity.add_subparsers(dest="identity_command", metavar="ACTION", required=True)
    p = sub.add_parser("check", help="tra cứu một người / look one person up (exit 1: unknown or no account)")
    p.add_argument("--id", required=True, dest="personal_id")
    p.add_argument("--name", required=True)
    p.add_argument("--dob", required=True, help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run, run="cmd_identity_check")


def run(args: argparse.Namespace) -> int:
    from cli import lookups_run  # late: the lookups load the outbox, the papers (ReportLab) and the gateway client

    code: int = getattr(lookups_run, args.run)(args)
    return code
