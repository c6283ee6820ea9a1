"""Password-protected files (backups to a USB stick, later full-ID exports and exchange packages).

AES-256-GCM from the `cryptography` library with a key derived from the password by scrypt — no cipher of our
own. The file is a 48-byte header followed by the data in authenticated chunks:

    offset  size  field
    0       16    magic  b"GRIDLEDGER-ENC\\n\\x00"  (what `is_encrypted` looks for)
    16      1     format version (1)
    17      1     key derivation: 1 = scrypt
    18      3     scrypt log2(N), r, p            (N = 2**17, r = 8, p = 1 for new files)
    21      16    salt (random per file)
    37      7     nonce prefix (random per file)
    44      4     chunk size in bytes, big-endian (1 MiB)
    48      ...   chunks: AES-GCM(ciphertext of up to chunk-size bytes) + 16-byte tag each

Chunk i is sealed with nonce = prefix ‖ i (4 bytes, big-endian) ‖ last (1 byte: 1 on the final chunk, else 0),
and the whole header as associated data: a changed header, a reordered, altered or cut-off chunk all fail the
tag check. A wrong password fails on the first chunk (`WrongPassword`); damage later is a `CryptoError`.
`encrypt_file` / `decrypt_file` write a temporary `.NAME.PID.part` beside the target and rename it when whole
(models.backup.clean_temporaries removes those a killed process left).
"""
from __future__ import annotations

import functools
import hashlib
import os
import struct
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"GRIDLEDGER-ENC\n\x00"
VERSION = 1
KDF_SCRYPT = 1
SCRYPT_LOG2N, SCRYPT_R, SCRYPT_P = 17, 8, 1   # tests lower SCRYPT_LOG2N; each file keeps its own parameters
MAX_LOG2N, MAX_R, MAX_P = 20, 16, 4            # refuse headers that would take minutes or gigabytes
CHUNK = 1 << 20
_HEADER = struct.Struct(">16sBB3B16s7sI")
HEADER_SIZE = _HEADER.size  # 48
TAG = 16
MIN_PASSWORD = 6

Progress = Callable[[int, int], None]  # (bytes done, bytes total)


class CryptoError(Exception):
    """A file that cannot be decrypted (damaged, changed, not ours) or encrypted; the message is Chinese."""


class WrongPassword(CryptoError):
    """The password does not open the file."""


def password_problem(password: str, repeat: str | None = None) -> str:
    """Why a new password is not acceptable ('' when it is)."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 个字符"
    if repeat is not None and repeat != password:
        return "两次输入的密码不一致"
    return ""


def is_encrypted(path: str | Path) -> bool:
    """True when the file starts with our magic (a password-protected copy)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


@functools.lru_cache(maxsize=2)  # a backup checks its copy by decrypting it: one scrypt run (~1-2 s), not two
def _key(password: str, salt: bytes, log2n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=2 ** log2n, r=r, p=p).derive(password.encode("utf-8"))


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def encrypt_stream(src: BinaryIO, dst: BinaryIO, password: str, *, total: int = 0,
                   progress: Progress | None = None) -> None:
    """Encrypt everything readable from src into dst (format in the module docstring)."""
    if not password:
        raise CryptoError("没有设置密码，不能加密。")
    salt, prefix = os.urandom(16), os.urandom(7)
    header = _HEADER.pack(MAGIC, VERSION, KDF_SCRYPT, SCRYPT_LOG2N, SCRYPT_R, SCRYPT_P, salt, prefix, CHUNK)
    aes = AESGCM(_key(password, salt, SCRYPT_LOG2N, SCRYPT_R, SCRYPT_P))
    dst.write(header)
    index, done = 0, 0
    chunk = src.read(CHUNK)
    while True:
        following = src.read(CHUNK) if len(chunk) == CHUNK else b""
        last = not following
        dst.write(aes.encrypt(_nonce(prefix, index, last), chunk, header))
        done += len(chunk)
        if progress:
            progress(done, total)
        if last:
            return
        chunk, index = following, index + 1


def _read_header(src: BinaryIO) -> tuple[bytes, int, int, int, bytes, bytes, int]:
    raw = src.read(HEADER_SIZE)
    if len(raw) < HEADER_SIZE or not raw.startswith(MAGIC):
        raise CryptoError("不是网格党建台账的加密文件。")
    _magic, version, kdf, log2n, r, p, salt, prefix, chunk = _HEADER.unpack(raw)
    if version != VERSION or kdf != KDF_SCRYPT:
        raise CryptoError(f"加密文件的格式版本 {version} 本程序不认识，请先升级网格党建台账。")
    if not (1 <= log2n <= MAX_LOG2N and 1 <= r <= MAX_R and 1 <= p <= MAX_P and 0 < chunk <= 64 * CHUNK):
        raise CryptoError("加密文件的文件头已损坏。")
    return raw, log2n, r, p, salt, prefix, chunk


def decrypt_stream(src: BinaryIO, dst: BinaryIO, password: str, *, total: int = 0,
                   progress: Progress | None = None) -> None:
    """Decrypt src into dst; WrongPassword or CryptoError (then dst holds an unusable part: discard it)."""
    header, log2n, r, p, salt, prefix, chunk_size = _read_header(src)
    aes = AESGCM(_key(password, salt, log2n, r, p))
    index, done = 0, HEADER_SIZE
    sealed = src.read(chunk_size + TAG)
    while True:
        following = src.read(chunk_size + TAG)
        last = not following
        if len(sealed) < TAG:
            raise CryptoError("加密文件不完整（文件被截断），无法解密。")
        try:
            dst.write(aes.decrypt(_nonce(prefix, index, last), sealed, header))
        except InvalidTag as exc:
            if index == 0:
                raise WrongPassword("密码不正确（或文件已损坏），无法解密。") from exc
            raise CryptoError(f"加密文件已损坏或被改动（第 {index + 1} 段校验未通过），无法解密。") from exc
        done += len(sealed)
        if progress:
            progress(done, total)
        if last:
            return
        sealed, index = following, index + 1


def _atomic(dst: Path, write: Callable[[BinaryIO], None]) -> Path:
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.part")
    try:
        with open(tmp, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dst)
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass
    return dst


def encrypt_file(src: str | Path, dst: str | Path, password: str, *, progress: Progress | None = None) -> Path:
    """Write a password-protected copy of src to dst (whole or not at all). OSError and CryptoError pass."""
    src, dst = Path(src), Path(dst)
    total = src.stat().st_size
    with open(src, "rb") as f:
        return _atomic(dst, lambda out: encrypt_stream(f, out, password, total=total, progress=progress))


def decrypt_file(src: str | Path, dst: str | Path, password: str, *, progress: Progress | None = None) -> Path:
    """Write the plain content of the protected file src to dst (whole or not at all). WrongPassword,
    CryptoError and OSError pass; dst is untouched then."""
    src, dst = Path(src), Path(dst)
    total = src.stat().st_size
    with open(src, "rb") as f:
        return _atomic(dst, lambda out: decrypt_stream(f, out, password, total=total, progress=progress))


def encrypt_verified(plain: Path, out: Path, password: str, progress: Progress | None = None) -> None:
    """encrypt_file into exactly `out` (the caller's temporary), then decrypt it again and compare: a copy
    that would not give back what it holds is never kept. CryptoError when they differ."""
    with open(plain, "rb") as src, open(out, "wb") as dst:
        encrypt_stream(src, dst, password, total=plain.stat().st_size, progress=progress)
    with open(plain, "rb") as f:
        want = hashlib.file_digest(f, "sha256").digest()
    sink = _HashSink()
    with open(out, "rb") as src:
        decrypt_stream(src, sink, password)  # type: ignore[arg-type]
    if sink.digest() != want:
        raise CryptoError("加密后的文件校验未通过（解密结果与原文件不同）。")


class _HashSink:
    """A write-only stream that keeps only the SHA-256 of what is written."""

    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self._h.update(data)
        return len(data)

    def digest(self) -> bytes:
        return self._h.digest()
