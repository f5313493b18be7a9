"""Auth and transport security against the real receiver: bearer token and OAuth2 client credentials kept in the
keyring, TLS verified against an admin's CA bundle."""

from __future__ import annotations

import ssl
from pathlib import Path

from app.core.config import Settings, SyncSettings, save_settings
from app.core.storage import Store
from app.outbox import State, list_entries
from app.outbox.adapters.auth import load_secret, store_secret
from tests.outbox.support import assert_exactly_once, make_tls, make_worker, submit_many


def test_bearer_token_from_the_keyring(station: Store, tmp_path: Path, receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver(token="tok-ST01")
    codes = submit_many(station, tmp_path, 2)
    store_secret("token", url, "tok-ST01")
    make_worker(station, url).drain(20)
    assert_exactly_once(station, url, codes, token="tok-ST01")


def test_oauth2_client_credentials(station: Store, tmp_path: Path, receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver(clients={"station-01": "s3cr3t"})
    settings = Settings(sync=SyncSettings(auth="oauth2", token_url=f"{url}/oauth/token", client_id="station-01"))
    config = save_settings(settings)
    store_secret("client_secret", url, "s3cr3t")
    codes = submit_many(station, tmp_path, 2)
    make_worker(station, url, settings=settings).drain(20)
    assert {e.state for e in list_entries(station.db)} == {State.SENT}
    assert "s3cr3t" not in config.read_text(encoding="utf-8"), "secrets never go to the settings file"
    assert load_secret("client_secret", url.replace("127.0.0.1", "localhost")) is None, "secrets are per server"
    assert codes


def test_wrong_oauth2_secret_needs_attention(station: Store, tmp_path: Path,  # type: ignore[no-untyped-def]
                                            receiver) -> None:
    url = receiver(clients={"station-01": "s3cr3t"})
    settings = Settings(sync=SyncSettings(auth="oauth2", token_url=f"{url}/oauth/token", client_id="station-01"))
    store_secret("client_secret", url, "wrong")
    submit_many(station, tmp_path, 1)
    make_worker(station, url, settings=settings).run_once()
    (entry,) = list_entries(station.db)
    assert entry.state is State.NEEDS_ATTENTION and entry.reason_code == "auth"


def test_tls_with_the_admins_ca_bundle(station: Store, tmp_path: Path, receiver) -> None:  # type: ignore[no-untyped-def]
    ca, cert, key = make_tls(tmp_path / "tls")
    url = receiver(tls_cert=str(cert), tls_key=str(key))
    assert url.startswith("https://")
    codes = submit_many(station, tmp_path, 1)
    untrusted = make_worker(station, url)
    untrusted.run_once()
    untrusted.destinations["sohoa"].close()
    (entry,) = list_entries(station.db)
    assert entry.state is State.QUEUED and entry.reason_code == "tls" and untrusted.online is False
    trusted = make_worker(station, url, settings=Settings(sync=SyncSettings(ca_bundle=str(ca))))
    trusted.drain(20)
    trusted.destinations["sohoa"].close()
    assert_exactly_once(station, url, codes, verify=ssl.create_default_context(cafile=str(ca)))
