"""``{name:id}`` in a route: a row id, 1 to 18 ASCII digits (SQLite's INTEGER holds up to 19).

Starlette's ``int`` takes any run of digits, and a 23-digit id then fails deep in SQLite with an
OverflowError (a 500). A longer id simply does not match the route: a 404 like any other unknown
address. (Starlette lets a convertor refuse only by its regex: an error in ``convert`` is a 500.)
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor

ID_DIGITS = 18


def is_id(text: str) -> bool:
    """Whether ``text`` (from a form or a query) is an id the store can look up: "²" and "１"
    are digits to ``str.isdigit()``, and the first is not even a number to ``int()``."""
    return text.isascii() and text.isdigit() and len(text) <= ID_DIGITS


class IdConvertor(Convertor[int]):
    regex = f"[0-9]{{1,{ID_DIGITS}}}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", IdConvertor())
