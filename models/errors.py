"""The one base of every refusal the back end gives: a rule, a permission or a state that says no.

`str(exc)` is the Chinese reason a clerk reads. The window's one write helper (ui/events.py) and the command
line catch `Refused` — never a bare ValueError, which would hide bugs."""
from __future__ import annotations


class Refused(Exception):
    """A write or an action the rules refuse; the message is Chinese and names the field or record."""
