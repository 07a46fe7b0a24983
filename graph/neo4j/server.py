"""Install, start, stop and inspect a real Neo4j 5.26 Community server for vbgraph.

The server is the stock ``org.neo4j:neo4j`` artifact from Maven Central (see
``graph/neo4j/maven/pom.xml``), run straight from its jars with ``java``: no vendor tarball, no
Docker, no service manager.  Two places on disk are involved:

``home`` (default ``$VBGRAPH_NEO4J_HOME`` or ``~/.cache/vbgraph/neo4j-5.26``)
    ``lib/`` holds the jars copied by Maven; ``VERSION`` marks a finished install.
    Read-only once installed, shareable between data dirs.
``data_dir`` (default ``$VBGRAPH_DATA_DIR`` or ``~/.local/share/vbgraph/neo4j``)
    ``conf/neo4j.conf`` (rewritten on every start), ``data/``, ``logs/`` (``neo4j.log``,
    ``debug.log`` and ``console.log`` for the JVM's own output), ``run/``, ``import/``,
    ``password`` (mode 0600) and ``neo4j.pid``.

With ``--browser`` the server also serves Neo4j Browser (``org.neo4j.client:neo4j-browser``,
installed beside the server's jars) over HTTP on 127.0.0.1, styled by
:mod:`graph.neo4j.browser` as soon as it connects.

Authentication is always on.  The initial password of the ``neo4j`` user is set, before
the first start only, by Neo4j's own ``neo4j-admin dbms set-initial-password`` code
(``org.neo4j.cli.AdminTool``); the password reaches it through a 0600 Java argument file,
so it never shows in a process list.

Only this module's functions touch the server; ``graph.neo4j.cli`` is the command line.
"""
from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ..exceptions import VbgraphError

__all__ = [
    "BROWSER_VERSION",
    "DEFAULT_BOLT_PORT",
    "DEFAULT_HTTP_PORT",
    "NEO4J_VERSION",
    "Neo4jServerError",
    "ServerStatus",
    "browser_installed",
    "default_data_dir",
    "default_home",
    "import_full",
    "install",
    "installed_version",
    "ping",
    "read_password",
    "start",
    "status",
    "stop",
]

POM = Path(__file__).resolve().parent / "maven" / "pom.xml"
DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
USER = "neo4j"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
# Neo4j refuses shorter passwords (dbms.security.auth_minimum_password_length).
MIN_PASSWORD_LENGTH = 8

# The options Neo4j's own launcher adds from the shipped neo4j.conf (server.jvm.additional),
# less -XX:+AlwaysPreTouch, which would make the whole heap resident at once.
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    # A server that ran out of heap is better dead (start/status notice) than limping.
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    # Java 17 closes these packages; the page cache and Netty reach into them.
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-modules=jdk.incubator.vector",
)


# Servers this process launched; kept so subprocess does not warn about them.
_started: list[subprocess.Popen] = []


class Neo4jServerError(VbgraphError):
    """Installing, starting, stopping or reaching the local Neo4j server failed.

    The message is one line, fit for ``Error: …`` on a terminal, and never holds the
    password.
    """


def _pom_property(name: str, default: str) -> str:
    try:
        text = POM.read_text(encoding="utf-8")
    except OSError:
        return default
    m = re.search(rf"<{re.escape(name)}>([^<]+)</{re.escape(name)}>", text)
    return m.group(1).strip() if m else default


#: The Neo4j version ``install`` fetches; the single source is ``graph/neo4j/maven/pom.xml``.
NEO4J_VERSION = _pom_property("neo4j.version", "5.26")
#: The Neo4j Browser version ``install`` fetches (its own version line), from the same pom.
BROWSER_VERSION = _pom_property("neo4j-browser.version", "5.24.0")


@dataclasses.dataclass(frozen=True)
class ServerStatus:
    """What is known about the server of one data dir.

    Attributes
    ----------
    running : bool
        A live Neo4j process started from this data dir exists (it may still be booting).
    pid : int or None
        Its process id, when running.
    uri : str
        ``bolt://127.0.0.1:<port>`` as configured for this data dir.
    data_dir, home : Path
        Where the data and the jars are.
    version : str or None
        The installed Neo4j version, when ``home`` holds a finished install.
    password_file : Path or None
        The file holding the ``neo4j`` user's password, when it exists.
    log_file : Path
        Where the JVM's stdout and stderr go.
    user : str
        Always ``neo4j``.
    browser_url : str or None
        ``http://127.0.0.1:<port>/browser/`` when the server runs with Neo4j Browser.
    """

    running: bool
    pid: int | None
    uri: str
    data_dir: Path
    home: Path
    version: str | None
    password_file: Path | None
    log_file: Path
    user: str = USER
    browser_url: str | None = None

    def to_dict(self) -> dict:
        """Return the fields as JSON-ready values (paths as strings)."""
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(self).items()}


# --------------------------------------------------------------------------- locations


def default_home() -> Path:
    """Return where the jars live: ``$VBGRAPH_NEO4J_HOME`` or ``~/.cache/vbgraph/neo4j-5.26``.

    Returns
    -------
    Path

    Examples
    --------
    >>> default_home().name  # doctest: +SKIP
    'neo4j-5.26'
    """
    env = os.environ.get("VBGRAPH_NEO4J_HOME")
    if env:
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "vbgraph" / "neo4j-5.26"


def default_data_dir() -> Path:
    """Return the server's data dir: ``$VBGRAPH_DATA_DIR`` or ``~/.local/share/vbgraph/neo4j``.

    Returns
    -------
    Path

    Examples
    --------
    >>> default_data_dir().name  # doctest: +SKIP
    'neo4j'
    """
    env = os.environ.get("VBGRAPH_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".local" / "share" / "vbgraph" / "neo4j"


def _home(home: Path | str | None) -> Path:
    return (Path(home).expanduser() if home else default_home()).resolve()


def _data_dir(data_dir: Path | str | None) -> Path:
    return (Path(data_dir).expanduser() if data_dir else default_data_dir()).resolve()


class _Layout:
    """Every path under one data dir, named once."""

    def __init__(self, data_dir: Path):
        self.root = data_dir
        self.conf_dir = data_dir / "conf"
        self.conf = self.conf_dir / "neo4j.conf"
        self.data = data_dir / "data"
        self.logs = data_dir / "logs"
        self.run = data_dir / "run"
        self.imports = data_dir / "import"
        self.console_log = self.logs / "console.log"
        self.neo4j_log = self.logs / "neo4j.log"
        self.pid_file = data_dir / "neo4j.pid"
        self.password_file = data_dir / "password"
        self.lock_file = data_dir / ".lock"
        # Present once the server has created its system database: from then on the
        # initial password can no longer be set and the stored one must be used.
        self.system_db = self.data / "databases" / "system"


# --------------------------------------------------------------------------- install


def installed_version(home: Path | str | None = None) -> str | None:
    """Return the Neo4j version installed in *home*, or None if there is no finished install.

    Parameters
    ----------
    home : Path, optional
        Defaults to :func:`default_home`.

    Returns
    -------
    str or None

    Examples
    --------
    >>> installed_version("/nonexistent") is None
    True
    """
    home = _home(home)
    try:
        version = (home / "VERSION").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return version if (home / "lib" / f"neo4j-{version}.jar").is_file() else None


def browser_installed(home: Path | str | None = None) -> bool:
    """True when *home* holds the Neo4j Browser jar that ``start(browser=True)`` serves.

    Examples
    --------
    >>> browser_installed("/nonexistent")
    False
    """
    return (_home(home) / "lib" / f"neo4j-browser-{BROWSER_VERSION}.jar").is_file()


def install(home: Path | str | None = None, *, progress: Callable[[str], None] | None = None) -> Path:
    """Copy the Neo4j Community server jars and Neo4j Browser from Maven Central into ``home/lib``.

    Runs ``mvn -B -q dependency:copy-dependencies`` on ``graph/neo4j/maven/pom.xml`` (from a
    temporary copy, so the source tree gets no ``target/``).  The jars land in a scratch
    folder first and are renamed into place, so an interrupted install never looks
    finished.  Skips everything when the pinned versions are already installed; a server
    installed before the Browser was part of it only gets the jars it lacks, so servers
    running from it are not disturbed.

    Parameters
    ----------
    home : Path, optional
        Install folder; defaults to :func:`default_home`.  Keep it outside the repository.
    progress : callable, optional
        Called with one short line per step (for a CLI to print).

    Returns
    -------
    Path
        The home folder.

    Raises
    ------
    Neo4jServerError
        If Maven is missing or fails, or the copy lacks the server jar.

    Examples
    --------
    >>> home = install()  # doctest: +SKIP
    >>> sorted((home / "lib").glob("neo4j-5.26.*.jar"))[0].name  # doctest: +SKIP
    'neo4j-5.26.30.jar'
    """
    say = progress or (lambda _msg: None)
    home = _home(home)
    version = NEO4J_VERSION
    server_there = installed_version(home) == version
    if server_there and browser_installed(home):
        say(f"Neo4j {version} and Neo4j Browser {BROWSER_VERSION} are already installed in {home}")
        return home
    if not POM.is_file():
        raise Neo4jServerError(f"{POM} is missing: install vbgraph from a source checkout to fetch Neo4j")
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jServerError("mvn is not on PATH: install Maven (apt-get install maven) and retry")
    home.mkdir(parents=True, exist_ok=True)
    lib = home / "lib"
    scratch = home / f".lib.partial-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    say(f"Fetching Neo4j {version} with Maven into {lib} (first time: a minute or two)")
    with tempfile.TemporaryDirectory(prefix="vbgraph-neo4j-pom-") as tmp:
        shutil.copy2(POM, Path(tmp) / "pom.xml")
        cmd = [mvn, "-B", "-q", "-f", str(Path(tmp) / "pom.xml"), "dependency:copy-dependencies",
               f"-DoutputDirectory={scratch}"]
        try:
            proc = subprocess.run(cmd, cwd=tmp, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, timeout=1800)
        except subprocess.TimeoutExpired:
            shutil.rmtree(scratch, ignore_errors=True)
            raise Neo4jServerError("mvn did not finish within 30 minutes") from None
    if proc.returncode != 0:
        shutil.rmtree(scratch, ignore_errors=True)
        lines = [ln.strip() for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
        errors = [ln for ln in lines if "ERROR" in ln] or lines
        detail = " | ".join(errors[:3])[:600] or "no output"
        raise Neo4jServerError(f"mvn failed with exit code {proc.returncode}: {detail}")
    if not (scratch / f"neo4j-{version}.jar").is_file():
        shutil.rmtree(scratch, ignore_errors=True)
        raise Neo4jServerError(f"mvn finished but neo4j-{version}.jar is not among the copied jars")
    if server_there:
        added = [jar for jar in sorted(scratch.glob("*.jar")) if not (lib / jar.name).exists()]
        for jar in added:
            os.replace(jar, lib / jar.name)
        shutil.rmtree(scratch, ignore_errors=True)
        say(f"Added Neo4j Browser {BROWSER_VERSION} to {lib} ({', '.join(j.name for j in added) or 'nothing new'})")
        return home
    (home / "VERSION").unlink(missing_ok=True)
    if lib.exists():
        old = home / f".lib.old-{os.getpid()}"
        os.replace(lib, old)
        shutil.rmtree(old, ignore_errors=True)
    os.replace(scratch, lib)
    (home / "VERSION").write_text(version + "\n", encoding="utf-8")
    say(f"Installed Neo4j {version}: {sum(1 for _ in lib.glob('*.jar'))} jars in {lib}")
    return home


# --------------------------------------------------------------------------- processes


def _reap(pid: int) -> bool | None:
    """Collect *pid* if it is an exited child of ours.

    Returns True if it was collected now, False if it is our child and not done
    exiting, None if it is not our child.
    """
    try:
        done, wait_status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return None
    if done != pid:
        return False
    for proc in [p for p in _started if p.pid == pid]:
        # Collected behind subprocess's back: tell it, so it neither waits nor warns.
        proc.returncode = os.waitstatus_to_exitcode(wait_status)
        _started.remove(proc)
    return True


def _cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return raw.decode("utf-8", "replace").split("\0")


def _exists(pid: int) -> bool:
    """True until *pid* has completely exited.

    A JVM whose main thread has ended shows as a zombie while its other threads still
    flush and hold the port, so "Z" alone does not mean gone: our own child is gone
    once waitpid collects it, anyone else's once a single (zombie) thread is left.
    """
    if pid <= 0:
        return False
    reaped = _reap(pid)
    if reaped:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    if reaped is False:
        return True
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                      if ":" in line)
    except OSError:
        return True
    state = fields.get("State", "").strip()[:1]
    threads = int(fields.get("Threads", "1").strip() or 1)
    return not (state in ("Z", "X") and threads <= 1)


def _alive(pid: int, layout: _Layout) -> bool:
    """True if *pid* is a live Neo4j server started for this data dir.

    Checking the command line guards against a stale pid file whose number the
    kernel has since given to an unrelated process (after a reboot, say).
    """
    if not _exists(pid):
        return False
    args = _cmdline(pid)
    if args is None:  # no /proc: trust the signal check
        return True
    return ENTRY_POINT in args and f"--config-dir={layout.conf_dir}" in args


def _read_pid(layout: _Layout) -> int | None:
    try:
        return int(layout.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def _wait_gone(pid: int, timeout: float) -> bool:
    # Waits on the process itself, not on _alive(): an exiting JVM's command line reads
    # empty, which would pass for "gone" while it is still flushing and holding the port.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _exists(pid):
            return True
        time.sleep(0.1)
    return not _exists(pid)


@contextlib.contextmanager
def _locked(layout: _Layout) -> Iterator[None]:
    """Serialise start/stop on one data dir across processes."""
    layout.root.mkdir(parents=True, exist_ok=True)
    with open(layout.lock_file, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _summary(text: str, lines: int = 3) -> list[str]:
    """The last *lines* meaningful lines of Java output: no stack frames, no JVM notices."""
    kept = []
    for line in text.splitlines():
        line = line.strip()
        if (not line or line.startswith(("at ", "... ")) or "incubator modules" in line
                or re.fullmatch(r"\.\.\. \d+ more", line)):
            continue
        kept.append(line[:300])
    return kept[-lines:]


def _log_tail(layout: _Layout, lines: int = 4) -> str:
    """The last lines of the JVM output and of neo4j.log, as one line."""
    parts: list[str] = []
    for path in (layout.console_log, layout.neo4j_log):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if path == layout.console_log and "=== vbgraph start" in text:
            # Only what the latest start wrote, without its header line.
            text = text.rsplit("=== vbgraph start", 1)[1].partition("\n")[2]
        parts.extend(_summary(text, lines))
    tail = " | ".join(parts)
    return (tail[:900] + " …") if len(tail) > 900 else tail or "(empty log)"


# --------------------------------------------------------------------------- config


def _conf_values(layout: _Layout) -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        text = layout.conf.read_text(encoding="utf-8")
    except OSError:
        return values
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def _configured_port(layout: _Layout) -> int | None:
    addr = _conf_values(layout).get("server.bolt.listen_address", "")
    try:
        return int(addr.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None


def _configured_http_port(layout: _Layout) -> int | None:
    values = _conf_values(layout)
    if values.get("server.http.enabled") != "true":
        return None
    try:
        return int(values.get("server.http.listen_address", "").rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None


def _browser_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/browser/"


def _configured_home(layout: _Layout) -> Path | None:
    lib = _conf_values(layout).get("server.directories.lib")
    return Path(lib).parent if lib else None


def _uri(port: int) -> str:
    return f"bolt://127.0.0.1:{port}"


def _http_conf(http_port: int | None) -> list[str]:
    """HTTP off; or on loopback only, serving Neo4j Browser styled by vbgraph."""
    if http_port is None:
        return ["server.http.enabled=false"]
    from .browser import post_connect_command

    return [
        "server.http.enabled=true",
        f"server.http.listen_address=127.0.0.1:{http_port}",
        f"server.http.advertised_address=127.0.0.1:{http_port}",
        # Applies vbgraph's style and sets the ready queries' example parameters.
        f"browser.post_connect_cmd={post_connect_command()}",
    ]


def _write_conf(layout: _Layout, home: Path, port: int, heap_initial: str, heap_max: str,
                pagecache: str, http_port: int | None = None) -> None:
    # Rewritten on every start so a changed port or a moved home takes effect; strict
    # validation (Neo4j's default) turns any misspelt key here into a start failure.
    lines = [
        "# Written by graph/neo4j/server.py on every start: edits here are lost.",
        f"server.directories.lib={home / 'lib'}",
        f"server.directories.data={layout.data}",
        f"server.directories.logs={layout.logs}",
        f"server.directories.run={layout.run}",
        f"server.directories.import={layout.imports}",
        # Bolt on loopback only; HTTP only for Neo4j Browser, on loopback too; never HTTPS.
        "server.bolt.enabled=true",
        f"server.bolt.listen_address=127.0.0.1:{port}",
        f"server.bolt.advertised_address=127.0.0.1:{port}",
        *_http_conf(http_port),
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        # Only informative here (the JVM gets -Xms/-Xmx directly), but keeps the memory
        # plan in one readable place; sized for a 2-core, 24 GiB machine.
        f"server.memory.heap.initial_size={heap_initial}",
        f"server.memory.heap.max_size={heap_max}",
        f"server.memory.pagecache.size={pagecache}",
        # Otherwise every start preallocates ~250 MB of transaction log.
        "db.tx_log.preallocate=false",
        "dbms.usage_report.enabled=false",
        # Netty's 5 s graceful quiet period, twice, made every stop take ~10 s.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
    ]
    layout.conf_dir.mkdir(parents=True, exist_ok=True)
    tmp = layout.conf.with_suffix(".conf.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, layout.conf)


# --------------------------------------------------------------------------- passwords


def read_password(data_dir: Path | str | None = None) -> str:
    """Return the ``neo4j`` user's password stored by :func:`start` in ``data_dir/password``.

    For code that talks to the server (the loader) when ``NEO4J_PASSWORD`` is unset.

    Parameters
    ----------
    data_dir : Path, optional
        Defaults to :func:`default_data_dir`.

    Returns
    -------
    str

    Raises
    ------
    Neo4jServerError
        If the file is missing or empty.

    Examples
    --------
    >>> pw = os.environ.get("NEO4J_PASSWORD") or read_password()  # doctest: +SKIP
    """
    layout = _Layout(_data_dir(data_dir))
    try:
        password = layout.password_file.read_text(encoding="utf-8").strip("\n")
    except OSError:
        raise Neo4jServerError(f"no password file at {layout.password_file}: start the server with "
                               "`vbgraph neo4j start` or set NEO4J_PASSWORD") from None
    if not password:
        raise Neo4jServerError(f"the password file {layout.password_file} is empty")
    return password


def _write_password(layout: _Layout, password: str) -> None:
    layout.root.mkdir(parents=True, exist_ok=True)
    tmp = layout.password_file.with_name(".password.tmp")
    tmp.unlink(missing_ok=True)
    # Created 0600 from the start: never readable by others, not even for a moment.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password + "\n")
    os.replace(tmp, layout.password_file)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Neo4jServerError(f"the Neo4j password must have at least {MIN_PASSWORD_LENGTH} characters")
    if any(c in password for c in "\r\n\0"):
        raise Neo4jServerError("the Neo4j password must not contain line breaks or NUL")


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise Neo4jServerError("java is not on PATH: Neo4j 5.26 needs Java 17 or 21 (apt-get install openjdk-17-jre-headless)")
    return java


def _child_env(home: Path, layout: _Layout) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    env["NEO4J_HOME"] = str(home)
    env["NEO4J_CONF"] = str(layout.conf_dir)
    return env


def _set_initial_password(java: str, home: Path, layout: _Layout, password: str) -> None:
    """Run Neo4j's set-initial-password (writes data/dbms/auth.ini, read on first start).

    The arguments go through a Java @argfile created 0600, so the password appears in
    no process's command line.
    """
    quoted = '"' + password.replace("\\", "\\\\").replace('"', '\\"') + '"'
    argfile = layout.root / f".admin-args-{os.getpid()}"
    argfile.unlink(missing_ok=True)
    fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"{ADMIN_TOOL}\ndbms\nset-initial-password\n{quoted}\n")
    try:
        proc = subprocess.run([java, "-cp", str(home / "lib" / "*"), f"@{argfile}"], cwd=layout.root,
                              env=_child_env(home, layout), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=300)
    finally:
        argfile.unlink(missing_ok=True)
    if proc.returncode != 0:
        detail = " | ".join(_summary(proc.stdout + proc.stderr, 2))[:600] or "no output"
        raise Neo4jServerError(f"setting the initial Neo4j password failed (exit {proc.returncode}): {detail}")


# --------------------------------------------------------------------------- reaching it


class _AuthFailed(Exception):
    pass


def _query_once(uri: str, password: str) -> str:
    """Run ``RETURN 1`` once; return the server agent.  Raises _AuthFailed or driver errors."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError

    try:
        with GraphDatabase.driver(uri, auth=(USER, password), connection_timeout=3.0,
                                  connection_acquisition_timeout=5.0,
                                  max_transaction_retry_time=0.0) as driver:
            driver.verify_connectivity()
            records, _, _ = driver.execute_query("RETURN 1 AS ok")
            if not records or records[0]["ok"] != 1:
                raise Neo4jServerError(f"Neo4j at {uri} answered RETURN 1 wrongly")
            return driver.get_server_info().agent
    except AuthError:
        raise _AuthFailed() from None


def _wait_ready(uri: str, password: str, layout: _Layout, pid: int, timeout: float) -> str:
    """Poll until a real query succeeds; fail fast if the process dies or auth is refused."""
    import logging

    from neo4j.exceptions import DriverError, Neo4jError

    deadline = time.monotonic() + timeout
    last = "no answer yet"
    # The driver logs every refused connection as a warning while the JVM boots.
    neo4j_logger = logging.getLogger("neo4j")
    saved_level = neo4j_logger.level
    neo4j_logger.setLevel(logging.CRITICAL)
    try:
        while True:
            # _exists, not _alive: right after the fork the child's command line is
            # still Python's, which the identity check would take for a dead server.
            if not _exists(pid):
                raise Neo4jServerError(f"Neo4j (pid {pid}) exited before answering on {uri}; "
                                       f"log: {_log_tail(layout)} (see {layout.logs})")
            try:
                return _query_once(uri, password)
            except _AuthFailed:
                raise Neo4jServerError(f"Neo4j at {uri} refused the password for user '{USER}': use the one "
                                       f"in {layout.password_file} or NEO4J_PASSWORD") from None
            except (DriverError, Neo4jError, OSError) as exc:
                last = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:200]
            if time.monotonic() >= deadline:
                raise Neo4jServerError(f"Neo4j at {uri} did not answer a query within {timeout:g} s "
                                       f"({last}); log: {_log_tail(layout)}")
            time.sleep(0.5)
    finally:
        neo4j_logger.setLevel(saved_level)


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Same option the server sets, so a port in TIME_WAIT after a stop counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# --------------------------------------------------------------------------- public API


def status(*, data_dir: Path | str | None = None, home: Path | str | None = None) -> ServerStatus:
    """Describe the server of *data_dir* without contacting it.

    Parameters
    ----------
    data_dir : Path, optional
        Defaults to :func:`default_data_dir`.
    home : Path, optional
        Where the jars are; defaults to the home the data dir was last started with,
        else :func:`default_home`.

    Returns
    -------
    ServerStatus

    Examples
    --------
    >>> st = status()  # doctest: +SKIP
    >>> st.running, st.uri  # doctest: +SKIP
    (True, 'bolt://127.0.0.1:7687')
    """
    layout = _Layout(_data_dir(data_dir))
    home_path = _home(home) if home else (_configured_home(layout) or _home(None))
    pid = _read_pid(layout)
    running = pid is not None and _alive(pid, layout)
    port = _configured_port(layout) or DEFAULT_BOLT_PORT
    http_port = _configured_http_port(layout)
    return ServerStatus(
        running=running,
        pid=pid if running else None,
        uri=_uri(port),
        data_dir=layout.root,
        home=home_path,
        version=installed_version(home_path),
        password_file=layout.password_file if layout.password_file.is_file() else None,
        log_file=layout.console_log,
        browser_url=_browser_url(http_port) if running and http_port else None,
    )


def ping(*, data_dir: Path | str | None = None, password: str | None = None) -> str:
    """Run ``RETURN 1`` on the server of *data_dir* as user ``neo4j``; return its agent string.

    Parameters
    ----------
    data_dir : Path, optional
        Defaults to :func:`default_data_dir`.
    password : str, optional
        Defaults to ``NEO4J_PASSWORD``, else the stored password file.

    Returns
    -------
    str
        For example ``'Neo4j/5.26.30'``.

    Raises
    ------
    Neo4jServerError
        If the server is not running, refuses the password or does not answer.

    Examples
    --------
    >>> ping()  # doctest: +SKIP
    'Neo4j/5.26.30'
    """
    st = status(data_dir=data_dir)
    if not st.running or st.pid is None:
        raise Neo4jServerError(f"Neo4j is not running for {st.data_dir}: run `vbgraph neo4j start`")
    pw = password or os.environ.get("NEO4J_PASSWORD") or read_password(st.data_dir)
    return _wait_ready(st.uri, pw, _Layout(st.data_dir), st.pid, timeout=0)


def start(*, home: Path | str | None = None, data_dir: Path | str | None = None,
          bolt_port: int | None = None, password: str | None = None, timeout: float = 120,
          heap_initial: str = "1g", heap_max: str = "2g", pagecache: str = "512m",
          browser: bool = False, http_port: int | None = None) -> ServerStatus:
    """Start Neo4j in the background and wait until it answers a query with the password.

    Idempotent: if the data dir's server is already running, only checks that it
    answers and returns its status.

    Parameters
    ----------
    home : Path, optional
        Install folder from :func:`install`; defaults to :func:`default_home`.
    data_dir : Path, optional
        Defaults to :func:`default_data_dir`; created (mode 0700) if missing.
    bolt_port : int, optional
        Port on 127.0.0.1; defaults to the port this data dir last used, else 7687.
    password : str, optional
        Password of user ``neo4j``; defaults to ``NEO4J_PASSWORD``, else the stored
        ``data_dir/password``, else a new random one.  It becomes the initial password
        when the database is created and is then kept in ``data_dir/password`` (0600).
    timeout : float
        Seconds to wait for the first successful query.
    heap_initial, heap_max, pagecache : str
        JVM heap bounds and Neo4j page cache, in Neo4j/JVM size syntax (``512m``, ``2g``).
    browser : bool
        Also serve Neo4j Browser over HTTP on 127.0.0.1 (see :mod:`graph.neo4j.browser`).
    http_port : int, optional
        With *browser*: its port; default :data:`DEFAULT_HTTP_PORT`.

    Returns
    -------
    ServerStatus
        With ``running=True``.

    Raises
    ------
    Neo4jServerError
        If Neo4j (or, with *browser*, Neo4j Browser) is not installed, a port is taken, a
        server already running without the Browser is asked for it, the password is refused, or the
        server dies or does not answer within *timeout* (the message carries the log tail;
        a server this call launched is stopped again).

    Examples
    --------
    >>> st = start(bolt_port=7687)  # doctest: +SKIP
    >>> st.uri  # doctest: +SKIP
    'bolt://127.0.0.1:7687'
    """
    home_path = _home(home)
    layout = _Layout(_data_dir(data_dir))
    version = installed_version(home_path)
    if version is None:
        raise Neo4jServerError(f"Neo4j is not installed in {home_path}: run `vbgraph neo4j install`")
    if browser and not browser_installed(home_path):
        raise Neo4jServerError(f"Neo4j Browser is not installed in {home_path}: run `vbgraph neo4j install`")
    layout.root.mkdir(parents=True, exist_ok=True)
    os.chmod(layout.root, 0o700)  # it holds the password file and the auth store

    with _locked(layout):
        pid = _read_pid(layout)
        if pid is not None and _alive(pid, layout):
            running_port = _configured_port(layout) or DEFAULT_BOLT_PORT
            if bolt_port is not None and bolt_port != running_port:
                raise Neo4jServerError(f"Neo4j for {layout.root} is already running on {_uri(running_port)}, "
                                       f"not port {bolt_port}: stop it first")
            running_http = _configured_http_port(layout)
            if browser and (running_http is None or (http_port is not None and http_port != running_http)):
                where = f"with Neo4j Browser on port {running_http}" if running_http else "without Neo4j Browser"
                raise Neo4jServerError(f"Neo4j for {layout.root} is already running {where}: "
                                       "stop it first, then start it with --browser")
            pw = password or os.environ.get("NEO4J_PASSWORD") or read_password(layout.root)
            _wait_ready(_uri(running_port), pw, layout, pid, timeout)
            return status(data_dir=layout.root, home=home_path)

        port = bolt_port or _configured_port(layout) or DEFAULT_BOLT_PORT
        uri = _uri(port)
        fresh = not layout.system_db.exists()
        pw = password or os.environ.get("NEO4J_PASSWORD")
        if not pw and layout.password_file.is_file():
            pw = read_password(layout.root)
        if not pw:
            if not fresh:
                raise Neo4jServerError(f"{layout.data} holds a database but there is no {layout.password_file}: "
                                       "set NEO4J_PASSWORD to its password")
            pw = secrets.token_urlsafe(24)
        _check_password(pw)
        if not _port_free(port):
            raise Neo4jServerError(f"port {port} on 127.0.0.1 is already in use (another Neo4j?): "
                                   "choose another with --port")
        http = (http_port or DEFAULT_HTTP_PORT) if browser else None
        if http is not None and (http == port or not _port_free(http)):
            raise Neo4jServerError(f"port {http} on 127.0.0.1 is already in use: choose another with --http-port")

        java = _java()
        for d in (layout.data, layout.logs, layout.run, layout.imports):
            d.mkdir(parents=True, exist_ok=True)
        _write_conf(layout, home_path, port, heap_initial, heap_max, pagecache, http)
        if fresh:
            _set_initial_password(java, home_path, layout, pw)
            _write_password(layout, pw)

        cmd = [java, f"-Xms{heap_initial}", f"-Xmx{heap_max}", *JVM_OPTIONS,
               "-cp", str(home_path / "lib" / "*"), ENTRY_POINT,
               f"--home-dir={home_path}", f"--config-dir={layout.conf_dir}"]
        with open(layout.console_log, "a", encoding="utf-8") as log:
            log.write(f"=== vbgraph start {time.strftime('%Y-%m-%dT%H:%M:%S%z')} Neo4j {version} on {uri}\n")
            log.flush()
            # A session of its own: Ctrl-C in the terminal that started it does not reach it,
            # and it outlives this Python process.
            proc = subprocess.Popen(cmd, cwd=layout.root, env=_child_env(home_path, layout),
                                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True, close_fds=True)
        _started.append(proc)  # see _reap: it settles the Popen when it collects the pid
        layout.pid_file.write_text(f"{proc.pid}\n", encoding="utf-8")
        try:
            _wait_ready(uri, pw, layout, proc.pid, timeout)
        except BaseException:
            _terminate(proc.pid, 30)
            layout.pid_file.unlink(missing_ok=True)
            raise
        if not layout.password_file.is_file() or read_password(layout.root) != pw:
            # It worked, so it is the password: keep it for read_password() and the loader.
            _write_password(layout, pw)
        return status(data_dir=layout.root, home=home_path)


#: JVM options of the import tool.  On two cores G1's concurrent collector threads take
#: CPU from the importer's own, whose data lives off the heap: the serial collector made
#: the 100,000-document import 22.6 -> 19.3 s (median of 3 alternating runs, 2 cores).
#: On more cores the JVM's default is left alone: not measured there.
_IMPORT_JVM_OPTIONS = ("-XX:+UseSerialGC",) if (os.cpu_count() or 1) <= 2 else ()


def import_full(*, nodes: list[Path], relationships: list[Path], data_dir: Path | str | None = None,
                home: Path | str | None = None, array_delimiter: str = "\x1f",
                multiline: list[Path] | None = None) -> str:
    """Write the ``neo4j`` database's store afresh from header CSV files, with Neo4j's own
    ``neo4j-admin database import full`` (``org.neo4j.cli.AdminTool``), replacing what
    the store held.  The server of *data_dir* must be stopped.

    Parameters
    ----------
    nodes, relationships : list of Path
        CSV files with a header line (``key:ID(Document)``, ``:LABEL``, ``:START_ID``, …);
        values quoted where needed, arrays split on *array_delimiter*.
    multiline : list of Path, optional
        Those of the files that hold a line break inside a value: the importer reads them
        on one thread, the others in parallel.
    data_dir, home : Path, optional
        Default to :func:`default_data_dir` and the home it was last started with.

    Returns
    -------
    str
        The tool's summary line (``IMPORT DONE in …``).

    Raises
    ------
    Neo4jServerError
        The server is running, or the import failed (the tool's last lines).

    Examples
    --------
    >>> import_full(nodes=[Path("nodes.csv")], relationships=[Path("rels.csv")])  # doctest: +SKIP
    'IMPORT DONE in 2s 12ms.'
    """
    layout = _Layout(_data_dir(data_dir))
    home_path = _home(home) if home else (_configured_home(layout) or _home(None))
    with _locked(layout):
        pid = _read_pid(layout)
        if pid is not None and _alive(pid, layout):
            raise Neo4jServerError(f"Neo4j for {layout.root} is running: stop it before an import")
        if not layout.conf.is_file():
            raise Neo4jServerError(f"{layout.root} has no configuration: start the server once first")
        cmd = [_java(), *_IMPORT_JVM_OPTIONS, "-cp", str(home_path / "lib" / "*"), ADMIN_TOOL,
               "database", "import", "full",
               *(f"--nodes={p}" for p in nodes), *(f"--relationships={p}" for p in relationships),
               f"--array-delimiter=\\u{ord(array_delimiter):04X}", "--overwrite-destination=true",
               *(["--multiline-fields-format=v2", f"--multiline-fields={','.join(map(str, multiline))}"]
                 if multiline else []),
               "neo4j"]
        proc = subprocess.run(cmd, cwd=layout.root, env=_child_env(home_path, layout), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=3600)
    done = [ln.strip() for ln in proc.stdout.splitlines() if ln.startswith("IMPORT DONE")]
    if proc.returncode != 0 or not done:
        detail = " | ".join(_summary(proc.stdout + proc.stderr, 3))[:600] or "no output"
        raise Neo4jServerError(f"neo4j-admin database import failed (exit {proc.returncode}): {detail}")
    return done[0]


def _terminate(pid: int, timeout: float) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if not _wait_gone(pid, timeout):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _wait_gone(pid, 10)


def stop(*, data_dir: Path | str | None = None, timeout: float = 60) -> bool:
    """Stop the server of *data_dir*: SIGTERM, wait up to *timeout*, then SIGKILL.

    Only the process recorded in ``data_dir/neo4j.pid`` is signalled, and only if it
    is a Neo4j server started for this data dir.

    Parameters
    ----------
    data_dir : Path, optional
        Defaults to :func:`default_data_dir`.
    timeout : float
        Seconds to let Neo4j shut down cleanly (checkpoint) before killing it.

    Returns
    -------
    bool
        True if a running server was stopped, False if none was running.

    Raises
    ------
    Neo4jServerError
        If the process survives even SIGKILL.

    Examples
    --------
    >>> stop()  # doctest: +SKIP
    True
    """
    layout = _Layout(_data_dir(data_dir))
    if not layout.root.is_dir():
        return False
    with _locked(layout):
        pid = _read_pid(layout)
        if pid is None or not _alive(pid, layout):
            layout.pid_file.unlink(missing_ok=True)
            return False
        _terminate(pid, timeout)
        if _exists(pid):
            raise Neo4jServerError(f"Neo4j (pid {pid}) did not exit even after SIGKILL")
        layout.pid_file.unlink(missing_ok=True)
        return True
