"""English is the source language of the catalogue: its entries say what the msgid says.

Fills only empty English entries, so a hand-made English wording is never overwritten.
Usage: python scripts/fill_source_catalogue.py portal/translations/en/LC_MESSAGES/messages.po
"""

from __future__ import annotations

import sys

from babel.messages.pofile import read_po, write_po


def fill(path: str) -> int:
    with open(path, "rb") as handle:
        catalogue = read_po(handle)
    filled = 0
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string):
                message.string = (message.id[0], *[message.id[1]] * (catalogue.num_plurals - 1))
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
        message.flags.discard("fuzzy")
    with open(path, "wb") as handle:
        write_po(handle, catalogue, width=120, omit_header=False, sort_output=True)
    return filled


if __name__ == "__main__":
    print(f"{fill(sys.argv[1])} English entries filled from their source text")
