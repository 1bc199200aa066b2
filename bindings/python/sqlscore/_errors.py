"""Status codes of libsqlscore and the exceptions they become.

Every failing library call raises an instance of a subclass of
:class:`Error`; ``code`` is the library's negative status and ``message`` the
detail it recorded (``sqlscore_error_message()``), for example a rules file's
``"rules:3:14: unknown keyword 'tresh'"``.  Where a built-in exception means
the same thing, the subclass derives from it too, so ``except ValueError``
catches an invalid argument and ``except MemoryError`` an allocation failure.
"""

OK = 0
EINVAL = -1
ENOMEM = -2
ERANGE = -3
EPARSE = -4
EUNDEFINED = -5
ETRANSITION = -6
ESUPPRESSED = -7
ENOTFOUND = -8
EINCOMPATIBLE = -9
EBUFSIZE = -10
ETYPE = -11
EEXIST = -12
ESTATE = -13


class Error(Exception):
    """A libsqlscore call failed.

    Attributes:
        code: the library's status code (a negative int, ``SQLSCORE_E*``).
        message: the library's detail message; never empty (falls back to the
            status name when the library recorded no detail).
        index: for a rejected batch, the position of the first bad element;
            None otherwise.
    """

    code = None
    index = None

    def __init__(self, message, code=None):
        if code is not None:
            self.code = code
        self.message = message
        super().__init__(message)

    def __reduce__(self):
        return (_rebuild, (self.code, self.message))

    def __repr__(self):
        return "%s(%r, code=%r)" % (type(self).__name__, self.message, self.code)


class InvalidArgument(Error, ValueError):
    """``SQLSCORE_EINVAL``: NULL, NaN or infinity, invalid UTF-8, out of scale."""
    code = EINVAL


class OutOfMemory(Error, MemoryError):
    """``SQLSCORE_ENOMEM``: the library could not allocate memory."""
    code = ENOMEM


class OutOfRange(Error, OverflowError):
    """``SQLSCORE_ERANGE``: a value out of range, or arithmetic overflow."""
    code = ERANGE


class ParseError(Error, ValueError):
    """``SQLSCORE_EPARSE``: text or bytes could not be parsed (line:column in the message)."""
    code = EPARSE


class UndefinedRatio(Error, ArithmeticError):
    """``SQLSCORE_EUNDEFINED``: a ratio whose denominator is zero (e.g. CPSQL with no SQLs)."""
    code = EUNDEFINED


class TransitionNotAllowed(Error):
    """``SQLSCORE_ETRANSITION``: the funnel refused a stage move."""
    code = ETRANSITION


class Suppressed(Error):
    """``SQLSCORE_ESUPPRESSED``: a result withheld by the anonymity threshold."""
    code = ESUPPRESSED


class NotFound(Error, LookupError):
    """``SQLSCORE_ENOTFOUND``: no such attribute, rule, stage, segment, ..."""
    code = ENOTFOUND


class Incompatible(Error):
    """``SQLSCORE_EINCOMPATIBLE``: objects with different configurations or currencies."""
    code = EINCOMPATIBLE


class BufferTooSmall(Error):
    """``SQLSCORE_EBUFSIZE``: a buffer was too small (the bindings size buffers themselves)."""
    code = EBUFSIZE


class WrongType(Error, TypeError):
    """``SQLSCORE_ETYPE``: a value has another type than the one asked for."""
    code = ETYPE


class AlreadyExists(Error):
    """``SQLSCORE_EEXIST``: an item with that name already exists."""
    code = EEXIST


class InvalidState(Error):
    """``SQLSCORE_ESTATE``: the call is not valid in the object's state."""
    code = ESTATE


class ClosedError(InvalidState, ValueError):
    """The object was closed (freed); using it again is refused, never undefined."""


_BY_CODE = {cls.code: cls for cls in (
    InvalidArgument, OutOfMemory, OutOfRange, ParseError, UndefinedRatio,
    TransitionNotAllowed, Suppressed, NotFound, Incompatible, BufferTooSmall,
    WrongType, AlreadyExists, InvalidState)}


def error_class(code):
    """The exception class for a status code (:class:`Error` for unknown codes)."""
    return _BY_CODE.get(code, Error)


def _rebuild(code, message):
    return error_class(code)(message, code)
