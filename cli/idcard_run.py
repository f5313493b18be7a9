"""``sohoa idcard read``: exit 0 with the card's fields, 1 when no card QR is found, 2 for a file that cannot be
read (refused whole, as any imported file)."""

from __future__ import annotations

import argparse
import json
import os
import sys

from app.capture.idcard import read_file

LABELS = {"id": ("Số định danh", "ID number"), "old_id": ("Số CMND cũ", "Old ID number"),
          "name": ("Họ và tên", "Full name"), "dob": ("Ngày sinh", "Date of birth"), "sex": ("Giới tính", "Sex"),
          "address": ("Nơi thường trú", "Address"), "issued": ("Ngày cấp", "Issued")}

SEXES = {"nam": ("Nam", "Male"), "nu": ("Nữ", "Female")}


def cmd_read(args: argparse.Namespace) -> int:
    card = read_file(args.file).require()
    fields = card.as_json()
    vi = os.environ.get("SOHOA_LANG", "vi") == "vi"
    if args.json:
        print(json.dumps(fields, ensure_ascii=False))
    else:
        fields["sex"] = SEXES.get(fields["sex"], ("", ""))[0 if vi else 1]
        for key, (label_vi, label_en) in LABELS.items():
            print(f"{label_vi if vi else label_en}: {fields[key] or ''}")
    for problem in card.warnings():  # what the ID's structure says against the card: told, never refused
        print(f"sohoa: {problem.message_vi if vi else problem.message_en}", file=sys.stderr)
    return 0
