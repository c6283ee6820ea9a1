"""The package file (.glpkg): a zip holding `manifest.json` and one payload — a town's changeset
(`changes.bin`, kind "changes") or a district's decisions (`decisions.json`, kind "decisions").

The manifest says who made it (town key, name, county and town codes; or the district), the sequence number,
whether it is full or incremental, the schema version of the travelling tables, row counts, the payload's size
and SHA-256. Reading checks everything a file can get wrong before anything is applied — empty, truncated,
foreign, damaged, altered — and refuses with a Chinese reason (`PackageRefused`). A flipped byte inside a
changeset value would otherwise apply silently with wrong data: the digest is not optional.
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
_MAX_MANIFEST = 4 * 1024 * 1024


class PackageRefused(Refused):
    """A package refused whole; the message is Chinese and says why."""


@dataclass(frozen=True)
class Package:
    path: Path
    manifest: dict[str, Any]
    payload: bytes

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


def write_package(out: Path, manifest: dict[str, Any], payload: bytes) -> str:
    """Write the package through a temporary file beside `out` (a failure leaves nothing half-written);
    returns the payload's SHA-256, which the manifest also carries."""
    kind = str(manifest["kind"])
    digest = hashlib.sha256(payload).hexdigest()
    manifest = {"format": FORMAT, "format_version": VERSION, **manifest, "payload": PAYLOAD[kind],
                "payload_size": len(payload), "payload_sha256": digest}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        z.writestr(PAYLOAD[kind], payload)
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
            if kind not in PAYLOAD or PAYLOAD[kind] not in names:
                raise PackageRefused(f"{foreign}：缺少数据内容")
            payload = z.read(PAYLOAD[str(kind)])
    except PackageRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, UnicodeDecodeError, OSError) as exc:
        raise PackageRefused(f"“{name}”已损坏（{type(exc).__name__}）：文件在拷贝中损坏或被改动过，已拒绝")\
            from exc
    if len(payload) != manifest.get("payload_size") or hashlib.sha256(payload).hexdigest() != manifest.get(
            "payload_sha256"):
        raise PackageRefused(f"“{name}”的内容与清单中的校验值（SHA-256）不符：文件在拷贝中损坏或被改动过，已拒绝")
    for key, kind_of in (("sequence", int), ("town_key" if manifest["kind"] == "changes" else "county_code", str)):
        if not isinstance(manifest.get(key), kind_of):
            raise PackageRefused(f"{foreign}：清单缺少“{key}”")
    return Package(path, manifest, payload)
