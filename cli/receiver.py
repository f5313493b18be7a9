"""``sohoa receiver``: the reference receiver of the intake API, with fault knobs for tests and demos."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from app.core.codeformat import CodeFormat, station_number
from app.core.errors import BadInputError
from app.core.network import is_loopback

ORDER = 75


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("a rate is between 0 and 1")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("receiver", help="máy chủ nhận hồ sơ mẫu / the reference receiver")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--data", type=Path, required=True, help="folder for the receiver's database and files")
    p.add_argument("--token-file", type=Path, default=None,
                   help="require a bearer token held in this file: a shared token alone on a line, and/or lines "
                        "'STATION TOKEN' binding a token to a station (or set SOHOA_RECEIVER_TOKEN)")
    p.add_argument("--token", default=None,
                   help="the token itself, visible in ps: only with a loopback --host (tests)")
    p.add_argument("--client", action="append", default=[], metavar="ID:SECRET",
                   help="accept OAuth2 client credentials at /oauth/token")
    p.add_argument("--code-format", default="{agency}-{yymmdd}-{seq:04d}",
                   help="the agency's dossier code format: a code in a station's offline slot is accepted only from "
                        "that station's own OAuth2 client or bound token, once it has one")
    p.add_argument("--duplicates", choices=["replay", "conflict"], default="replay",
                   help="answer a repeated request with the original answer, or with 409")
    p.add_argument("--fail-rate", type=_rate, default=0.0, help="share of requests refused with 503")
    p.add_argument("--reset-rate", type=_rate, default=0.0, help="share of requests whose connection is dropped")
    p.add_argument("--delay-ms", default="0", help="answer delay in ms, N or MIN-MAX")
    p.add_argument("--down-for", type=float, default=0.0, metavar="S", help="refuse connections for S seconds")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--tls-cert", default=None)
    p.add_argument("--tls-key", default=None)
    p.add_argument("--dvcqg-user", default=None, help="emulate a province's DVCQG gateway with this account")
    p.add_argument("--dvcqg-password-file", type=Path, default=None, help="the account's password (first line)")
    p.add_argument("--dvcqg-password", default=None, help="the password itself (loopback only, for tests)")
    p.add_argument("--dvcqg-session-seconds", type=float, default=1800.0, help="how long a login session lasts")
    p.add_argument("--catalog", type=Path, default=None,
                   help="catalog file the gateway answers LayThuTuc from (default: the sample catalog)")
    p.add_argument("--kho-seed", type=Path, default=None,
                   help="answer the citizen's data store (GetKetQuaGiayTo, GetGiayToByUrl) from this JSON file")
    p.add_argument("--identity-seed", type=Path, default=None,
                   help="answer identity lookups (TraCuuCongDan) from this JSON file")
    p.set_defaults(func=cmd_receiver)


def _bad_token_file(path: Path, vi: str, en: str) -> BadInputError:
    return BadInputError(str(path), message_vi=f"Tệp mã truy cập {path}: {vi}", message_en=f"Token file {path}: {en}")


def read_token_file(path: Path) -> tuple[str | None, dict[str, str]]:
    """The shared token (a line holding only a token) and the tokens bound to stations (lines ``STATION TOKEN``);
    blank lines and ``#`` comments are skipped. Every token is at least 16 characters and used once."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(str(path), message_vi="Không đọc được tệp mã truy cập.",
                            message_en="Cannot read the token file.") from exc
    shared: str | None = None
    bound: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) > 2 or (len(parts) == 1 and shared is not None):
            raise _bad_token_file(path, f"dòng {number} phải là 'MÃ_TRẠM MÃ_TRUY_CẬP' (chỉ một mã dùng chung).",
                                  f"line {number} must be 'STATION TOKEN' (one shared token at most).")
        token = parts[-1]
        if len(token) < 16:
            raise _bad_token_file(path, "mã truy cập phải dài ít nhất 16 ký tự.",
                                  "a token must be at least 16 characters long.")
        if token in bound or token == shared:
            raise _bad_token_file(path, f"dòng {number} dùng lại một mã truy cập đã có.",
                                  f"line {number} repeats a token.")
        if len(parts) == 1:
            shared = token
            continue
        station_number(parts[0])  # a station id must end with its number, which picks the codes it owns
        if parts[0] in bound.values():
            raise _bad_token_file(path, f"trạm {parts[0]} có hai mã truy cập.", f"station {parts[0]} has two tokens.")
        bound[token] = parts[0]
    if shared is None and not bound:
        raise _bad_token_file(path, "không có mã truy cập nào.", "it holds no token.")
    return shared, bound


def _token(args: argparse.Namespace) -> tuple[str | None, dict[str, str]]:
    """The shared bearer token and the tokens bound to stations: from --token-file, else SOHOA_RECEIVER_TOKEN or
    --token (loopback only: ps shows it), which are shared."""
    if args.token and not is_loopback(args.host):
        raise BadInputError("--token", message_vi="--token chỉ dùng với --host 127.0.0.1 hoặc ::1 (lệnh hiện trong "
                            "ps); dùng --token-file hoặc SOHOA_RECEIVER_TOKEN.",
                            message_en="--token is only for a loopback --host (ps shows it); use --token-file or "
                            "SOHOA_RECEIVER_TOKEN.")
    if args.token_file is not None:
        return read_token_file(args.token_file)
    given: str | None = args.token or os.environ.get("SOHOA_RECEIVER_TOKEN") or None
    return given, {}


def cmd_receiver(args: argparse.Namespace) -> int:
    from app.receiver import (  # late: FastAPI and uvicorn load only when the receiver runs
        DvcqgOptions,
        Faults,
        is_loopback,
        main_serve,
    )

    try:
        delay = Faults.parse_delay(args.delay_ms)
    except ValueError:
        raise BadInputError(args.delay_ms, message_vi="--delay-ms phải là N hoặc MIN-MAX.",
                            message_en="--delay-ms must be N or MIN-MAX.") from None
    args.faults = Faults(args.fail_rate, args.reset_rate, delay, args.down_for, args.seed)
    CodeFormat.parse(args.code_format)  # a bad format is the admin's input: exit 2 before anything starts
    args.token, args.tokens = _token(args)
    clients = {}
    for item in args.client:
        client_id, sep, secret = item.partition(":")
        if not sep:
            raise BadInputError(item, message_vi="--client phải có dạng ID:SECRET.",
                                message_en="--client must be ID:SECRET.")
        clients[client_id] = secret
    args.clients = clients
    dvcqg = _dvcqg_options(args, is_loopback(args.host))
    args.dvcqg = DvcqgOptions(**dvcqg) if dvcqg else None
    args.data.mkdir(parents=True, exist_ok=True)
    return main_serve(args)


def _dvcqg_options(args: argparse.Namespace, loopback: bool) -> dict[str, Any] | None:
    """The emulated DVCQG gateway's account and catalog, checked; None when it is not asked for."""
    if not args.dvcqg_user:
        if args.dvcqg_password or args.dvcqg_password_file or args.catalog or args.kho_seed or args.identity_seed:
            raise BadInputError("--dvcqg-user", message_vi="Cần --dvcqg-user để giả lập cổng DVCQG.",
                                message_en="--dvcqg-user is needed to emulate the DVCQG gateway.")
        return None
    if args.dvcqg_password is not None and not loopback:
        raise BadInputError("--dvcqg-password", message_vi="--dvcqg-password chỉ dùng khi nghe trên 127.0.0.1; "
                            "hãy dùng --dvcqg-password-file.", message_en="--dvcqg-password is for loopback only; "
                            "use --dvcqg-password-file.")
    password = args.dvcqg_password
    if password is None and args.dvcqg_password_file is not None:
        try:
            password = args.dvcqg_password_file.read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, UnicodeDecodeError, IndexError) as exc:
            raise BadInputError(str(args.dvcqg_password_file), message_vi="Không đọc được tệp mật khẩu DVCQG.",
                                message_en="Cannot read the DVCQG password file.") from exc
    if not password:
        raise BadInputError("--dvcqg-password-file", message_vi="Cần mật khẩu cho tài khoản DVCQG "
                            "(--dvcqg-password-file).", message_en="The DVCQG account needs a password "
                            "(--dvcqg-password-file).")
    if args.catalog is not None and not args.catalog.is_file():
        raise BadInputError(str(args.catalog), message_vi="Không tìm thấy tệp danh mục.",
                            message_en="The catalog file was not found.")
    for seed in (args.kho_seed, args.identity_seed):
        if seed is not None and not seed.is_file():
            raise BadInputError(str(seed), message_vi="Không tìm thấy tệp dữ liệu mẫu.",
                                message_en="The seed file was not found.")
    return {"user": args.dvcqg_user, "password": password, "catalog": str(args.catalog) if args.catalog else None,
            "session_seconds": args.dvcqg_session_seconds,
            "kho_seed": str(args.kho_seed) if args.kho_seed else None,
            "identity_seed": str(args.identity_seed) if args.identity_seed else None}
