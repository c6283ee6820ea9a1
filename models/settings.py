"""Program settings that travel with the database (table `settings`, migration m003): key → text value.

Changing one is an audited write that needs the "settings" permission (管理员)."""
from __future__ import annotations

from .audit import changing
from .db import LedgerDB

LABELS = {"backup_folder": "备份文件夹", "idle_minutes": "自动锁定（分钟）", "household_tags": "户类型",
          "household_visit_months": "未走访提醒月数"}


def get_setting(db: LedgerDB, key: str, default: str = "") -> str:
    if "settings" not in db.table_names():
        return default
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else default


def set_setting(db: LedgerDB, key: str, value: str) -> None:
    with changing(db, "修改设置", "settings") as log:
        before = get_setting(db, key)
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])
        log.record("settings", None, f"设置 {LABELS.get(key, key)}", {key: before}, {key: value})
