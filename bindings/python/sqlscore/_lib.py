"""Finding, loading and checking the shared library; ctypes declarations.

Lookup order:

1. ``SQLSCORE_LIBRARY``: a path to the shared object.  When set, it is the
   only candidate, so a wrong path is an error rather than a silent fallback.
2. The build tree these bindings sit in (``lib/.libs/libsqlscore.so`` next to
   ``bindings/``), for working from a checkout.
3. The system loader: ``libsqlscore.so.<major>``, then
   ``ctypes.util.find_library("sqlscore")``.
"""

import ctypes
import ctypes.util
import os
import sys

from . import _errors

#: The library version these bindings were written for; a test checks it
#: against configure's PACKAGE_VERSION and the built library.
VERSION = "1.0.0"
_MAJOR, _MINOR, _PATCH = (int(x) for x in VERSION.split("."))


def _version_text(number):
    return "%d.%d.%d" % (number >> 16, (number >> 8) & 0xFF, number & 0xFF)


def check_version(number, path="libsqlscore"):
    """Refuse a library these bindings cannot use.

    Another major version has another ABI.  An older minor version of the
    same major may lack functions these bindings call, so it is refused too;
    a newer one only adds functions and is accepted.
    """
    major, minor = number >> 16, (number >> 8) & 0xFF
    if major != _MAJOR or minor < _MINOR:
        raise ImportError(
            "%s is libsqlscore %s, but these bindings (sqlscore %s) need "
            "libsqlscore %d.x with x >= %d" % (path, _version_text(number),
                                               VERSION, _MAJOR, _MINOR))


def _candidates():
    env = os.environ.get("SQLSCORE_LIBRARY")
    if env:
        return [env]
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(os.path.dirname(os.path.dirname(here)))
    names = []
    for base in ("libsqlscore.so", "libsqlscore.dylib"):
        built = os.path.join(top, "lib", ".libs", base)
        if os.path.exists(built):
            names.append(built)
    if sys.platform == "darwin":
        names.append("libsqlscore.%d.dylib" % _MAJOR)
    else:
        names.append("libsqlscore.so.%d" % _MAJOR)
    found = ctypes.util.find_library("sqlscore")
    if found:
        names.append(found)
    return names


def _load():
    tried = []
    for name in _candidates():
        try:
            return ctypes.CDLL(name), name
        except OSError as e:
            tried.append("%s (%s)" % (name, e))
    raise ImportError("libsqlscore not found; tried: %s.  Set SQLSCORE_LIBRARY "
                      "to the path of libsqlscore.so" % "; ".join(tried))


lib, path = _load()
for _name in ("sqlscore_version_number", "sqlscore_version_string"):
    if not hasattr(lib, _name):
        raise ImportError("%s is not libsqlscore (no %s)" % (path, _name))
lib.sqlscore_version_number.restype = ctypes.c_uint32
lib.sqlscore_version_number.argtypes = []
check_version(lib.sqlscore_version_number(), path)


def _errcheck(result, func, args):
    if result < 0:
        raise error_from_status(result)
    return result


def error_from_status(code):
    """The exception for a failed call, with the thread's detail message.

    Must run on the thread that made the failing call, right after it (the
    detail is thread-local; ctypes calls and errcheck run on the caller's
    thread).
    """
    raw = lib.sqlscore_error_message()
    message = raw.decode("utf-8", "replace") if raw else ""
    if not message:
        message = lib.sqlscore_strerror(code).decode("utf-8", "replace")
    return _errors.error_class(code)(message, code)


def declare(name, restype, argtypes, status=False):
    """Give a library function its prototype.

    ``status=True`` marks a function returning a status: a negative result
    raises the matching :class:`sqlscore.Error` subclass, so no call's
    failure can go unnoticed.
    """
    try:
        fn = getattr(lib, name)
    except AttributeError:
        raise ImportError("%s (libsqlscore %s) has no %s; these bindings need "
                          "libsqlscore %s" % (path, lib.sqlscore_version_string().decode(),
                                              name, VERSION)) from None
    fn.restype = ctypes.c_int if status else restype
    fn.argtypes = argtypes
    if status:
        fn.errcheck = _errcheck
    return fn


#: Rounding modes (``SQLSCORE_ROUND_*``).
ROUND_HALF_EVEN = 0
ROUND_HALF_UP = 1

c_int32_p = ctypes.POINTER(ctypes.c_int32)
c_int64_p = ctypes.POINTER(ctypes.c_int64)
c_double_p = ctypes.POINTER(ctypes.c_double)
c_size_t_p = ctypes.POINTER(ctypes.c_size_t)

declare("sqlscore_version_string", ctypes.c_char_p, [])
declare("sqlscore_strerror", ctypes.c_char_p, [ctypes.c_int])
declare("sqlscore_error_message", ctypes.c_char_p, [])
declare("sqlscore_error_code", ctypes.c_int, [])
declare("sqlscore_error_clear", None, [])
declare("sqlscore_buffer_free", None, [ctypes.c_void_p])
# Reached only by the tests: replacing the allocator from Python would need
# callbacks that outlive every handle, which a binding cannot promise.
declare("sqlscore_allocator_set", None,
        [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p], status=True)


def text(s, what="argument"):
    """A str (or bytes) argument as UTF-8 bytes for a ``const char *``."""
    if isinstance(s, str):
        return s.encode("utf-8", "surrogatepass")
    if isinstance(s, (bytes, bytearray)):
        return bytes(s)
    raise TypeError("%s must be str, not %s" % (what, type(s).__name__))


_I64 = (-(1 << 63), (1 << 63) - 1)
_I32 = (-(1 << 31), (1 << 31) - 1)


def _int_in(value, bounds, what, kind):
    if isinstance(value, float) or not hasattr(value, "__index__"):
        raise TypeError("%s must be an int, not %s" % (what, type(value).__name__))
    value = value.__index__()
    if not bounds[0] <= value <= bounds[1]:
        # ctypes would silently keep the low bits; refuse instead.
        raise _errors.OutOfRange("%s: %d does not fit in %s" % (what, value, kind),
                                 _errors.ERANGE)
    return value


def i64(value, what="value"):
    """An int argument for an ``int64_t`` parameter, range-checked."""
    return _int_in(value, _I64, what, "int64_t")


def i32(value, what="value"):
    """An int argument for an ``int32_t`` parameter, range-checked."""
    return _int_in(value, _I32, what, "int32_t")


def optional_text(s, what="argument"):
    return None if s is None else text(s, what)


def string(raw):
    """A ``const char *`` result as str (None stays None)."""
    return None if raw is None else raw.decode("utf-8")


def take_string(ptr):
    """A ``char *`` the library allocated for the caller: copy, then free it."""
    if not ptr:
        return None
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        lib.sqlscore_buffer_free(ptr)


def buffer_text(fn, size, *args):
    """Call a ``(char *buf, size_t size, size_t *needed, ...)`` function.

    Starts with ``size`` bytes and retries once with what the library says
    it needs, so callers never see BufferTooSmall.
    """
    while True:
        buf = ctypes.create_string_buffer(size)
        needed = ctypes.c_size_t(0)
        try:
            fn(buf, size, ctypes.byref(needed), *args)
        except _errors.BufferTooSmall:
            if needed.value <= size:
                raise
            size = needed.value
            continue
        return buf.value.decode("utf-8")
