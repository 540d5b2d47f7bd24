"""`make bench`: the portal against a bare-Flask ceiling on the load-sized database, page by page.

1. Fills or reuses the load-sized database (bench.generate) and reads the plans of the busiest queries (bench.plans).
2. Maps the demo personas onto a typical and a heavy citizen, the busiest therapist and a visitator
   (bench.personas), and starts the local login provider, the portal in the bench configuration (production in
   every respect but the login provider) and the ceiling, a bare Flask "hello", both on gunicorn with the same
   settings: 2 sync workers, loopback only.
3. Logs the personas in through the provider as a browser does, and asks every staff page and the key citizen
   pages once: none may answer 500. In-process, with the same configuration, it counts each key page's queries.
4. Loads each key page with wrk, alternately with the ceiling, 3 rounds at 16 and at 50 connections, measuring the
   portal workers' and PostgreSQL's CPU time per request; then the first-load bytes of the front page and the
   dashboard in Chromium, as transferred with an empty cache and on a second view, and the workers' memory.
5. Prints one table and writes it, with the raw rounds, to bench/results/<time>-<commit>.md.

BENCH_SECONDS (default 3) is the length of one wrk run; BENCH_SCALE 2 runs on twice the data (bench_x2).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench import generate, personas, settings
from bench.personas import Rows
from portal import clock

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = ROOT / ".venv" / "bin"
PORTAL = f"http://{settings.HOST}:{settings.PORTAL_PORT}"
CEILING = f"http://{settings.HOST}:{settings.CEILING_PORT}/"
CONNECTIONS = (16, 50)
ROUNDS = 3
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
# The same gunicorn settings for both: the portal's from scripts/run-demo.sh.
GUNICORN = ["--workers", "2", "--worker-class", "sync"]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
ENTRY = {"citizen": "mitid", "staff": "medarbejder"}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    # Whose login the page is asked with; None for anonymous.
    who: str | None


def key_pages(rows: Rows) -> list[Page]:
    return [
        Page("Mit overblik", "/mit-overblik", "typical"),
        Page("Mine træningstider, typical", "/mine-traeningstider/", "typical"),
        Page("Mine træningstider, heavy", "/mine-traeningstider/", "heavy"),
        Page("month view", "/mine-traeningstider/maaned", "typical"),
        Page("Mit træningsprogram", "/mit-traeningsprogram/", "typical"),
        Page("kalender.ics, typical", "/mine-traeningstider/kalender.ics", "typical"),
        Page("kalender.ics, heavy", "/mine-traeningstider/kalender.ics", "heavy"),
        Page("calendar feed", f"/kalender/{rows.feed_token}.ics", None),
        Page("therapist's course list", "/medarbejder/forloeb/", "therapist"),
        Page("visitator's inbox", "/medarbejder/sager/", "visitator"),
        Page("front page, anonymous", "/", None),
    ]


def other_pages(rows: Rows) -> list[Page]:
    """Asked once each, for their status: every staff page a GET reaches, and the citizens' other pages."""
    course, case = rows.therapist_course, rows.open_case
    staff = [
        ("therapist", "/medarbejder/"),
        ("therapist", f"/medarbejder/forloeb/{course}"),
        ("therapist", f"/medarbejder/forloeb/{course}/bestil"),
        ("therapist", f"/medarbejder/forloeb/{course}/afslut"),
        ("therapist", f"/medarbejder/forloeb/{course}/program"),
        ("therapist", f"/medarbejder/forloeb/{rows.typical_course}"),
        ("therapist", "/medarbejder/hold/"),
        ("therapist", "/medarbejder/hold/ny"),
        ("therapist", "/medarbejder/oevelser/"),
        ("therapist", "/medarbejder/programskabeloner"),
        ("visitator", "/medarbejder/borger"),
        ("visitator", f"/medarbejder/borger/{rows.heavy}"),
        ("visitator", "/medarbejder/"),
        ("visitator", "/medarbejder/sager/?status=acknowledged"),
        ("visitator", "/medarbejder/sager/?kilde=gp&side=3"),
        ("visitator", "/medarbejder/sager/?side=400"),
        ("visitator", f"/medarbejder/sager/{case}"),
        ("visitator", f"/medarbejder/sager/{case}/samtale"),
        ("visitator", f"/medarbejder/sager/{case}/spoergsmaal"),
        ("visitator", f"/medarbejder/sager/{case}/bevilg"),
        ("visitator", f"/medarbejder/sager/{case}/afslaa"),
        ("visitator", f"/medarbejder/sager/{rows.granted_case}"),
        ("visitator", f"/medarbejder/borger/{rows.typical}"),
    ]
    pages = [Page(path, path, who) for who, path in staff]
    for who, program in (("typical", rows.typical_program), ("heavy", rows.heavy_program)):
        citizen = [
            "/mine-traeningstider/kalender-abonnement",
            f"/mit-traeningsprogram/{program}",
            f"/mit-traeningsprogram/{program}/fremskridt",
            f"/mit-traeningsprogram/{program}/udskriv",
            "/beskeder",
            "/mine-sager",
            "/hvem-har-set-mine-oplysninger",
            "/mine-data",
            "/paamindelser-og-kontakt/",
            "/mine-paaroerende",
        ]
        pages += [Page(path, path, who) for path in citizen]
    return pages


# Processes --------------------------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def workers(self) -> list[int]:
        """The gunicorn workers: the master's children."""
        return [pid for pid in _all_pids() if _stat(pid).get("ppid") == self.process.pid]

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])


def _all_pids() -> list[int]:
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit()]


def _stat(pid: int) -> dict[str, int]:
    """ppid and CPU ticks (user + system) of a process, from /proc; empty if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return {}
    fields = raw[raw.rindex(")") + 2 :].split()
    return {"ppid": int(fields[1]), "ticks": int(fields[11]) + int(fields[12])}


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex((settings.HOST, port)) != 0


@contextmanager
def started(name: str, command: list[str], env: dict[str, str], ready_url: str) -> Iterator[Server]:
    """A process of ours, stopped (by its own id) when the block ends."""
    port = urlsplit(ready_url).port
    if port and not _port_free(port):
        raise SystemExit(f"Port {port} is in use; set BENCH_PORTAL_PORT, BENCH_CEILING_PORT or BENCH_IDP_PORT.")
    log = Path(tempfile.mkstemp(prefix=f"bench-{name}-", suffix=".log")[1])
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    server = Server(name, process, log)
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise SystemExit(f"{name} stopped at start:\n{server.tail()}")
            try:
                requests.get(ready_url, timeout=1, allow_redirects=False)
                break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise SystemExit(f"{name} did not answer on {ready_url}:\n{server.tail()}")
        yield server
        log.unlink(missing_ok=True)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log.exists():
            print(f"The {name}'s log: {log}", file=sys.stderr)


# Logging in as a browser does --------------------------------------------------------------------------------------


def log_in(who: str) -> str:
    """Logs a persona in through the local provider over HTTP; the Cookie header that carries the session.

    The session cookie is Secure (production's __Host- cookie), which an HTTP client keeps to itself on plain
    http; the benchmark is on loopback, so the cookies are carried by hand."""
    chosen = personas.persona({**personas.CITIZENS, **personas.STAFF}[who])
    cookies: dict[str, str] = {}

    def keep(response: requests.Response) -> None:
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                cookies[name] = morsel.value

    def header() -> dict[str, str]:
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}

    start = requests.get(f"{PORTAL}/log-ind/{ENTRY[chosen.kind]}", allow_redirects=False, timeout=30)
    assert start.status_code == 302, start.text[:300]
    keep(start)
    answer = requests.post(start.headers["Location"], data={"sub": chosen.sub}, allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.text[:300]
    back = urlsplit(answer.headers["Location"])
    done = requests.get(f"{PORTAL}{back.path}?{back.query}", headers=header(), allow_redirects=False, timeout=30)
    assert done.status_code == 303, done.text[:500]
    keep(done)
    return header()["Cookie"]


# Query counts, in-process -----------------------------------------------------------------------------------------


def count_queries(pages: list[Page]) -> dict[str, tuple[int, int]]:
    """Each key page's SQL statements and body bytes, asked in-process with the same configuration (the counting
    needs the app's engine), logged in through the same provider. The requests are made outside any app context
    of ours, so each has its own, as in a worker, and no login is remembered from one to the next in `g`."""
    from portal import create_app
    from portal.extensions import db

    app = create_app()
    with app.app_context():
        engine = db.engine
    statements = [0]

    def count(*_args: Any) -> None:
        statements[0] += 1

    sa.event.listen(engine, "before_cursor_execute", count)
    counted: dict[str, tuple[int, int]] = {}
    clients: dict[str | None, Any] = {}
    try:
        for page in pages:
            if page.who not in clients:
                clients[page.who] = _in_process_client(app, page.who)
            client = clients[page.who]
            client.get(page.path, base_url=PORTAL)  # the first asking warms caches, as a running worker has them
            statements[0] = 0
            response = client.get(page.path, base_url=PORTAL)
            ok = response.status_code == 200
            counted[page.name] = (statements[0], len(response.get_data())) if ok else (-response.status_code, 0)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
        engine.dispose()
    return counted


def _in_process_client(app: Any, who: str | None) -> Any:
    client = app.test_client()
    if who is None:
        return client
    chosen = personas.persona({**personas.CITIZENS, **personas.STAFF}[who])
    start = client.get(f"/log-ind/{ENTRY[chosen.kind]}", base_url=PORTAL)
    answer = requests.post(start.headers["Location"], data={"sub": chosen.sub}, allow_redirects=False, timeout=30)
    back = urlsplit(answer.headers["Location"])
    done = client.get(back.path, query_string=parse_qs(back.query), base_url=PORTAL)
    assert done.status_code == 303, done.get_data(as_text=True)[:500]
    return client


# Load ---------------------------------------------------------------------------------------------------------------


@dataclass
class Run:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    failed: int
    python_ms: float = 0.0
    postgres_ms: float = 0.0


def wrk(url: str, connections: int, seconds: int, cookie: str | None) -> tuple[Run, int]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(ROOT / "bench" / "wrk_report.lua"), "-H", "Accept-Encoding: gzip, deflate, br"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    report = json.loads(output.strip().splitlines()[-1])
    seconds_measured = report["duration_us"] / 1e6
    run = Run(
        requests_per_second=report["requests"] / seconds_measured,
        p50_ms=report["p50"] / 1000,
        p95_ms=report["p95"] / 1000,
        p99_ms=report["p99"] / 1000,
        failed=report["non2xx"] + report["socket_errors"],
    )
    return run, report["requests"]


def drain(url: str) -> None:
    """Waits until the server has served what wrk left in its queue. Connections wrk opened are accepted and served
    by the sync workers after wrk has stopped and closed them; left alone, they would load the next run."""
    requests.get(url, timeout=600)


class CpuMeter:
    """CPU time of the portal's workers and of the PostgreSQL backends serving the bench database."""

    def __init__(self, portal: Server, url: str) -> None:
        self.portal = portal
        self.engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        self.database = make_url(url).database

    def _backends(self) -> list[int]:
        with self.engine.connect() as connection:
            return list(
                connection.scalars(
                    sa.text(
                        "SELECT pid FROM pg_stat_activity WHERE datname = :name AND backend_type = 'client backend' "
                        "AND pid <> pg_backend_pid()"
                    ),
                    {"name": self.database},
                )
            )

    def sample(self) -> tuple[dict[int, int], dict[int, int]]:
        workers = {pid: _stat(pid).get("ticks", 0) for pid in self.portal.workers()}
        backends = {pid: _stat(pid).get("ticks", 0) for pid in self._backends()}
        return workers, backends

    @staticmethod
    def spent_ms(before: dict[int, int], after: dict[int, int]) -> float:
        return sum(ticks - before.get(pid, 0) for pid, ticks in after.items()) * 1000 / CLOCK_TICKS


@dataclass
class Measured:
    page: Page
    portal: dict[int, list[Run]] = field(default_factory=dict)
    ceiling: dict[int, list[Run]] = field(default_factory=dict)


def load(pages: list[Page], cookies: dict[str | None, str | None], meter: CpuMeter, report: Callable[[str], None]):
    measured = []
    for page in pages:
        result = Measured(page)
        url = f"{PORTAL}{page.path}"
        wrk(url, 16, 1, cookies[page.who])  # warm-up, not counted
        drain(f"{PORTAL}/healthz")
        for connections in CONNECTIONS:
            result.portal[connections], result.ceiling[connections] = [], []
            for _ in range(ROUNDS):
                ceiling, _count = wrk(CEILING, connections, SECONDS, None)
                drain(CEILING)
                before = meter.sample()
                run, count = wrk(url, connections, SECONDS, cookies[page.who])
                # Before the queue drains: the CPU time is then that of the requests wrk counted, and of at most the
                # two in the workers' hands when it stopped.
                after = meter.sample()
                drain(f"{PORTAL}/healthz")
                run.python_ms = CpuMeter.spent_ms(before[0], after[0]) / max(count, 1)
                run.postgres_ms = CpuMeter.spent_ms(before[1], after[1]) / max(count, 1)
                result.ceiling[connections].append(ceiling)
                result.portal[connections].append(run)
        c16 = statistics.median(r.requests_per_second for r in result.portal[16])
        report(f"  {page.name:32} {c16:8.0f} req/s at 16 connections")
        measured.append(result)
    return measured


# First load in a browser ---------------------------------------------------------------------------------------------


def first_load(paths: dict[str, tuple[str, str | None]]) -> dict[str, dict[str, int]]:
    """Bytes as transferred (headers and encoded bodies) for a page with an empty cache, and for a second view of
    it in the same browser, in Debian's Chromium; with the number of requests each view made."""
    from playwright.sync_api import sync_playwright

    from e2e.browser import CHROMIUM, CHROMIUM_ARGS

    sizes: dict[str, dict[str, int]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for name, (path, cookie) in paths.items():
                context = browser.new_context()
                if cookie:
                    pairs = (part.split("=", 1) for part in cookie.split("; "))
                    context.add_cookies(
                        [
                            # A __Host- cookie is Secure, for Path=/ and without Domain; Chromium takes it for
                            # loopback over plain http when it is given by host and path.
                            {"name": key, "value": value, "domain": settings.HOST, "path": "/", "secure": True}
                            for key, value in pairs
                        ]
                    )
                page = context.new_page()
                view = [0]
                finished: list[tuple[int, int]] = []
                page.on(
                    "requestfinished",
                    lambda request, into=finished, at=view: into.append((at[0], _bytes(request))),
                )
                statuses = []
                for number in (0, 1):
                    view[0] = number
                    response = page.goto(urljoin(PORTAL, path), wait_until="networkidle", timeout=120_000)
                    # A page that sent the browser elsewhere (a login) was not the page measured.
                    landed = urlsplit(page.url).path == urlsplit(urljoin(PORTAL, path)).path
                    statuses.append(response.status if response and landed else 0)
                sizes[name] = {
                    "first_bytes": sum(size for number, size in finished if number == 0),
                    "first_requests": sum(1 for number, _size in finished if number == 0),
                    "second_bytes": sum(size for number, size in finished if number == 1),
                    "second_requests": sum(1 for number, _size in finished if number == 1),
                    "status": min(statuses),
                }
                context.close()
        finally:
            browser.close()
    return sizes


def _bytes(request: Any) -> int:
    sizes = request.sizes()
    return int(sizes["responseHeadersSize"] + max(sizes["responseBodySize"], 0))


# The run --------------------------------------------------------------------------------------------------------------


def commit_id() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True)
    return commit.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs Debian's package (apt-get install wrk).")
    began = time.monotonic()
    scale = int(os.environ.get("BENCH_SCALE", "1"))
    url, meta = generate.prepare(scale)
    plans = subprocess.run(
        [sys.executable, "-m", "bench.plans", "--scale", str(scale)], cwd=ROOT, capture_output=True, text=True
    )
    print(plans.stdout, plans.stderr if plans.returncode not in (0, 1) else "", flush=True)
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "TEST_DATABASE_URL")}
    env.update(settings.environment(url, meta))
    os.environ.update(env)
    from portal import create_app
    from portal.extensions import db

    app = create_app()
    with app.app_context():
        rows = personas.map_personas(meta)
        db.engine.dispose()
    load_before = os.getloadavg()
    idp = [str(VENV_BIN / "python"), "-m", "devtools.idp", "--host", settings.HOST, "--port", str(settings.IDP_PORT)]
    gunicorn = str(VENV_BIN / "gunicorn")
    portal_command = [gunicorn, "--bind", f"{settings.HOST}:{settings.PORTAL_PORT}", *GUNICORN, "portal:create_app()"]
    ceiling_command = [gunicorn, "--bind", f"{settings.HOST}:{settings.CEILING_PORT}", *GUNICORN, "bench.ceiling:app"]
    with (
        started("provider", idp, env, f"{settings.IDP_URL}/.well-known/openid-configuration"),
        started("portal", portal_command, env, f"{PORTAL}/healthz") as portal,
        started("ceiling", ceiling_command, env, CEILING) as ceiling,
    ):
        cookies: dict[str | None, str | None] = {None: None}
        for who in ("typical", "heavy", "therapist", "visitator"):
            cookies[who] = log_in(who)
        pages = key_pages(rows)
        statuses = check_statuses(pages + other_pages(rows), cookies)
        queries = count_queries(pages)
        print("Loading the key pages, alternately with the ceiling:", flush=True)
        meter = CpuMeter(portal, url)
        measured = load(pages, cookies, meter, lambda line: print(line, flush=True))
        meter.engine.dispose()
        browser = first_load(
            {"front page": ("/", None), "Mit overblik": ("/mit-overblik", cookies["typical"])},
        )
        memory = {
            "portal": [round(_rss_mb(pid)) for pid in portal.workers()],
            "ceiling": [round(_rss_mb(pid)) for pid in ceiling.workers()],
        }
    load_after = os.getloadavg()
    text = render(meta, scale, measured, queries, statuses, browser, memory, plans, (load_before, load_after), began)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    stamp = clock.utcnow().strftime("%Y%m%d-%H%M")
    path = RESULTS / f"{stamp}-{commit_id()}-x{scale}.md"
    path.write_text(text + raw_section(measured))
    print(f"Written to {path.relative_to(ROOT)}")
    failing = [name for name, status in statuses.items() if status >= 500]
    return 1 if failing or plans.returncode else 0


def check_statuses(pages: list[Page], cookies: dict[str | None, str | None]) -> dict[str, int]:
    """Every page once over HTTP, as the logged-in persona: its status."""
    statuses = {}
    for page in pages:
        headers = {"Cookie": cookies[page.who]} if cookies[page.who] else {}
        response = requests.get(f"{PORTAL}{page.path}", headers=headers, allow_redirects=False, timeout=60)
        statuses[f"{page.who or 'anonymous'} {page.path}"] = response.status_code
    return statuses


def _median(runs: list[Run], attribute: str) -> float:
    return statistics.median(getattr(run, attribute) for run in runs)


def render(
    meta: settings.Meta,
    scale: int,
    measured: list[Measured],
    queries: dict[str, tuple[int, int]],
    statuses: dict[str, int],
    browser: dict[str, dict[str, int]],
    memory: dict[str, list[int]],
    plans: subprocess.CompletedProcess[str],
    load: tuple[tuple[float, ...], tuple[float, ...]],
    began: float,
) -> str:
    """The run as Markdown: the table of medians, then what else was measured."""
    lines = [
        f"# make bench, {clock.utcnow():%Y-%m-%d %H:%M} UTC, commit {commit_id()}",
        "",
        f"Data: scale {scale}, {', '.join(f'{value:,} {name}' for name, value in meta.counts.items())} "
        f"(made {meta.generated_at[:16]}).",
        f"Portal (PORTAL_ENV=bench) and ceiling (bare Flask) on gunicorn, {' '.join(GUNICORN)}; wrk -t2, "
        f"{SECONDS:g} s a run, alternately ceiling and portal, {ROUNDS} rounds at each of "
        f"{' and '.join(map(str, CONNECTIONS))} connections; medians. {os.cpu_count()} cores; load average "
        f"{load[0][0]:.1f} before, {load[1][0]:.1f} after.",
        "",
        "| page | req/s portal / ceiling (c16) | ratio | p50 / p95 / p99 ms (c16) | req/s portal / ceiling (c50) "
        "| ratio | p50 / p95 / p99 ms (c50) | CPU ms per request, Python / PostgreSQL | queries | bytes |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in measured:
        cells = [result.page.name]
        for connections in CONNECTIONS:
            portal, ceiling = result.portal[connections], result.ceiling[connections]
            ours, theirs = _median(portal, "requests_per_second"), _median(ceiling, "requests_per_second")
            failed = sum(run.failed for run in portal)
            cells += [
                f"{ours:,.0f} / {theirs:,.0f}" + (f" ({failed} failed)" if failed else ""),
                f"{ours / theirs:.1%}",
                " / ".join(f"{_median(portal, name):,.0f}" for name in ("p50_ms", "p95_ms", "p99_ms")),
            ]
        every = [run for runs in result.portal.values() for run in runs]
        count, size = queries.get(result.page.name, (0, 0))
        cells += [
            f"{_median(every, 'python_ms'):.1f} / {_median(every, 'postgres_ms'):.1f}",
            str(count) if count >= 0 else f"status {-count}",
            f"{size:,}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "First load in Chromium, as transferred (headers and bodies; gzip and brotli offered):", ""]
    for name, sizes in browser.items():
        lines.append(
            f"- {name}: {sizes['first_bytes'] / 1024:,.0f} KiB in {sizes['first_requests']} requests with an empty "
            f"cache; {sizes['second_bytes'] / 1024:,.1f} KiB in {sizes['second_requests']} requests on a second view "
            f"(status {sizes['status']})"
        )
    lines += [
        "",
        "Memory (RSS) per worker after the run: portal "
        + ", ".join(f"{mb} MB" for mb in memory["portal"])
        + "; ceiling "
        + ", ".join(f"{mb} MB" for mb in memory["ceiling"])
        + ".",
        "",
    ]
    errors = {page: status for page, status in statuses.items() if status >= 500}
    others = {page: status for page, status in statuses.items() if 300 <= status < 500}
    lines.append(
        f"Every page asked once as its persona ({len(statuses)} pages, staff pages included): "
        + (f"{len(errors)} answered 500 or worse: {errors}" if errors else "none answered 500")
        + (f"; not 200: {others}" if others else "")
        + "."
    )
    lines += ["", f"bench.plans (exit code {plans.returncode}):", "", "```", plans.stdout.rstrip(), "```", ""]
    lines.append(f"The run took {time.monotonic() - began:.0f} s.")
    return "\n".join(lines) + "\n"


def raw_section(measured: list[Measured]) -> str:
    """Every round, for comparing runs later."""
    raw = {
        result.page.name: {
            side: {str(c): [run.__dict__ for run in runs] for c, runs in getattr(result, side).items()}
            for side in ("portal", "ceiling")
        }
        for result in measured
    }
    return "\n## Every round\n\n```json\n" + json.dumps(raw, indent=1) + "\n```\n"


if __name__ == "__main__":
    sys.exit(main())
