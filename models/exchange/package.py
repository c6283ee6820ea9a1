"""The package file (.glpkg): a zip holding `manifest.json` and one payload — a town's changeset
(`changes.bin`, kind "changes") or a district's decisions (`decisions.json`, kind "decisions").

The manifest says who made it (town key, name, county and town codes; or the district), the sequence number,
whether it is full or incremental, the schema version of the travelling tables, row counts, the payload's size
and SHA-256. Reading checks everything a file can get wrong before anything is applied — empty, truncated,
foreign, damaged, altered — and refuses with a Chinese reason (`PackageRefused`). A flipped byte inside a
changeset value would otherwise apply silently with wrong data: the digest is not optional.

A package may be sealed with a password (issue 9: copies that leave the PC; the default once the database has
accounts): the payload is then stored as `changes.bin.enc` / `decisions.json.enc`, encrypted by models.crypto
(AES-256-GCM, scrypt key), and the manifest says `"encrypted": true`. The manifest stays readable — it names the
town, sequence and counts, never a member — so a district can order and check packages before asking for any
password; `payload_size` and `payload_sha256` are those of the plain payload, checked again after decrypting
(`unseal`). Nothing a package carries about a member is in the clear in a sealed file.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Refused

FORMAT = "gridledger-exchange"
VERSION = 1
MANIFEST = "manifest.json"
PAYLOAD = {"changes": "changes.bin", "decisions": "decisions.json"}
SUFFIX = ".glpkg"
SEALED_SUFFIX = ".enc"
_MAX_MANIFEST = 4 * 1024 * 1024


class PackageRefused(Refused):
    """A package refused whole; the message is Chinese and says why."""


class PackageLocked(PackageRefused):
    """A sealed package opened without its password, or with a wrong one."""


@dataclass(frozen=True)
class Package:
    path: Path
    manifest: dict[str, Any]
    payload: bytes  # the plain payload; b"" while the package is still sealed
    sealed: bytes = b""  # the encrypted payload of a password-protected package, until `unseal`

    @property
    def encrypted(self) -> bool:
        return bool(self.manifest.get("encrypted"))

    @property
    def locked(self) -> bool:
        """Sealed and not yet opened with its password."""
        return bool(self.sealed) and not self.payload

    @property
    def kind(self) -> str:
        return str(self.manifest.get("kind", ""))

    @property
    def sha256(self) -> str:
        return str(self.manifest.get("payload_sha256", ""))

    @property
    def town(self) -> str:
        return str(self.manifest.get("town_key", ""))

    @property
    def sequence(self) -> int:
        return int(self.manifest.get("sequence", 0))

    @property
    def full(self) -> bool:
        return bool(self.manifest.get("full"))


def _member(kind: str, encrypted: bool) -> str:
    return PAYLOAD[kind] + (SEALED_SUFFIX if encrypted else "")


def write_package(out: Path, manifest: dict[str, Any], payload: bytes, password: str = "") -> str:
    """Write the package through a temporary file beside `out` (a failure leaves nothing half-written), its
    payload sealed with `password` when one is given; returns the plain payload's SHA-256, which the manifest
    also carries."""
    from ..crypto import encrypt_stream
    kind = str(manifest["kind"])
    digest = hashlib.sha256(payload).hexdigest()
    encrypted = bool(password)
    manifest = {"format": FORMAT, "format_version": VERSION, **manifest, "payload": _member(kind, encrypted),
                "encrypted": encrypted, "payload_size": len(payload), "payload_sha256": digest}
    stored = payload
    if encrypted:
        sealed = io.BytesIO()
        encrypt_stream(io.BytesIO(payload), sealed, password)
        stored = sealed.getvalue()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        z.writestr(_member(kind, encrypted), stored, zipfile.ZIP_STORED if encrypted else zipfile.ZIP_DEFLATED)
    if not out.parent.is_dir():
        raise PackageRefused(f"文件夹“{out.parent}”不存在")
    fd, tmp = tempfile.mkstemp(suffix=SUFFIX, dir=out.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as any file the clerk saves (mkstemp makes it private)
        with os.fdopen(fd, "wb") as f:
            f.write(buf.getvalue())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        raise PackageRefused(f"无法写入 {out}：{exc.strerror or exc}") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return digest


def read_package(path: Path) -> Package:
    """The package at `path`, checked whole; PackageRefused (Chinese) for anything wrong with the file."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackageRefused(f"无法读取“{name}”：{exc.strerror or exc}") from exc
    if not data:
        raise PackageRefused(f"“{name}”是空文件（0 字节），不是数据包：可能拷贝没有完成")
    foreign = f"“{name}”不是网格党建台账的数据包（.glpkg）"
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data[:2] == b"PK":
            raise PackageRefused(f"“{name}”已损坏或不完整（可能拷贝时被截断），请重新拷贝或重新导出")
        raise PackageRefused(foreign)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if MANIFEST not in names:
                raise PackageRefused(f"{foreign}：其中没有清单 {MANIFEST}")
            if z.getinfo(MANIFEST).file_size > _MAX_MANIFEST:
                raise PackageRefused(f"{foreign}：清单过大")
            manifest = json.loads(z.read(MANIFEST).decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise PackageRefused(f"{foreign}：清单不是本程序的格式")
            version = manifest.get("format_version")
            if not isinstance(version, int) or version > VERSION:
                raise PackageRefused(f"“{name}”的格式版本（{version}）比本程序新，请先升级程序")
            kind = manifest.get("kind")
            encrypted = manifest.get("encrypted") is True
            if kind not in PAYLOAD or _member(str(kind), encrypted) not in names:
                raise PackageRefused(f"{foreign}：缺少数据内容")
            payload = z.read(_member(str(kind), encrypted))
    except PackageRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, UnicodeDecodeError, OSError) as exc:
        raise PackageRefused(f"“{name}”已损坏（{type(exc).__name__}）：文件在拷贝中损坏或被改动过，已拒绝")\
            from exc
    for key, kind_of in (("sequence", int), ("town_key" if manifest["kind"] == "changes" else "county_code", str)):
        if not isinstance(manifest.get(key), kind_of):
            raise PackageRefused(f"{foreign}：清单缺少“{key}”")
    if encrypted:
        return Package(path, manifest, b"", sealed=payload)
    _check_digest(name, manifest, payload)
    return Package(path, manifest, payload)


def _check_digest(name: str, manifest: dict[str, Any], payload: bytes) -> None:
    if len(payload) != manifest.get("payload_size") or hashlib.sha256(payload).hexdigest() != manifest.get(
            "payload_sha256"):
        raise PackageRefused(f"“{name}”的内容与清单中的校验值（SHA-256）不符：文件在拷贝中损坏或被改动过，已拒绝")


def unseal(pkg: Package, password: str) -> Package:
    """The sealed package opened with its password (a package that is not sealed is returned as it is).
    PackageLocked for a wrong password, PackageRefused for a damaged or altered file."""
    from ..crypto import CryptoError, WrongPassword, decrypt_stream
    if not pkg.locked:
        return pkg
    name = pkg.path.name
    if not password:
        raise PackageLocked(f"“{name}”有密码保护：没有输入密码，没有导入")
    plain = io.BytesIO()
    try:
        decrypt_stream(io.BytesIO(pkg.sealed), plain, password)
    except WrongPassword as exc:
        raise PackageLocked(f"“{name}”的密码不正确（或文件在拷贝中损坏），没有导入（数据库没有改动）") from exc
    except CryptoError as exc:
        raise PackageRefused(f"“{name}”已损坏或被改动过（{exc}），已拒绝") from exc
    payload = plain.getvalue()
    _check_digest(name, pkg.manifest, payload)
    return Package(pkg.path, pkg.manifest, payload)
