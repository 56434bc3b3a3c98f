"""A real PostgreSQL server for the tests: initdb and pg_ctl from the system's PostgreSQL
binaries, in a temporary directory, on a free port of 127.0.0.1.

The server is started once per test session and stopped at its end; each test gets a schema of
its own (a store in a schema is the search path in the URL's ``options``). initdb refuses to run
as root, so under root (as CI runs) the server runs as the ``postgres`` account, through
``runuser``.

Without the binaries the PostgreSQL tests are skipped, and say why, unless ``CI`` is set: then
they fail, so that CI never passes without them.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

#: The bootstrap superuser (trusted on 127.0.0.1 and the socket, as on a developer's server).
ADMIN = "postgres"
#: An ordinary role that logs in with a password, for the tests of credentials and masking.
WRITER = "writer"
WRITER_PASSWORD = "s3cret-Pa55"
DATABASE = "revtrack_tests"
#: The account the server runs as when the tests run as root.
SERVICE_ACCOUNT = "postgres"

CREATE_DATABASE = f"CREATE DATABASE {DATABASE} OWNER {WRITER} TEMPLATE template0"
ICU = "LOCALE_PROVIDER icu ICU_LOCALE 'en'"

HBA = f"""\
local all all trust
host all {ADMIN} 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
"""


class Unavailable(Exception):
    """The PostgreSQL binaries are not installed."""


def bindir() -> Path:
    """Where initdb and pg_ctl are: ``pg_config --bindir``, else Debian's
    ``/usr/lib/postgresql/*/bin`` (the newest), else the ``PATH``."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if found.returncode == 0:
            candidates.append(Path(found.stdout.strip()))
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += [Path(p) for p in sorted(versions, key=_major, reverse=True)]
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for candidate in candidates:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    raise Unavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's postgresql"
    )


def _major(path: str) -> int:
    part = Path(path).parent.name
    return int(part) if part.isdigit() else 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """One PostgreSQL server in a temporary directory, started by :meth:`start`."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self._as_service = os.geteuid() == 0 if hasattr(os, "geteuid") else False
        # (under /tmp for the service account, which may not reach a root's own TMPDIR)
        where = "/tmp" if self._as_service else None
        self.root = Path(tempfile.mkdtemp(prefix="revtrack-pg-", dir=where))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.running = False
        #: The server's self-signed certificate (for 127.0.0.1), when it speaks TLS.
        self.certificate: Path | None = None
        self._schemas = itertools.count(1)

    # --- starting and stopping ------------------------------------------------------------

    def start(self) -> Server:
        self.sockets.mkdir()
        if self._as_service:
            shutil.chown(self.root, SERVICE_ACCOUNT, SERVICE_ACCOUNT)
            shutil.chown(self.sockets, SERVICE_ACCOUNT, SERVICE_ACCOUNT)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            ADMIN,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        (self.data / "pg_hba.conf").write_text(HBA, encoding="utf-8")
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sockets} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=60" + self._tls()
        )
        atexit.register(self.stop)
        self.running = True
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        self.execute(
            f"CREATE ROLE {WRITER} LOGIN PASSWORD '{WRITER_PASSWORD}'", database="postgres"
        )
        try:  # a database that sorts text as people do, unlike SQLite, where the server can
            self.execute(f"{CREATE_DATABASE} {ICU}", database="postgres")
        except Exception:  # (ICU, and the syntax, from PostgreSQL 15)
            self.execute(CREATE_DATABASE, database="postgres")
        return self

    def _tls(self) -> str:
        """Make a certificate for 127.0.0.1 with openssl (which Debian's postgresql brings),
        and the server options that turn TLS on with it; nothing without openssl."""
        openssl = shutil.which("openssl")
        if openssl is None:
            return ""
        key, certificate = self.root / "server.key", self.root / "server.crt"
        subprocess.run(
            [
                *(openssl, "req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"),
                *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
                *("-addext", "subjectAltName=IP:127.0.0.1"),
                *("-keyout", str(key), "-out", str(certificate)),
            ],
            check=True,
            capture_output=True,
        )
        key.chmod(0o600)
        if self._as_service:
            shutil.chown(key, SERVICE_ACCOUNT, SERVICE_ACCOUNT)
        self.certificate = certificate
        return f" -c ssl=on -c ssl_cert_file={certificate} -c ssl_key_file={key}"

    def stop(self) -> None:
        if self.running:
            self.running = False
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args: str, check: bool = True) -> str:
        command = [str(self.binaries / program), *args]
        if self._as_service:
            command = ["runuser", "-u", SERVICE_ACCOUNT, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if check and done.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}{log}"
            )
        return done.stdout

    # --- using it ----------------------------------------------------------------------

    def url(
        self,
        database: str = DATABASE,
        *,
        user: str = ADMIN,
        password: str | None = None,
        schema: str | None = None,
    ) -> str:
        """A ``postgresql://`` URL; with ``schema``, its tables are that schema's."""
        secret = f":{quote(password, safe='')}" if password is not None else ""
        url = f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"
        if schema is not None:
            url += "?options=" + quote(f"-c search_path={schema}", safe="")
        return url

    def writer_url(self, *, schema: str) -> str:
        """The URL of a store in ``schema``, as the ordinary role that owns it: revtrack needs
        no more than that."""
        return self.url(user=WRITER, password=WRITER_PASSWORD, schema=schema)

    def execute(self, *statements: str, database: str = DATABASE) -> None:
        """Run statements as the superuser."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def new_schema(self) -> str:
        """A new, empty schema that the writer owns; its name."""
        name = f"store_{next(self._schemas)}"
        self.execute(f"CREATE SCHEMA {name} AUTHORIZATION {WRITER}")
        return name


def start(*, required: bool) -> Server:
    """A started server; :class:`Unavailable` if there are no binaries and it is not
    ``required``."""
    try:
        binaries = bindir()
    except Unavailable:
        if required:
            raise RuntimeError(
                "CI is set but the PostgreSQL binaries are missing: .ci/run installs Debian's "
                "postgresql"
            ) from None
        raise
    server = Server(binaries)
    try:
        return server.start()
    except BaseException:
        server.stop()
        raise
