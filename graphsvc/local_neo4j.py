"""Fetching and running a local Neo4j 5.26 Community server without Docker.

The jars come from Maven Central through `neo4j/pom.xml` (the server, the
Community edition and Neo4j Browser); the machine's JDK runs
`org.neo4j.server.CommunityEntryPoint` on them, as the distribution's
`bin/neo4j console` does. Each instance (`dev`, `test`, ...) has its own home
under `.local/neo4j/<instance>` with its config, data, logs, pid file and a
password generated on first start.

Why one module: it is one class's life cycle of one server (fetch the jars,
write the config, start, wait, stop, the offline importer), each step
depending on the paths and settings the others use.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable

from graphsvc.settings import PROJECT_ROOT, Settings

POM = PROJECT_ROOT / "neo4j" / "pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
# What bin/neo4j-admin's launcher (org.neo4j.server.startup.Neo4jAdminCommand)
# starts in a second JVM; started directly, as the server's entry point is.
ADMIN_ENTRY_POINT = "org.neo4j.cli.AdminTool"
AUTH_RATE_LIMIT = "Neo.ClientError.Security.AuthenticationRateLimit"


class LocalNeo4jError(RuntimeError):
    """The local server could not be fetched, started or reached."""


@dataclass(frozen=True)
class LocalNeo4j:
    """One local server instance: where it lives and which ports it binds."""

    root: Path  # .local/neo4j: jars shared by every instance
    instance: str
    bolt_port: int
    http_port: int
    heap: str = "1g"
    pagecache: str = "512m"
    start_timeout: float = 120.0
    # Failed logins before Neo4j locks the user for 5 s (Neo4j's default: 3; 0 = never lock).
    auth_max_failed_attempts: int = 3
    # Keep the classes the JVM loaded in an archive (class data sharing) and map it on the next start.
    class_archive: bool = True

    @classmethod
    def from_settings(cls, settings: Settings, instance: str | None = None) -> "LocalNeo4j":
        return cls(
            root=settings.local_neo4j_dir,
            instance=instance or settings.local_neo4j_instance,
            bolt_port=settings.local_bolt_port,
            http_port=settings.local_http_port,
            heap=settings.local_heap,
            pagecache=settings.local_pagecache,
            start_timeout=settings.local_start_timeout,
            auth_max_failed_attempts=settings.local_auth_max_failed_attempts,
            class_archive=settings.local_class_archive,
        )

    # -- paths -------------------------------------------------------------
    @property
    def lib_dir(self) -> Path:
        return self.root / "lib"

    @property
    def home(self) -> Path:
        return self.root / self.instance

    @property
    def conf_file(self) -> Path:
        return self.home / "conf" / "neo4j.conf"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def console_log(self) -> Path:
        return self.home / "logs" / "console.log"

    @property
    def class_archive_file(self) -> Path:
        """This server's class-data archive, named for the JVM and the jars: another of either makes a new one."""
        java = Path(self._java()).resolve()
        stamp = self.lib_dir / ".pom-sha256"
        jars = stamp.read_text() if stamp.exists() else ""
        key = hashlib.sha256(f"{java}|{java.stat().st_mtime_ns}|{jars}".encode()).hexdigest()[:12]
        return self.home / "jvm" / f"classes-{key}.jsa"

    def _class_archive_options(self) -> list[str]:
        """JVM options: map the archive if there is one, else write it when this server stops.

        Neo4j loads its classes at start and while planning its first queries.
        Mapped from the archive they are neither read from the jars nor verified
        again: a start takes 3 s rather than 9 s here, and the transaction of
        the first seed load into it 2.0 s rather than 2.7-3.1 s (BENCHMARKS.md).
        The archive (~140 MB) is written by the JVM on a clean exit, with the
        classes that session used: one written by a server stopped right after
        its start helps little. One that does not match this JVM is ignored
        with a warning in console.log.
        """
        if not self.class_archive:
            return []
        archive = self.class_archive_file
        archive.parent.mkdir(parents=True, exist_ok=True)
        for stale in archive.parent.glob("classes-*.jsa"):
            if stale != archive:
                stale.unlink(missing_ok=True)
        if archive.exists() and archive.stat().st_size > 0:
            return [f"-XX:SharedArchiveFile={archive}"]
        return [f"-XX:ArchiveClassesAtExit={archive}"]

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def browser_url(self) -> str:
        return f"{self.http_url}/browser/"

    # -- fetching ----------------------------------------------------------
    def fetch(self) -> None:
        """Copy the server, edition and Browser jars from Maven into lib/ (once per pom)."""
        stamp = self.lib_dir / ".pom-sha256"
        digest = hashlib.sha256(POM.read_bytes()).hexdigest()
        if stamp.exists() and stamp.read_text() == digest:
            return
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalNeo4jError("Maven (`mvn`) is not on PATH; it fetches the Neo4j jars.")
        staging = self.root / "lib.partial"
        shutil.rmtree(staging, ignore_errors=True)
        command = [
            mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
            f"-DoutputDirectory={staging}", "-DincludeScope=runtime",
        ]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise LocalNeo4jError(
                "Fetching Neo4j with Maven failed:\n" + (result.stdout + result.stderr)[-3000:]
            )
        shutil.rmtree(self.lib_dir, ignore_errors=True)
        staging.rename(self.lib_dir)
        stamp.write_text(digest)

    # -- configuration -----------------------------------------------------
    def _config_text(self) -> str:
        return "\n".join(
            [
                "# Written by graphsvc (local_neo4j.py); rewritten on every start.",
                "server.default_listen_address=127.0.0.1",
                "server.default_advertised_address=127.0.0.1",
                f"server.bolt.listen_address=127.0.0.1:{self.bolt_port}",
                f"server.bolt.advertised_address=127.0.0.1:{self.bolt_port}",
                f"server.http.listen_address=127.0.0.1:{self.http_port}",
                f"server.http.advertised_address=127.0.0.1:{self.http_port}",
                "server.https.enabled=false",
                f"server.directories.data={self.home / 'data'}",
                f"server.directories.logs={self.home / 'logs'}",
                f"server.directories.run={self.home / 'run'}",
                f"server.directories.import={self.home / 'import'}",
                f"server.directories.plugins={self.home / 'plugins'}",
                # Sized for a 2-core, 24 GiB machine that also runs the API and the tests.
                f"server.memory.heap.initial_size={self.heap}",
                f"server.memory.heap.max_size={self.heap}",
                f"server.memory.pagecache.size={self.pagecache}",
                "dbms.usage_report.enabled=false",
                "dbms.security.auth_enabled=true",
                f"dbms.security.auth_max_failed_attempts={self.auth_max_failed_attempts}",
                # A server-side ceiling; the service sends tighter per-query timeouts.
                "db.transaction.timeout=120s",
                # No keep-alive NOOPs while a statement runs, hence no `connection.recv_timeout_seconds`
                # hint: given one, the async driver wraps every socket read in asyncio.wait_for, a task and a
                # timer per read (benchmarks/notes.md). Statements are bounded by their timeouts instead.
                "server.bolt.connection_keep_alive_for_requests=OFF",
                "server.jvm.additional=-XX:+UseG1GC",
                "",
            ]
        )

    def _java(self) -> str:
        java_home = os.environ.get("JAVA_HOME")
        if java_home and (Path(java_home) / "bin" / "java").exists():
            return str(Path(java_home) / "bin" / "java")
        java = shutil.which("java")
        if java is None:
            raise LocalNeo4jError("No `java` on PATH (Neo4j 5.26 needs Java 17 or 21).")
        return java

    def _classpath(self) -> str:
        return f"{self.lib_dir}/*"

    # -- state -------------------------------------------------------------
    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        if _is_zombie(pid):
            return None
        return pid

    def is_running(self) -> bool:
        return self.pid() is not None

    def password(self) -> str:
        try:
            return self.password_file.read_text().strip()
        except FileNotFoundError as exc:
            raise LocalNeo4jError(
                f"No password for the local Neo4j instance '{self.instance}': start it first "
                "(`graphsvc neo4j start`)."
            ) from exc

    def bolt_answers(self, password: str | None = None) -> bool:
        try:
            with GraphDatabase.driver(
                self.bolt_uri, auth=("neo4j", password or self.password()), connection_timeout=2.0
            ) as driver:
                driver.verify_connectivity()
            return True
        except (ServiceUnavailable, OSError):
            return False
        except ClientError as exc:
            if exc.code == AUTH_RATE_LIMIT:
                return True  # it answered: the user is locked for a few seconds after wrong passwords
            raise

    def status(self) -> dict[str, object]:
        pid = self.pid()
        answering = pid is not None and self.bolt_answers()
        return {
            "instance": self.instance,
            "running": pid is not None,
            "pid": pid,
            "bolt": self.bolt_uri,
            "http": self.http_url,
            "browser": self.browser_url,
            "answering": answering,
            "home": str(self.home),
        }

    # -- lifecycle ---------------------------------------------------------
    def start(self) -> bool:
        """Start the server and wait until Bolt answers. Returns False if it was already running."""
        if self.is_running():
            if self._wait_for_bolt(deadline=time.monotonic() + self.start_timeout, pid=self.pid()):
                return False
            raise LocalNeo4jError(self._failure("is running but Bolt does not answer"))
        for port in (self.bolt_port, self.http_port):
            if _port_in_use(port):
                raise LocalNeo4jError(
                    f"Port {port} on 127.0.0.1 is taken by another process; stop it or set "
                    "GRAPHSVC_LOCAL_BOLT_PORT / GRAPHSVC_LOCAL_HTTP_PORT."
                )
        self.fetch()
        for sub in ("conf", "data", "logs", "run", "import", "plugins"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        self.conf_file.write_text(self._config_text())
        if not self.password_file.exists():
            self._set_initial_password()
        env = dict(os.environ, NEO4J_HOME=str(self.home), NEO4J_CONF=str(self.conf_file.parent))
        command = [
            self._java(),
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            "-Dfile.encoding=UTF-8",
            *self._class_archive_options(),
            "-cp",
            self._classpath(),
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_file.parent}",
        ]
        with open(self.console_log, "ab") as console:
            process = subprocess.Popen(
                command,
                cwd=self.home,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # survives the CLI that started it
            )
        self.pid_file.write_text(str(process.pid))
        if not self._wait_for_bolt(deadline=time.monotonic() + self.start_timeout, pid=process.pid):
            alive = process.poll() is None
            if alive:
                self.stop()
            raise LocalNeo4jError(
                self._failure("did not answer on Bolt in time" if alive else "exited during start-up")
            )
        return True

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server (TERM, then KILL after `timeout`). Returns False if it was not running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.killpg(pid, signal.SIGTERM) if _is_group_leader(pid) else os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _alive(pid):
                break
            time.sleep(0.2)
        else:
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        # The main thread can exit a moment before the last one closes the
        # listening sockets: a start right after would find its ports taken.
        ports_deadline = time.monotonic() + 10.0
        while time.monotonic() < ports_deadline and (_port_in_use(self.bolt_port) or _port_in_use(self.http_port)):
            time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True

    def wipe(self) -> None:
        """Stop the instance and remove its home (data, logs, password)."""
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

    def admin(self, *args: str) -> str:
        """Run `neo4j-admin <args>` on this instance's home and config (as bin/neo4j-admin does); its output."""
        return self.admin_with_cpu(*args)[0]

    def admin_with_cpu(self, *args: str) -> tuple[str, float]:
        """As `admin`; with the CPU time (user + system, in seconds) the command used.

        The instance's config must exist (it is written on start). One JVM,
        with the options bin/neo4j-admin's launcher gives the JVM it starts:
        skipping the launcher's own JVM saves 1.4 s of every bulk import here.
        """
        env = dict(os.environ, NEO4J_HOME=str(self.home), NEO4J_CONF=str(self.conf_file.parent))
        command = [
            self._java(), "-XX:+UseG1GC", "-Dfile.encoding=UTF-8", f"-Xmx{self.heap}",
            "-cp", self._classpath(), ADMIN_ENTRY_POINT, *args,
        ]
        process = subprocess.Popen(command, env=env, cwd=self.home, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        assert process.stdout is not None
        with process.stdout:
            output = process.stdout.read()
        # wait4: this command's own usage. The children's total (RUSAGE_CHILDREN)
        # also takes in any other child reaped meanwhile, such as a stopped server.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            # Only the command's name: later arguments may hold a password.
            raise LocalNeo4jError(f"neo4j-admin {' '.join(args[:2])} failed:\n" + output[-2000:])
        return output, usage.ru_utime + usage.ru_stime

    # -- internals ---------------------------------------------------------
    def _set_initial_password(self) -> None:
        # Hex, not URL-safe base64: a password starting with '-' (1 start in 32)
        # is read by neo4j-admin as an option, and the command fails.
        password = secrets.token_hex(24)
        self.admin("dbms", "set-initial-password", password)
        self.password_file.write_text(password + "\n")
        self.password_file.chmod(0o600)

    def _wait_for_bolt(self, deadline: float, pid: int | None) -> bool:
        password = self.password()
        while time.monotonic() < deadline:
            if pid is not None and not _alive(pid):
                return False
            try:
                with GraphDatabase.driver(
                    self.bolt_uri, auth=("neo4j", password), connection_timeout=2.0
                ) as driver:
                    driver.verify_connectivity()
                return True
            except AuthError as exc:
                raise LocalNeo4jError(
                    f"The local Neo4j refused the stored password ({self.password_file}): {exc.message}"
                ) from exc
            except (ServiceUnavailable, OSError):
                time.sleep(0.5)
            except ClientError as exc:
                if exc.code != AUTH_RATE_LIMIT:
                    raise
                time.sleep(1.0)  # locked after wrong passwords elsewhere: wait it out
        return False

    def _failure(self, what: str) -> str:
        lines = [f"The local Neo4j instance '{self.instance}' {what}."]
        for log in (self.home / "logs" / "neo4j.log", self.console_log):
            if log.exists():
                tail = log.read_text(errors="replace").splitlines()[-25:]
                lines.append(f"--- last lines of {log} ---")
                lines.extend(tail)
        return "\n".join(lines)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    # The state letter follows the parenthesised command name.
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def _is_group_leader(pid: int) -> bool:
    try:
        return os.getpgid(pid) == pid
    except ProcessLookupError:
        return False


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0
