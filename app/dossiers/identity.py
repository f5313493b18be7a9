"""The structure of the 12-digit personal ID number (số định danh cá nhân, TT 07/2016/TT-BCA as amended by
TT 59/2021/TT-BCA): digits 1–3 the province where the birth was registered, digit 4 the century of birth and the
sex, digits 5–6 the last two digits of the birth year, digits 7–12 a random sequence. What cannot be true is refused;
what disagrees with the date of birth or sex the clerk typed is a warning that names the digit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from app.core.storage import VN_TZ

# Province codes of the 63 provinces and centrally-run cities (the annex of TT 07/2016, which takes the codes of the
# national list of administrative units). Odd gaps (003, 005, …) are codes of units that no longer exist.
PROVINCES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình",
    "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng", "033": "Hưng Yên",
    "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An",
    "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên", "056": "Khánh Hòa",
    "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum", "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông",
    "068": "Lâm Đồng", "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang", "083": "Bến Tre",
    "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang",
    "092": "Cần Thơ", "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}
CENTURIES = {0: 1900, 2: 2000, 4: 2100}  # digit 4 = century code + 1 for a woman
MALE, FEMALE = "nam", "nu"
_TWELVE = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class IdProblem:
    digits: str  # which digits, as the clerk reads them: "1–3", "4", "5–6"
    message_vi: str
    message_en: str
    blocking: bool  # the number cannot exist (refused); otherwise it disagrees with what was typed (a warning)


def birth_century(personal_id: str) -> tuple[int, str] | None:
    """(first year of the century, sex) digit 4 states, or None when it states none."""
    digit = int(personal_id[3])
    base = CENTURIES.get(digit - digit % 2)
    return None if base is None else (base, FEMALE if digit % 2 else MALE)


def id_problems(personal_id: str, *, birth: date | None = None, sex: str = "",
                today: date | None = None) -> list[IdProblem]:
    """What is wrong with ``personal_id``: its shape and structure, then its agreement with ``birth`` and ``sex``."""
    pid = personal_id.strip()
    if not _TWELVE.match(pid):
        return [IdProblem("", "Số định danh cá nhân phải gồm đúng 12 chữ số.",
                          "The personal ID number must be exactly 12 digits.", True)]
    found: list[IdProblem] = []
    if pid[:3] not in PROVINCES:
        # not refused: a birth registered abroad takes the country's code here (TT 59/2021), not a province's
        found.append(IdProblem("1–3", f"Chữ số 1–3 ({pid[:3]}) không phải mã tỉnh, thành phố nơi đăng ký khai sinh; "
                                      "nếu khai sinh ở nước ngoài thì đó là mã quốc gia: đối chiếu với thẻ.",
                               f"Digits 1–3 ({pid[:3]}) are not a province code of birth registration; for a birth "
                               "registered abroad they are the country's code: check against the card.", False))
    century = birth_century(pid)
    if century is None:
        found.append(IdProblem("4", f"Chữ số thứ 4 ({pid[3]}) phải là mã thế kỷ và giới tính, từ 0 đến 5.",
                               f"Digit 4 ({pid[3]}) must be the century and sex code, 0 to 5.", True))
        return found
    year = century[0] + int(pid[4:6])
    if year > (today or datetime.now(VN_TZ).date()).year:
        found.append(IdProblem("4–6", f"Chữ số 4–6 cho năm sinh {year}, chưa tới.",
                               f"Digits 4–6 give the birth year {year}, which is still to come.", True))
    if birth is not None and birth.year // 100 * 100 != century[0]:
        found.append(IdProblem("4", f"Chữ số thứ 4 ({pid[3]}) cho thế kỷ sinh {century[0]}–{century[0] + 99}, "
                                    f"không khớp năm sinh {birth.year}.",
                               f"Digit 4 ({pid[3]}) gives a birth in {century[0]}–{century[0] + 99}, not "
                               f"{birth.year}.", False))
    if birth is not None and birth.year % 100 != int(pid[4:6]):
        found.append(IdProblem("5–6", f"Chữ số 5–6 ({pid[4:6]}) không khớp năm sinh {birth.year}.",
                               f"Digits 5–6 ({pid[4:6]}) do not match the birth year {birth.year}.", False))
    if sex in (MALE, FEMALE) and sex != century[1]:
        stated_vi, stated_en = ("nữ", "female") if century[1] == FEMALE else ("nam", "male")
        found.append(IdProblem("4", f"Chữ số thứ 4 ({pid[3]}) là của người {stated_vi}, khác giới tính đã chọn.",
                               f"Digit 4 ({pid[3]}) is that of a {stated_en}, not the sex chosen.", False))
    return found
