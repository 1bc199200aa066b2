"""The base class of every object that owns a library handle."""

import ctypes
import os
import weakref

from ._errors import ClosedError
from ._lib import optional_text, text


class Handle:
    """Owns one opaque library handle and frees it exactly once.

    The handle is freed by :meth:`close`, by leaving a ``with`` block, or by
    the garbage collector (a :func:`weakref.finalize`, which also runs at
    interpreter exit), whichever comes first.  After that every method
    raises :class:`sqlscore.ClosedError`: the freed pointer can never reach
    the library again.

    Subclasses set ``_free`` to the ctypes function that releases the handle.
    Objects that point into another handle keep a reference to it in
    ``_owner`` so the owner outlives them.
    """

    _free = None
    _ptr = None
    _finalizer = None

    def _adopt(self, ptr, owner=None):
        if not ptr:
            raise ValueError("library returned a NULL handle")
        self._ptr = ptr
        self._owner = owner
        if self._free is not None:
            self._finalizer = weakref.finalize(self, type(self)._free, ctypes.c_void_p(ptr))
        return self

    @classmethod
    def _wrap(cls, ptr, owner=None):
        """A new instance owning ``ptr`` (a handle a library call returned)."""
        obj = cls.__new__(cls)
        return obj._adopt(ptr, owner)

    @classmethod
    def _parse_rules(cls, parse_fn, rules, filename):
        """A new instance from a ``sqlscore_*_parse(out, text, len, filename)``
        call over rules text (str or bytes); errors name ``filename``."""
        data = text(rules, "rules")
        out = ctypes.c_void_p()
        parse_fn(ctypes.byref(out), data, len(data), optional_text(filename, "filename"))
        return cls._wrap(out.value)

    @classmethod
    def _read_rules_file(cls, path):
        """``cls.parse`` over the bytes of a rules file, naming the file."""
        with open(path, "rb") as f:
            data = f.read()
        return cls.parse(data, os.fspath(path))

    @property
    def _h(self):
        """The handle for a call; raises ClosedError once closed.

        Methods pass ``self._h`` rather than ``self`` so the error surfaces
        as ClosedError itself (ctypes would wrap it in an ArgumentError).
        """
        if self._ptr is None:
            raise ClosedError("%s is closed" % type(self).__name__)
        return ctypes.c_void_p(self._ptr)

    # ctypes asks every argument for this: even an object passed directly
    # fails before the call once closed, so a dangling pointer is never used.
    _as_parameter_ = _h

    @property
    def closed(self):
        """True once the handle was freed."""
        return self._ptr is None

    def close(self):
        """Free the handle now.  Closing twice is harmless."""
        self._ptr = None
        if self._finalizer is not None:
            self._finalizer()

    def __enter__(self):
        if self._ptr is None:
            raise ClosedError("%s is closed" % type(self).__name__)
        return self

    def __exit__(self, *exc):
        self.close()
        return False
