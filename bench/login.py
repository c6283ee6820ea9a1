"""Sign-in cost and whether a refusal tells names apart: prints figures, asserts nothing.

    python bench/login.py [--rounds 5]

With the program's real scrypt cost (N=2**17, r=8, p=1) it times, on one fresh database: a wrong password for an
existing user, an unknown user name, a disabled user, and the right password; each as the median of `rounds`
tries, and as a ratio to the wrong-password time (the floor of this run). A ratio near 1.0 for the unknown and the
disabled name means the time of a refusal does not say whether the name exists. The lock is lifted between tries.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models import accounts  # noqa: E402
from models.db import open_database  # noqa: E402

PW = "bench-pass-1"


def timed(db, name: str, password: str, rounds: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        db.execute("UPDATE accounts SET failed_count = 0, locked_until = ''")
        db.conn.commit()
        start = time.perf_counter()
        try:
            accounts.login(db, name, password)
        except accounts.LoginError:
            pass
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.db")
        accounts.create_first_admin(db, "admin", PW)
        accounts.add_account(db, "clerk", "录入员", PW)
        accounts.add_account(db, "gone", "查阅", PW)
        accounts.set_active(db, "gone", False)
        accounts.logout(db)
        floor = timed(db, "clerk", "wrong-password", rounds)
        print(f"scrypt N={accounts.SCRYPT_N}, r={accounts.SCRYPT_R}, p={accounts.SCRYPT_P}; median of {rounds}")
        print(f"密码错误（已有用户）  {floor * 1000:8.1f} ms  1.00")
        for label, name, password in (("用户名不存在", "nobody", "wrong-password"), ("已停用的用户", "gone", PW),
                                      ("密码正确", "clerk", PW)):
            t = timed(db, name, password, rounds)
            print(f"{label:<12}  {t * 1000:8.1f} ms  {t / floor:.2f}")
            accounts.logout(db)
        db.close()


if __name__ == "__main__":
    main()
