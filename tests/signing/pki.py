"""A small test PKI made with cryptography: a CA with a CRL, good and bad signers, a TSA certificate, another CA."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSWORD = "1234"


def name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kiểm thử SoHoa"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def usage(*, sign: bool = False, ca: bool = False, encipher: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=sign, content_commitment=sign, key_encipherment=encipher,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def key_pem(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())

    def key_der(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(common: str) -> Issued:
    key = new_key()
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name(common)).issuer_name(name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=30)).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(usage(ca=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return Issued(key, cert)


def issue(ca: Issued, common: str, *, key_usage: x509.KeyUsage | None = None, days: tuple[int, int] = (-1, 365),
          crl_url: str | None = None, tsa: bool = False) -> Issued:
    key = new_key()
    now = datetime.now(UTC)
    builder = (x509.CertificateBuilder().subject_name(name(common)).issuer_name(ca.cert.subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now + timedelta(days=days[0])).not_valid_after(now + timedelta(days=days[1]))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False))
    if key_usage is not None:
        builder = builder.add_extension(key_usage, critical=True)
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    if crl_url:
        point = x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    return Issued(key, builder.sign(ca.key, hashes.SHA256()))


def crl(ca: Issued) -> bytes:
    now = datetime.now(UTC)
    built = (x509.CertificateRevocationListBuilder().issuer_name(ca.cert.subject)
             .last_update(now - timedelta(minutes=5)).next_update(now + timedelta(days=7))
             .add_extension(x509.CRLNumber(1), critical=False)
             .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
             .sign(ca.key, hashes.SHA256()))
    return built.public_bytes(serialization.Encoding.DER)


def write_p12(path: Path, issued: Issued, chain: list[Issued], password: str = PASSWORD) -> Path:
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", issued.key, issued.cert, [c.cert for c in chain],
        serialization.BestAvailableEncryption(password.encode())))
    return path


@dataclass
class Pki:
    folder: Path
    ca: Issued
    signer: Issued
    tsa: Issued
    other_ca: Issued

    @property
    def ca_pem(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def other_ca_pem(self) -> Path:
        return self.folder / "other-ca.pem"

    def p12(self, which: str) -> Path:
        return self.folder / f"{which}.p12"
