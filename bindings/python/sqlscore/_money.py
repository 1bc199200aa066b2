"""Exact money: ISO 4217 minor units, parsing and formatting (cpsql module)."""

import ctypes
import decimal
import typing

from . import _lib
from ._lib import ROUND_HALF_EVEN, buffer_text, declare, i32, i64, text

_digits = declare("sqlscore_currency_digits", None,
                  [ctypes.c_char_p, _lib.c_int32_p], status=True)
_parse = declare("sqlscore_money_parse", None,
                 [_lib.c_int64_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int32],
                 status=True)
_format = declare("sqlscore_money_format", None,
                  [ctypes.c_char_p, ctypes.c_size_t, _lib.c_size_t_p, ctypes.c_int64,
                   ctypes.c_char_p], status=True)


def currency_digits(currency):
    """Minor-unit digits of an ISO 4217 code: 2 for "USD", 0 for "JPY", 3 for "KWD".

    Raises InvalidArgument for a malformed code, NotFound for an unknown one.
    """
    out = ctypes.c_int32()
    _digits(text(currency, "currency"), ctypes.byref(out))
    return out.value


def parse_money(amount, currency, rounding=ROUND_HALF_EVEN):
    """Parse decimal text ("1,234.56", "-3", "0.125") into exact minor units.

    Digits beyond the currency's minor units are rounded with ``rounding``
    (:data:`ROUND_HALF_EVEN` or :data:`ROUND_HALF_UP`).  Raises ParseError
    for text outside the grammar of sqlscore_money_parse(3), OutOfRange when
    the value does not fit in 64 bits.
    """
    out = ctypes.c_int64()
    _parse(ctypes.byref(out), text(amount, "amount"), text(currency, "currency"),
           i32(rounding, "rounding"))
    return out.value


def format_money(minor, currency):
    """Minor units as plain decimal text: format_money(-123456, "USD") == "-1234.56"."""
    return buffer_text(_format, 32, i64(minor, "minor"), text(currency, "currency"))


class Money(typing.NamedTuple):
    """An exact amount: ``minor`` units of an ISO 4217 ``currency``.

    ``Money.parse("1,234.56", "USD") == Money(123456, "USD")``;
    ``str(Money(123456, "USD")) == "1234.56 USD"``.
    """

    minor: int
    currency: str

    @classmethod
    def parse(cls, amount, currency, rounding=ROUND_HALF_EVEN):
        return cls(parse_money(amount, currency, rounding), currency)

    @property
    def text(self):
        """The amount alone as decimal text, e.g. "1234.56"."""
        return format_money(self.minor, self.currency)

    def to_decimal(self):
        """The amount as an exact :class:`decimal.Decimal` in major units."""
        return decimal.Decimal(self.text)

    def __str__(self):
        return "%s %s" % (self.text, self.currency)
