"""Where a key page spends its time: each page asked in-process many times under pyinstrument (not a dependency of
the portal: `.venv/bin/pip install pyinstrument`), on the load-sized data `generate.py` made, as the bench's
personas. Prints the call tree of each page; use it before changing code for speed, and again after.

    .venv/bin/python -m bench.profile [--citizens 10000] [--times 50] [page name ...]
"""

from __future__ import annotations

import argparse
import os
import sys

from bench import generate, personas, run, settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--citizens", type=int, help="the size generate.py made (a smaller one iterates faster)")
    parser.add_argument("--times", type=int, default=50)
    parser.add_argument("pages", nargs="*", help="names of key pages (default: all)")
    args = parser.parse_args()
    from pyinstrument import Profiler

    url, meta = generate.prepare(1, citizens=args.citizens)
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "TEST_DATABASE_URL")}
    env.update(settings.environment(url, meta))
    os.environ.update(env)
    from portal import create_app
    from portal.extensions import db

    app = create_app()
    with app.app_context():
        rows = personas.map_personas(meta)
        db.engine.dispose()
    python = str(run.VENV_BIN / "python")
    idp = [python, "-m", "devtools.idp", "--host", settings.HOST, "--port", str(settings.IDP_PORT)]
    with run.started("provider", idp, env, f"{settings.IDP_URL}/.well-known/openid-configuration"):
        clients: dict[str | None, object] = {}
        for page in run.key_pages(rows):
            if args.pages and page.name not in args.pages:
                continue
            if page.who not in clients:
                clients[page.who] = run._in_process_client(app, page.who)
            client = clients[page.who]
            client.get(page.path, base_url=run.PORTAL)  # type: ignore[attr-defined]
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(args.times):
                response = client.get(page.path, base_url=run.PORTAL)  # type: ignore[attr-defined]
            profiler.stop()
            print(f"\n=== {page.name}: {response.status_code}, {len(response.get_data())} bytes", flush=True)
            print(profiler.output_text(unicode=True, color=False, show_all=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
