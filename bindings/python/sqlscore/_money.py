"""Exact money: an amount in ISO 4217 minor units."""

import typing


class Money(typing.NamedTuple):
    """An exact amount: ``minor`` units of an ISO 4217 ``currency``.

    ``Money(123456, "USD")`` is 1234.56 US dollars; money is never a float.
    """

    minor: int
    currency: str
