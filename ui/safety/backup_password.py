"""The backup's passwords: the shared dialogs of ui/file_password.py (an exported roster uses them too)."""
from __future__ import annotations

from ui.file_password import NewPasswordDialog, ask_new_password, ask_password

__all__ = ["NewPasswordDialog", "ask_new_password", "ask_password"]
