"""What both sides of the exchange share: running the apsw engine in a child process, the district's identity,
and values as the conflicts table keeps them (JSON, a BLOB as base64)."""
from __future__ import annotations

import base64
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..db import LedgerDB
from ..errors import Refused

ENGINE = Path(__file__).with_name("engine.py")


class ExchangeRefused(Refused):
    """An exchange action refused; the message is Chinese."""


@dataclass(frozen=True)
class District:
    name: str
    county_code: str
    key: str


def get_district(db: LedgerDB) -> District | None:
    """The district this database is (made by init-district), or None for a town's database."""
    row = db.execute("SELECT name, county_code, town_key FROM ex_district ORDER BY id LIMIT 1").fetchone()
    return District(str(row[0]), str(row[1]), str(row[2])) if row else None


def run_engine(*args: str | Path) -> dict[str, Any]:
    """Run models/exchange/engine.py in a child process (apsw there, sqlite3 here) and return its JSON."""
    try:
        done = subprocess.run([sys.executable, str(ENGINE), *map(str, args)], capture_output=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ExchangeRefused(f"数据交换引擎无法运行：{exc}") from exc
    try:
        loaded = json.loads(done.stdout.decode("utf-8") or "{}")
    except ValueError:
        loaded = {}
    result: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
    if result.get("error") == "owner":
        raise ExchangeRefused(f"数据包中有不属于发送乡镇的记录（{result.get('detail', '')}）：乡镇的数据包只能含本乡镇"
                              "自己的记录，整个数据包已拒绝")
    if done.returncode != 0 or "error" in result or not result:
        detail = result.get("error") or done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        if "No module named 'apsw'" in str(detail):
            raise ExchangeRefused("缺少 apsw 程序包（SQLite 会话扩展）：请重新安装本程序（pip install apsw）")
        raise ExchangeRefused(f"数据交换引擎出错，没有做任何修改：{detail}")
    return result


def encode(value: Any) -> str:
    """A value as the conflicts table keeps it."""
    if isinstance(value, bytes):
        value = {"$b64": base64.b64encode(value).decode()}
    return json.dumps(value, ensure_ascii=False)


def decode(text: str) -> Any:
    """A value the conflicts table keeps (or the engine printed), as the database stores it."""
    return unpack(json.loads(text))


def unpack(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$b64"}:
        return base64.b64decode(value["$b64"])
    return value


def shown(value: Any) -> str:
    """A value as a clerk reads it in a list."""
    if value is None:
        return "（空）"
    if isinstance(value, bytes) or (isinstance(value, dict) and set(value) == {"$b64"}):
        return "（文件内容）"
    if isinstance(value, dict):
        return "；".join(f"{k}={shown(v)}" for k, v in value.items() if k not in ("updated_at", "updated_by"))
    return str(value)
