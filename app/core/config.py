"""Station settings: a TOML file under the platform's config dir, data under the platform's data dir.

``SOHOA_CONFIG`` (a file) and ``SOHOA_DATA_DIR`` (a folder) override both, for tests and for admins. Every value has
an embedded default, so a fresh station starts with no file at all. Secrets never live here (see keyring).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
import tomli_w

from app.core.errors import BadInputError
from app.core.files import atomic_write_bytes

APP_NAME = "SoHoa"


@dataclass
class StationSettings:
    agency_code: str = "000.00.01.H22"
    agency_name: str = "Sở Ngoại vụ tỉnh (mẫu)"
    receiving_unit: str = "Bộ phận Một cửa"
    station_id: str = "ST01"
    clerk: str = "can-bo-mot-cua"
    language: str = "vi"
    dossier_code_format: str = "{agency}-{yymmdd}-{seq:04d}"
    public_holidays: str = "VN"  # the country's public holidays skipped by appointments; "" for none
    days_off: list[str] = field(default_factory=list)  # extra days off decided for the year, ISO dates
    working_weekend_days: list[str] = field(default_factory=list)  # Saturdays worked in exchange ("làm bù")
    receipt_paper: str = "A5"  # the receipt's paper, "A5" or "A4": the PDF is laid out and printed at this size


@dataclass
class ScanSettings:
    device: str = ""  # empty: the embedded simulated feeder
    source: str = "adf"
    dpi: int = 300
    mode: str = "color"


@dataclass
class OcrSettings:
    languages: str = "vie+eng"
    engine: str = "tesserocr"  # "tesserocr" (in-process) or "ocrmypdf"
    tessdata: str = ""  # empty: found automatically
    workers: int = 0  # 0: one per core
    idle_minutes: int = 10  # page workers left this long without a page stop, giving their memory back; 0: never


@dataclass
class ChecksSettings:
    profile: str = "standard"
    while_scanning: bool = True  # check (and OCR) each page as it leaves the feeder; off: only when asked (F6)


@dataclass
class SigningSettings:
    method: str = "demo"  # "demo", "p12", "pkcs11"
    p12_path: str = ""
    pkcs11_module: str = ""
    token_label: str = ""
    key_label: str = ""
    cert_label: str = ""
    tsa_url: str = ""
    trust_roots: list[str] = field(default_factory=list)
    copy_kind: str = "Bản số hóa từ bản giấy"
    visible: bool = True
    stamp_template: str = ""  # empty: the ND 30/2020 text (see app.signing.appearance)
    stamp_box: list[float] = field(default_factory=list)  # empty: top right of page 1; else [x0, y0, x1, y1] in pt
    pkcs11_presets: dict[str, str] = field(default_factory=dict)  # admin's token drivers: name = module path
    ltv: bool = True  # embed revocation data (PAdES B-LT) when the TSA is reachable
    session_idle_minutes: int = 30  # the token stays logged in this long after the last signature


@dataclass
class DvcqgSettings:
    """A provincial gateway speaking the DVCQG calls (docs/sync.md): the names and paths are its contract, so a
    province whose gateway differs changes them here, not in code."""

    url: str = ""  # the gateway's root; empty: not configured
    username: str = ""
    madonvi: str = ""  # the receiving agency's code (MaDinhDanhDV), e.g. 000.00.01.H22
    dstcode: str = ""  # the header the login carries
    file_store_url: str = ""  # where files are uploaded first; empty: the gateway's root
    auth_endpoint: str = "/dvcqg/login"
    service_endpoint: str = "/dvcqg/service"
    upload_endpoint: str = "/dvcqg/files"
    sync_service: str = "DongBoHoSoMC"
    list_service: str = "LayDanhSachTTHC"
    procedure_service: str = "LayThuTuc"
    record_service: str = "DongBoGiayToKetQua"  # a standalone result record into the citizen's data store
    status: int = 1  # TrangThaiHoSo sent with a dossier just received (1-10; 9 processed, 10 returned)
    applicant_kind: int = 1  # LoaiDoiTuong when the station does not know it (1 citizen)
    session_expired_codes: list[str] = field(default_factory=lambda: ["401"])  # error_code: log in again
    field_names: dict[str, str] = field(default_factory=dict)  # wire names the gateway spells differently


@dataclass
class SyncSettings:
    server: str = ""  # empty: the reference receiver the demo starts on 127.0.0.1
    auth: str = "bearer"  # "bearer", "oauth2", "none"
    token_url: str = ""
    client_id: str = ""
    ca_bundle: str = ""
    allow_plain_http: bool = False  # plain HTTP to another machine (never with a secret); logged at every start
    purge_after_days: int = 30
    adapter: str = "sohoa"  # the single destination when ``destinations`` is empty
    destinations: list[str] = field(default_factory=list)  # each dossier goes to each (e.g. ["dvcqg"])
    dvcqg: DvcqgSettings = field(default_factory=DvcqgSettings)

    @property
    def targets(self) -> list[str]:
        """Every destination a dossier is queued for, in order, each once."""
        return list(dict.fromkeys(self.destinations)) or [self.adapter]


@dataclass
class KhoSettings:
    """The citizen's electronic data store (Kho quản lý dữ liệu điện tử), asked before scanning which papers exist
    already (docs/sync.md). Reached like the DVCQG gateway: the same account and session."""

    url: str = ""  # empty: the DVCQG gateway's root ([sync.dvcqg] url); both empty: no lookup, manual reuse only
    lookup_service: str = "GetKetQuaGiayTo"
    file_service: str = "GetGiayToByUrl"
    channel: str = "1"  # KenhThucHien: 1 = an officer at the counter


@dataclass
class ResultsSettings:
    """The backlog of results issued earlier and still in force (docs/results.md): how many the agency counted, so
    the report shows the progress toward digitizing 100 % of them. 0 or absent: not counted yet (no share shown)."""

    backlog_total: int = 0  # every result type
    backlog_by_type: dict[str, int] = field(default_factory=dict)  # per result type (MaKetQua), when counted


@dataclass
class IdentitySettings:
    """Who answers "is this person known, has an e-ID (VNeID) account, at which level": a province's population
    database or VNeID gateway, reached like the DVCQG gateway."""

    url: str = ""  # empty: the DVCQG gateway's root
    service: str = "TraCuuCongDan"
    portal_url: str = "https://vneid.gov.vn"  # the registration guide's QR code points here


@dataclass
class AuditSettings:
    """The audit trail's head goes to the receiving server with each dossier, and on its own this often when the
    trail has moved since the last head sent (0: only with dossiers)."""

    head_interval_minutes: int = 60


@dataclass
class Settings:
    station: StationSettings = field(default_factory=StationSettings)
    scan: ScanSettings = field(default_factory=ScanSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    checks: ChecksSettings = field(default_factory=ChecksSettings)
    signing: SigningSettings = field(default_factory=SigningSettings)
    sync: SyncSettings = field(default_factory=SyncSettings)
    kho: KhoSettings = field(default_factory=KhoSettings)
    identity: IdentitySettings = field(default_factory=IdentitySettings)
    audit: AuditSettings = field(default_factory=AuditSettings)
    results: ResultsSettings = field(default_factory=ResultsSettings)
    data_dir: str = ""  # empty: the platform's data dir (or SOHOA_DATA_DIR)

    @property
    def data_path(self) -> Path:
        return data_dir(self)

    @property
    def database_path(self) -> Path:
        return self.data_path / "sohoa.db"


def config_path() -> Path:
    env = os.environ.get("SOHOA_CONFIG")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.toml"


def data_dir(settings: Settings | None = None) -> Path:
    env = os.environ.get("SOHOA_DATA_DIR")
    if env:
        return Path(env)
    if settings is not None and settings.data_dir:
        return Path(settings.data_dir)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Files the station can make again from its own inputs (fonts scaled for signatures): the platform's cache
    folder (``SOHOA_CACHE_DIR`` in tests), never the data folder, which holds citizens' papers."""
    env = os.environ.get("SOHOA_CACHE_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


T = TypeVar("T")


def _merge(cls: type[T], values: dict[str, Any], where: str) -> T:
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise BadInputError(f"{where}: unknown setting '{key}'",
                                message_vi="Tệp cấu hình có mục không hợp lệ.",
                                message_en="Invalid setting in the config file.")
        default = getattr(cls(), key)
        if is_dataclass(default):
            if not isinstance(value, dict):
                raise BadInputError(f"{where}.{key} must be a table")
            kwargs[key] = _merge(type(default), value, f"{where}.{key}")
        else:
            kwargs[key] = value
    return cls(**kwargs)


ENV_OVERRIDES = {"SOHOA_DATA_DIR": ("", "data_dir"), "SOHOA_SERVER": ("sync", "server")}


def load_file_settings(path: Path) -> Settings:
    """The settings file alone (embedded defaults when there is none)."""
    if not path.exists():
        return Settings()
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInputError(f"{path}: {exc}", message_vi="Tệp cấu hình bị lỗi cú pháp.",
                            message_en="The config file has a syntax error.") from exc
    return _merge(Settings, values, path.name)


def load_settings(path: Path | None = None) -> Settings:
    """The settings file (embedded defaults when there is none), then the environment's overrides, read here once:
    ``SOHOA_DATA_DIR`` (the data folder) and ``SOHOA_SERVER`` (the receiving server)."""
    settings = load_file_settings(path or config_path())
    for variable, (table, key) in ENV_OVERRIDES.items():
        if os.environ.get(variable):
            setattr(getattr(settings, table) if table else settings, key, os.environ[variable])
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings file; a value the environment overrides keeps what the file had (it is not the admin's
    setting, only this run's)."""
    path = path or config_path()
    data = asdict(settings)
    on_disk = asdict(load_file_settings(path))
    for variable, (table, key) in ENV_OVERRIDES.items():
        if os.environ.get(variable):
            (data[table] if table else data)[key] = (on_disk[table] if table else on_disk)[key]
    atomic_write_bytes(path, tomli_w.dumps(data).encode("utf-8"))
    return path
