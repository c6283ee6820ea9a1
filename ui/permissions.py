"""Buttons and menu entries follow the signed-in user's role: an action the role may not take is disabled, and
its tooltip says why (the same Chinese sentence the refusal at save time would give)."""
from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from models.audit import PermissionDenied, require
from models.db import LedgerDB


def denied(db: LedgerDB, permission: str) -> str:
    """'' when the signed-in user may do `permission`, else the reason in Chinese."""
    try:
        require(db, permission)
    except PermissionDenied as exc:
        return str(exc)
    return ""


def allow(target: QAction | QWidget, db: LedgerDB, permission: str, enabled: bool = True,
          tip: str = "") -> bool:
    """Enable `target` when `enabled` and the role allows `permission`; the tooltip gives the reason when the
    role does not (else `tip`). Returns whether the role allows it."""
    reason = denied(db, permission)
    target.setEnabled(enabled and not reason)
    target.setToolTip(reason or tip or (target.text() if isinstance(target, QAction) else ""))
    return not reason
