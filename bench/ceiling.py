"""The ceiling: a bare Flask "hello", served by gunicorn with the portal's settings, so the portal's throughput can be
read as a share of what Flask and gunicorn manage on the same machine in the same minute."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
