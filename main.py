"""GridLedger (网格党建台账): wiring only. With no command it opens the window; with one it runs that verb.

The verbs live in the areas' command modules (ui/cli.py lists them); ui/cli.py parses, opens the database,
signs in and runs the verb. Usage errors exit 2, data errors 1.
"""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from ui.cli import run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
