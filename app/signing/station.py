"""The signing set-up of this station from its settings, for the GUI, the CLI and the outbox: which key, which
trust roots, which TSA, which look. The demo method brings its own certificate, CA and PIN."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.core.config import Settings
from app.signing.appearance import Appearance
from app.signing.config import SignerConfig, signer_from_settings
from app.signing.demo import demo_folder, ensure_demo_signer
from app.signing.pin import PinProvider


@dataclass
class StationSigner:
    config: SignerConfig
    trust_roots: list[Path]
    appearance: Appearance
    tsa_url: str | None
    ltv: bool
    demo_pin: PinProvider | None = None  # only for the demo certificate; real keys always ask
    warnings: list[str] = field(default_factory=list)


def station_signer(settings: Settings, *, visible: bool | None = None,
                   extra_trust: list[Path] | None = None) -> StationSigner:
    s = settings.signing
    roots = [Path(p) for p in s.trust_roots] + list(extra_trust or [])
    config = signer_from_settings(settings)
    demo_pin = None
    if config is None:
        demo = ensure_demo_signer(settings)
        config, demo_pin = demo.config, demo.pin()
        roots.append(demo.ca_path)
    return StationSigner(config, roots, Appearance.from_settings(settings, visible), s.tsa_url or None, s.ltv,
                         demo_pin)


def demo_trust_roots(settings: Settings) -> list[Path]:
    """The demo CA when it exists, so files signed by the demo certificate verify on this station."""
    path = demo_folder(settings) / "demo-ca.pem"
    return [path] if path.exists() else []
