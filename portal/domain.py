"""The one exception a refused domain action raises, and that the request edge knows.

A service that cannot do what it was asked (the course has ended, the time was taken a moment ago, the program is
issued already, another visitator decided the case first) raises `DomainRefused` or a subclass of it, whatever it
has flushed so far. The request edge (`portal.requests`) rolls the whole request back and shows `message`, so no
view rolls back by hand and no service undoes its own writes.
"""

from __future__ import annotations


class DomainRefused(Exception):
    """A refused action, with the words the person who asked for it sees."""

    def __init__(self, reason: str, message: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self._message = message

    @property
    def message(self) -> str:
        """What the user reads. Subclasses word it from their reason, in the language of the request."""
        return self._message or self.reason
