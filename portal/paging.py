"""Which page of a list the visitor asks for (`?side=N`), read the same way on every list."""

from __future__ import annotations

from flask import request

# Far beyond any list the portal has; it keeps the offset a query sends within the database's integer range.
MAX_PAGE = 10_000


def requested_page() -> int:
    """The page asked for, from 1 to MAX_PAGE: anything that is not a whole number asks for the first page.

    A list past its end shows its last page or an empty one, as each list decides; the number never reaches the
    database unbounded, so `?side=99999999999999999999` cannot overflow an offset.
    """
    try:
        number = int(request.args.get("side", "1"))
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)
