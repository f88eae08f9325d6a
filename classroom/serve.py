"""Serve the alliance game for a lecture hall: what `make classroom` runs.

Binds HOST:PORT (defaults: this machine's address on the local network, port 8000), so
students' laptops and phones on the same network can join, and prints the room URL for the
students and the admin URL and password for the instructor. oTree's production server
(`otree prodserver`): the admin pages need the password (OTREE_AUTH_LEVEL=STUDY), every
decision is written to the database as it is made, so restarting loses nothing.

Environment: HOST, PORT; DATABASE_URL (default SQLite, classroom/db.sqlite3;
postgresql://... for PostgreSQL); OTREE_ADMIN_PASSWORD (default: a fresh random one, printed);
OTREE_REST_KEY (default: a fresh one; lesson 08 downloads the data with it).
"""

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def lan_address() -> str:
    """This machine's address on its local network (no packet is sent), else loopback."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def main() -> int:
    host = os.environ.get("HOST") or lan_address()
    port = os.environ.get("PORT") or "8000"
    env = dict(os.environ)
    env.setdefault("OTREE_PRODUCTION", "1")
    env.setdefault("OTREE_AUTH_LEVEL", "STUDY")
    password = env.get("OTREE_ADMIN_PASSWORD") or secrets.token_urlsafe(9)
    env["OTREE_ADMIN_PASSWORD"] = password
    env["OTREE_REST_KEY"] = env.get("OTREE_REST_KEY") or secrets.token_urlsafe(12)
    otree = str(Path(sys.executable).with_name("otree"))
    # prodserver starts its timeout worker (auto-advancing dropouts) as `otree` from PATH
    env["PATH"] = str(Path(otree).parent) + os.pathsep + env.get("PATH", "")
    database = env.get("DATABASE_URL", "")  # oTree creates its tables on a new database
    base = f"http://{host}:{port}"
    print(
        f"""
Alliance Dilemmas classroom game (oTree; Chen, Schonger and Wickens 2016)
  students open:   {base}/room/alliance
  instructor:      {base}/   (Rooms > alliance > create a session)
  admin username:  admin
  admin password:  {password}
  REST key:        {env["OTREE_REST_KEY"]}   (lesson 08: load_classroom_session(url="{base}", rest_key=...))
  database:        {database or "SQLite, " + str(HERE / "db.sqlite3")}
Stop with Ctrl-C; starting again keeps every decision made so far.
""",
        flush=True,
    )
    return subprocess.call([otree, "prodserver", f"{host}:{port}"], cwd=HERE, env=env)


if __name__ == "__main__":
    sys.exit(main())
