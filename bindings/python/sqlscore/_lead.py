"""Leads: identifier, typed attributes, checklist and event ledger
(qualification module)."""

import collections.abc
import ctypes
import datetime
import typing

from . import _arrays, _lib
from ._errors import NotFound
from ._handle import Handle
from ._lib import declare, i32, i64, string, text
from ._money import Money

P = ctypes.c_void_p
S = ctypes.c_char_p
SP = ctypes.POINTER(ctypes.c_char_p)

ATTR_TEXT = 1
ATTR_NUMBER = 2
ATTR_INTEGER = 3
ATTR_BOOLEAN = 4
ATTR_TIME = 5
ATTR_MONEY = 6

CHECK_UNKNOWN = 0
CHECK_MET = 1
CHECK_NOT_MET = 2

_new = declare("sqlscore_lead_new", None, [ctypes.POINTER(P), S], status=True)
_lead_free = declare("sqlscore_lead_free", None, [P])
_clone = declare("sqlscore_lead_clone", None, [ctypes.POINTER(P), P], status=True)
_id = declare("sqlscore_lead_id", None, [P, SP], status=True)
_set_text = declare("sqlscore_lead_set_text", None, [P, S, S], status=True)
_set_number = declare("sqlscore_lead_set_number", None, [P, S, ctypes.c_double], status=True)
_set_integer = declare("sqlscore_lead_set_integer", None, [P, S, ctypes.c_int64], status=True)
_set_boolean = declare("sqlscore_lead_set_boolean", None, [P, S, ctypes.c_int32], status=True)
_set_time = declare("sqlscore_lead_set_time", None, [P, S, ctypes.c_int64], status=True)
_set_money = declare("sqlscore_lead_set_money", None, [P, S, ctypes.c_int64, S], status=True)
_get_text = declare("sqlscore_lead_get_text", None, [P, S, SP], status=True)
_get_number = declare("sqlscore_lead_get_number", None, [P, S, _lib.c_double_p], status=True)
_get_integer = declare("sqlscore_lead_get_integer", None, [P, S, _lib.c_int64_p], status=True)
_get_boolean = declare("sqlscore_lead_get_boolean", None, [P, S, _lib.c_int32_p], status=True)
_get_time = declare("sqlscore_lead_get_time", None, [P, S, _lib.c_int64_p], status=True)
_get_money = declare("sqlscore_lead_get_money", None, [P, S, _lib.c_int64_p, SP], status=True)
_attr_type = declare("sqlscore_lead_attr_type", None, [P, S, _lib.c_int32_p], status=True)
_unset = declare("sqlscore_lead_unset", None, [P, S], status=True)
_attr_count = declare("sqlscore_lead_attr_count", None, [P, _lib.c_size_t_p], status=True)
_attr_at = declare("sqlscore_lead_attr_at", None, [P, ctypes.c_size_t, SP, _lib.c_int32_p],
                   status=True)
_checklist_set = declare("sqlscore_lead_checklist_set", None,
                         [P, S, ctypes.POINTER(S), ctypes.c_size_t], status=True)
_checklist_framework = declare("sqlscore_lead_checklist_framework", None, [P, SP], status=True)
_checklist_count = declare("sqlscore_lead_checklist_count", None, [P, _lib.c_size_t_p],
                           status=True)
_checklist_at = declare("sqlscore_lead_checklist_at", None,
                        [P, ctypes.c_size_t, SP, _lib.c_int32_p], status=True)
_check_set = declare("sqlscore_lead_check_set", None, [P, S, ctypes.c_int32], status=True)
_check_get = declare("sqlscore_lead_check_get", None, [P, S, _lib.c_int32_p], status=True)
_event_add = declare("sqlscore_lead_event_add", None,
                     [P, S, ctypes.c_int64, _lib.c_double_p, S], status=True)
_event_count = declare("sqlscore_lead_event_count", None, [P, _lib.c_size_t_p], status=True)
_event_at = declare("sqlscore_lead_event_at", None,
                    [P, ctypes.c_size_t, SP, _lib.c_int64_p, _lib.c_int32_p, _lib.c_double_p, SP],
                    status=True)

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def seconds(t, what="time"):
    """Unix seconds from an int or a timezone-aware datetime."""
    if isinstance(t, datetime.datetime):
        if t.tzinfo is None or t.tzinfo.utcoffset(t) is None:
            raise ValueError("%s: a naive datetime is ambiguous; give it a tzinfo "
                             "(e.g. datetime.timezone.utc)" % what)
        delta = t - _EPOCH
        return delta.days * 86400 + delta.seconds
    if isinstance(t, bool) or not isinstance(t, int):
        raise TypeError("%s must be int Unix seconds or an aware datetime, not %s"
                        % (what, type(t).__name__))
    return t


def to_datetime(secs):
    """Unix seconds as an aware UTC datetime."""
    return _EPOCH + datetime.timedelta(seconds=secs)


def check_state(state):
    """A checklist state from CHECK_* or True (met), False (not met), None (unknown)."""
    if state is True:
        return CHECK_MET
    if state is False:
        return CHECK_NOT_MET
    if state is None:
        return CHECK_UNKNOWN
    return int(state)


class Event(typing.NamedTuple):
    """One engagement event of a lead's ledger."""

    type: str
    time: int
    value: typing.Optional[float] = None
    campaign: typing.Optional[str] = None


class Attributes(collections.abc.MutableMapping):
    """A lead's attributes as a mapping, ordered by name.

    Values map to attribute types by their Python type: str -> text,
    float -> number, int -> integer, bool -> boolean, aware datetime -> time
    (read back as a UTC datetime), Money -> money.
    """

    __slots__ = ("_lead",)

    def __init__(self, lead):
        self._lead = lead

    def __getitem__(self, name):
        return self._lead.get(name)

    def __setitem__(self, name, value):
        self._lead.set(name, value)

    def __delitem__(self, name):
        self._lead.unset(name)

    def __iter__(self):
        return iter(self._lead._names())

    def __len__(self):
        return self._lead._attr_len()

    def __contains__(self, name):
        return self._lead.has(name)

    def types(self):
        """{name: ATTR_*} for every attribute."""
        return dict(self._lead._names_types())

    def __repr__(self):
        return "<Attributes of %r: %r>" % (self._lead, dict(self))


class Lead(Handle):
    """A prospect: identifier, typed attributes, checklist and event ledger.

    ``lead["employees"] = 250`` sets an integer attribute; ``lead.set_time``
    and the other ``set_*`` methods choose the type explicitly.  A missing
    attribute raises :class:`sqlscore.NotFound` (a KeyError-like
    LookupError), a read with the wrong type :class:`sqlscore.WrongType`.
    """

    _free = _lead_free

    def __init__(self, id):
        out = P()
        _new(ctypes.byref(out), text(id, "id"))
        self._adopt(out.value)

    def clone(self):
        """A deep copy: attributes, checklist, events and stage history."""
        out = P()
        _clone(ctypes.byref(out), self._h)
        return type(self)._wrap(out.value)

    __copy__ = clone

    def __deepcopy__(self, memo):
        return self.clone()

    @property
    def id(self):
        out = S()
        _id(self._h, ctypes.byref(out))
        return string(out.value)

    def __repr__(self):
        if self.closed:
            return "<sqlscore.Lead (closed)>"
        return "<sqlscore.Lead %r>" % self.id

    # ---- attributes ------------------------------------------------------

    @property
    def attributes(self):
        """The attributes as a mutable mapping (see :class:`Attributes`)."""
        return Attributes(self)

    def __getitem__(self, name):
        return self.get(name)

    def __setitem__(self, name, value):
        self.set(name, value)

    def __delitem__(self, name):
        self.unset(name)

    def __contains__(self, name):
        return self.has(name)

    def set(self, name, value):
        """Set an attribute, its type chosen by the Python type of value."""
        if isinstance(value, bool):
            self.set_boolean(name, value)
        elif isinstance(value, int):
            self.set_integer(name, value)
        elif isinstance(value, float):
            self.set_number(name, value)
        elif isinstance(value, str):
            self.set_text(name, value)
        elif isinstance(value, Money):
            self.set_money(name, value)
        elif isinstance(value, datetime.datetime):
            self.set_time(name, value)
        else:
            raise TypeError("attribute %r: no attribute type for %s"
                            % (name, type(value).__name__))

    def get(self, name, default=KeyError):
        """The attribute's value as the Python type matching its type.

        With ``default`` given, a missing attribute returns it instead of
        raising NotFound.
        """
        try:
            kind = self.attr_type(name)
        except NotFound:
            if default is KeyError:
                raise
            return default
        if kind == ATTR_TEXT:
            return self.get_text(name)
        if kind == ATTR_NUMBER:
            return self.get_number(name)
        if kind == ATTR_INTEGER:
            return self.get_integer(name)
        if kind == ATTR_BOOLEAN:
            return self.get_boolean(name)
        if kind == ATTR_TIME:
            return to_datetime(self.get_time(name))
        if kind == ATTR_MONEY:
            return self.get_money(name)
        raise TypeError("attribute %r has unknown type %d" % (name, kind))

    def has(self, name):
        try:
            self.attr_type(name)
        except NotFound:
            return False
        return True

    def set_text(self, name, value):
        _set_text(self._h, text(name, "name"), text(value, "value"))

    def set_number(self, name, value):
        _set_number(self._h, text(name, "name"), float(value))

    def set_integer(self, name, value):
        _set_integer(self._h, text(name, "name"), i64(value, "attribute %r" % name))

    def set_boolean(self, name, value):
        _set_boolean(self._h, text(name, "name"), 1 if value else 0)

    def set_time(self, name, value):
        """Set a time attribute from int Unix seconds or an aware datetime."""
        _set_time(self._h, text(name, "name"), i64(seconds(value, name), name))

    def set_money(self, name, value, currency=None):
        """Set a money attribute: ``set_money(name, Money(...))`` or
        ``set_money(name, minor_units, "EUR")``."""
        if isinstance(value, Money):
            minor, currency = value
        else:
            minor = value
        if currency is None:
            raise TypeError("attribute %r: money needs a currency" % name)
        _set_money(self._h, text(name, "name"), i64(minor, "attribute %r" % name),
                   text(currency, "currency"))

    def get_text(self, name):
        out = S()
        _get_text(self._h, text(name, "name"), ctypes.byref(out))
        return string(out.value)

    def get_number(self, name):
        out = ctypes.c_double()
        _get_number(self._h, text(name, "name"), ctypes.byref(out))
        return out.value

    def get_integer(self, name):
        out = ctypes.c_int64()
        _get_integer(self._h, text(name, "name"), ctypes.byref(out))
        return out.value

    def get_boolean(self, name):
        out = ctypes.c_int32()
        _get_boolean(self._h, text(name, "name"), ctypes.byref(out))
        return bool(out.value)

    def get_time(self, name):
        """A time attribute as int Unix seconds."""
        out = ctypes.c_int64()
        _get_time(self._h, text(name, "name"), ctypes.byref(out))
        return out.value

    def get_money(self, name):
        minor = ctypes.c_int64()
        cur = S()
        _get_money(self._h, text(name, "name"), ctypes.byref(minor), ctypes.byref(cur))
        return Money(minor.value, string(cur.value))

    def attr_type(self, name):
        """The attribute's ATTR_* type; NotFound when it is not set."""
        out = ctypes.c_int32()
        _attr_type(self._h, text(name, "name"), ctypes.byref(out))
        return out.value

    def unset(self, name):
        """Remove an attribute; NotFound when it is not set."""
        _unset(self._h, text(name, "name"))

    def _attr_len(self):
        n = ctypes.c_size_t()
        _attr_count(self._h, ctypes.byref(n))
        return n.value

    def _names_types(self):
        out = []
        name = S()
        kind = ctypes.c_int32()
        for i in range(self._attr_len()):
            _attr_at(self._h, i, ctypes.byref(name), ctypes.byref(kind))
            out.append((string(name.value), kind.value))
        return out

    def _names(self):
        return [n for n, _ in self._names_types()]

    # ---- checklist -------------------------------------------------------

    def set_checklist(self, framework, items):
        """Replace the qualification framework (BANT by default) with items.

        Items already present keep their state; new ones start unknown.
        """
        arr = _arrays.strings(items, "items")
        _checklist_set(self._h, text(framework, "framework"), arr.ptr, arr.n)

    @property
    def framework(self):
        """The checklist's framework name ("BANT" by default)."""
        out = S()
        _checklist_framework(self._h, ctypes.byref(out))
        return string(out.value)

    @property
    def checklist(self):
        """{item: CHECK_*} in framework order."""
        n = ctypes.c_size_t()
        _checklist_count(self._h, ctypes.byref(n))
        item = S()
        state = ctypes.c_int32()
        out = {}
        for i in range(n.value):
            _checklist_at(self._h, i, ctypes.byref(item), ctypes.byref(state))
            out[string(item.value)] = state.value
        return out

    def set_check(self, item, state):
        """Set an item's state: CHECK_*, or True (met), False (not met), None (unknown)."""
        _check_set(self._h, text(item, "item"), i32(check_state(state), "state"))

    def get_check(self, item):
        out = ctypes.c_int32()
        _check_get(self._h, text(item, "item"), ctypes.byref(out))
        return out.value

    # ---- events ----------------------------------------------------------

    def add_event(self, type, time, value=None, campaign=None):
        """Record an engagement event (kept ordered by time; never removed)."""
        v = None
        if value is not None:
            v = ctypes.byref(ctypes.c_double(float(value)))
        _event_add(self._h, text(type, "type"), i64(seconds(time), "time"), v,
                   None if campaign is None else text(campaign, "campaign"))

    @property
    def event_count(self):
        n = ctypes.c_size_t()
        _event_count(self._h, ctypes.byref(n))
        return n.value

    @property
    def events(self):
        """The ledger as a list of :class:`Event`, ordered by time."""
        kind = S()
        t = ctypes.c_int64()
        has = ctypes.c_int32()
        v = ctypes.c_double()
        camp = S()
        out = []
        for i in range(self.event_count):
            _event_at(self._h, i, ctypes.byref(kind), ctypes.byref(t), ctypes.byref(has),
                      ctypes.byref(v), ctypes.byref(camp))
            out.append(Event(string(kind.value), t.value, v.value if has.value else None,
                             string(camp.value)))
        return out

