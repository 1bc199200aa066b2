"""Batch arguments: sequences, array.array and buffer-protocol objects.

A batch crosses the FFI boundary once, as a C array.  A one-dimensional,
C-contiguous buffer of exactly the C type (an ``array.array('d')``, a NumPy
``float64`` array, ...) is passed in place, without copying; anything else
(lists, tuples, generators, other element types, strided views, read-only
buffers) is converted into a fresh C array first.  NumPy is never imported.
"""

import array
import ctypes
import sys

# struct-module format characters of each C type, native size and order.
_LITTLE = sys.byteorder == "little"


def _formats(*codes):
    out = set()
    for c in codes:
        out.update((c, "@" + c, "=" + c, ("<" if _LITTLE else ">") + c))
    return frozenset(out)


def _int_codes(size, signed):
    codes = []
    for c in ("bhilq" if signed else "BHILQ"):
        if array.array(c).itemsize == size:
            codes.append(c)
    return codes


_KINDS = {
    ctypes.c_double: (_formats("d"), "d"),
    ctypes.c_int64: (_formats(*_int_codes(8, True)), _int_codes(8, True)[0]),
    ctypes.c_int32: (_formats(*_int_codes(4, True)), _int_codes(4, True)[0]),
    ctypes.c_uint32: (_formats(*_int_codes(4, False)), _int_codes(4, False)[0]),
    ctypes.c_uint16: (_formats(*_int_codes(2, False)), _int_codes(2, False)[0]),
    ctypes.c_uint8: (_formats("B", "?"), "B"),
}


class CArray:
    """A C array for one call: ``ptr`` (pass it), ``n`` (its length).

    Holds whatever keeps the memory alive (the caller's buffer or our copy)
    for as long as the CArray exists.
    """

    __slots__ = ("ptr", "n", "copied", "_keep")

    def __init__(self, ptr, n, copied, keep):
        self.ptr = ptr
        self.n = n
        self.copied = copied
        self._keep = keep

    def __len__(self):
        return self.n


def as_array(obj, ctype, what="values"):
    """``obj`` as a C array of ``ctype`` (c_double, c_int64, c_int32, c_uint8)."""
    formats, code = _KINDS[ctype]
    try:
        view = memoryview(obj)
    except TypeError:
        view = None
    if view is not None:
        if view.ndim != 1:
            raise ValueError("%s must be one-dimensional, not %d-dimensional"
                             % (what, view.ndim))
        n = view.shape[0]
        if (view.format in formats and view.itemsize == ctypes.sizeof(ctype)
                and view.c_contiguous):
            if not view.readonly:
                arr = (ctype * n).from_buffer(view)
                return CArray(arr, n, False, (view, arr))
            arr = (ctype * n).from_buffer_copy(view)
            return CArray(arr, n, True, arr)
        items = view.tolist()
    else:
        if isinstance(obj, (str, bytes)):
            raise TypeError("%s must be a sequence of numbers, not %s"
                            % (what, type(obj).__name__))
        items = obj
    try:
        converted = array.array(code, items)
    except TypeError as e:
        raise TypeError("%s: %s" % (what, e)) from None
    except OverflowError as e:
        from ._errors import ERANGE, OutOfRange
        raise OutOfRange("%s: %s" % (what, e), ERANGE) from None
    n = len(converted)
    arr = (ctype * n).from_buffer(converted)
    return CArray(arr, n, True, (converted, arr))


def doubles(obj, what="values"):
    return as_array(obj, ctypes.c_double, what)


def int64s(obj, what="values"):
    return as_array(obj, ctypes.c_int64, what)


def int32s(obj, what="values"):
    return as_array(obj, ctypes.c_int32, what)


def bytes_mask(obj, what="mask"):
    return as_array(obj, ctypes.c_uint8, what)


def strings(seq, what="strings", allow_none=False):
    """A sequence of str as a ``const char *const *`` array (UTF-8)."""
    from ._lib import text
    if isinstance(seq, (str, bytes)):
        raise TypeError("%s must be a sequence of strings, not one %s"
                        % (what, type(seq).__name__))
    encoded = [None if (s is None and allow_none) else text(s, what) for s in seq]
    n = len(encoded)
    arr = (ctypes.c_char_p * n)(*encoded)
    return CArray(arr, n, True, (encoded, arr))


def handles(seq, cls, what="handles"):
    """A sequence of Handle objects as a ``T *const *`` array."""
    objs = list(seq)
    for o in objs:
        if not isinstance(o, cls):
            raise TypeError("%s must contain %s objects, not %s"
                            % (what, cls.__name__, type(o).__name__))
    n = len(objs)
    arr = (ctypes.c_void_p * n)(*[o._h for o in objs])
    return CArray(arr, n, True, (objs, arr))


def empty(ctype, n):
    """A zeroed output array of n elements."""
    return (ctype * n)()
