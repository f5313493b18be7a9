"""The work behind ``sohoa separator print`` and ``sohoa results …`` (loaded only when one of them runs)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from app.checks.profiles import load_profile
from app.core.errors import BadInputError, ExitCode
from app.results.separator import MAX_SHEETS, make_separator, separator_pdf
from app.results.split import split_pages
from cli.building_run import collect_pages


def _print(data: Any, as_json: bool, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if as_json else text)


def separator_print(args: argparse.Namespace) -> int:
    if not 1 <= args.count <= MAX_SHEETS:
        raise BadInputError(str(args.count), message_vi=f"--count phải từ 1 đến {MAX_SHEETS}.",
                            message_en=f"--count must be 1 to {MAX_SHEETS}.")
    separator = make_separator(args.type, args.dossier)
    separator_pdf(args.out, [separator] * args.count)
    print(args.out)
    return ExitCode.OK


def split(args: argparse.Namespace) -> int:
    profile = load_profile(args.profile)
    pages = collect_pages(args.path)
    documents = split_pages(pages, profile=profile, blank_separates=args.blank_separates)
    data = [d.as_json() for d in documents]
    lines = [f"{n}. trang/pages {', '.join(map(str, d.pages))}" for n, d in enumerate(documents, start=1)]
    _print(data, args.json, "\n".join(lines) or "Không có tài liệu nào / no document.")
    return ExitCode.OK


ACTIONS: dict[str, Callable[[argparse.Namespace], int]] = {"separator_print": separator_print, "split": split}


def dispatch(args: argparse.Namespace) -> int:
    action = ACTIONS.get(args.action)
    if action is None:
        print(f"sohoa: {args.action}: chưa hỗ trợ / not supported yet", file=sys.stderr)
        return ExitCode.BAD_INPUT
    return action(args)
