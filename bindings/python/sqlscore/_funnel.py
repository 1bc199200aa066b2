"""Funnels, stage moves on leads and funnel metrics (funnel module)."""

import ctypes
import typing

from . import _arrays, _errors, _lib
from ._handle import Handle
from ._criteria import Criteria
from ._lead import Lead, seconds
from ._lib import declare, i32, i64, optional_text, string, take_string, text

P = ctypes.c_void_p
S = ctypes.c_char_p
PP = ctypes.POINTER(P)
SP = ctypes.POINTER(S)
I32 = ctypes.c_int32
I64 = ctypes.c_int64
i32p = _lib.c_int32_p
i64p = _lib.c_int64_p
dp = _lib.c_double_p
szp = _lib.c_size_t_p

SIDE_NURTURE, SIDE_DISQUALIFIED, SIDE_LOST, SIDE_ALL = 1, 2, 4, 7
SKIP_ALLOWED, SKIP_FORBIDDEN = 0, 1
STAGE_KIND_MAIN, STAGE_KIND_WON, STAGE_KIND_NURTURE = 0, 1, 2
STAGE_KIND_DISQUALIFIED, STAGE_KIND_LOST = 3, 4
MAX_STAGES = 32
MOVE_RESET, MOVE_REOPEN, MOVE_OVERRIDE, MOVE_SKIPPED = 1, 2, 4, 8
MOVE_KIND_ENTER, MOVE_KIND_FORWARD, MOVE_KIND_RECYCLE, MOVE_KIND_RESET = 0, 1, 2, 3
MOVE_KIND_DISQUALIFY, MOVE_KIND_LOSE, MOVE_KIND_REOPEN = 4, 5, 6
METRIC_ENTERED, METRIC_FORWARD, METRIC_RECYCLED, METRIC_RESET = 0, 1, 2, 3
METRIC_DISQUALIFIED, METRIC_LOST, METRIC_REOPENED, METRIC_IN_AT_END = 4, 5, 6, 7
METRIC_STALE, METRIC_COHORT = 8, 9
COHORT, PERIOD = 0, 1

_new = declare("sqlscore_funnel_new", None, [PP, S], status=True)
_new_default = declare("sqlscore_funnel_new_default", None, [PP], status=True)
_funnel_free = declare("sqlscore_funnel_free", None, [P])
_add_stage = declare("sqlscore_funnel_add_stage", None, [P, S, I64], status=True)
_set_side = declare("sqlscore_funnel_set_side_stages", None, [P, I32], status=True)
_set_skip = declare("sqlscore_funnel_set_skip", None, [P, I32], status=True)
_set_sql_stage = declare("sqlscore_funnel_set_sql_stage", None, [P, S], status=True)
_build = declare("sqlscore_funnel_build", None, [P], status=True)
_name = declare("sqlscore_funnel_name", None, [P, SP], status=True)
_stage_count = declare("sqlscore_funnel_stage_count", None, [P, i32p], status=True)
_stage_find = declare("sqlscore_funnel_stage_find", None, [P, S, i32p], status=True)
_stage_name = declare("sqlscore_funnel_stage_name", None, [P, I32, SP], status=True)
_stage_kind = declare("sqlscore_funnel_stage_kind", None, [P, I32, i32p, i64p], status=True)
_info = declare("sqlscore_funnel_info", None, [P, i32p, i32p, i32p], status=True)
_m_new = declare("sqlscore_funnel_metrics_new", None, [PP, P, I64, I64, I64], status=True)
_m_free = declare("sqlscore_funnel_metrics_free", None, [P])
_m_add_log = declare("sqlscore_funnel_metrics_add_log", ctypes.c_int,
                     [P, i64p, i32p, i64p, ctypes.c_size_t, I32, szp])
_m_merge = declare("sqlscore_funnel_metrics_merge", None, [P, P], status=True)
_m_count = declare("sqlscore_funnel_metrics_count", None, [P, I32, I32, i64p], status=True)
_m_conversion = declare("sqlscore_funnel_metrics_conversion", None,
                        [P, I32, I32, I32, i64p, i64p, dp], status=True)
_m_lead_to_sql = declare("sqlscore_funnel_metrics_lead_to_sql", None, [P, I32, i64p, i64p, dp],
                         status=True)
_m_time_in_stage = declare("sqlscore_funnel_metrics_time_in_stage", None,
                           [P, I32, i64p, dp, dp, dp], status=True)
_m_velocity = declare("sqlscore_funnel_metrics_velocity", None, [P, i64p, dp, dp, dp],
                      status=True)
_m_add_lead = declare("sqlscore_funnel_metrics_add_lead", None, [P, P], status=True)
_m_add_leads = declare("sqlscore_funnel_metrics_add_leads", None,
                       [P, ctypes.POINTER(P), ctypes.c_size_t], status=True)
_move = declare("sqlscore_lead_stage_move", None, [P, P, S, I64, I32, I32, S], status=True)
_current = declare("sqlscore_lead_stage_current", None, [P, i32p, i64p], status=True)
_history_count = declare("sqlscore_lead_stage_history_count", None, [P, szp], status=True)
_history_get = declare("sqlscore_lead_stage_history_get", None,
                       [P, ctypes.c_size_t, i32p, i32p, i64p, i32p, i32p, i32p, SP], status=True)
_stale = declare("sqlscore_lead_stage_stale", None, [P, P, I64, i32p], status=True)
_move_gated = declare("sqlscore_lead_stage_move_gated", None, [P, P, P, S, I64, I32, I32, S],
                      status=True)
_parse = declare("sqlscore_funnel_parse", None, [PP, ctypes.c_char_p, ctypes.c_size_t, S],
                 status=True)
_write = declare("sqlscore_funnel_write", None, [P, ctypes.POINTER(ctypes.c_void_p)],
                 status=True)


class Stage(typing.NamedTuple):
    index: int
    name: str
    kind: int
    max_dwell: int


class Move(typing.NamedTuple):
    """One record of a lead's stage history (from_stage None for the first)."""
    from_stage: typing.Optional[int]
    to_stage: int
    time: int
    kind: int
    flags: int
    reason_code: int
    reason: str


class CurrentStage(typing.NamedTuple):
    index: int
    since: int


class Conversion(typing.NamedTuple):
    converted: int
    base: int
    rate: float


class Durations(typing.NamedTuple):
    """Seconds: number of stays (or leads), median, mean, 90th percentile."""
    count: int
    median: float
    mean: float
    p90: float


class Funnel(Handle):
    """A funnel: main stages in order, side stages, skip policy, SQL stage.

    ``Funnel.default()`` is the demand waterfall (inquiry, mql, sal, sql,
    opportunity, customer + nurture, disqualified, lost).  A custom one:
    ``Funnel("sales", stages=["new", ("working", 7 * 86400), "qualified",
    "won"], sql_stage="qualified")`` is built at once; without ``stages``
    call :meth:`add_stage` and the setters, then :meth:`build`.
    """

    _free = _funnel_free

    def __init__(self, name, stages=None, side_stages=None, skip=None, sql_stage=None):
        out = P()
        _new(ctypes.byref(out), text(name, "name"))
        self._adopt(out.value)
        try:
            if side_stages is not None:
                self.set_side_stages(side_stages)
            if skip is not None:
                self.set_skip(skip)
            if sql_stage is not None:
                self.set_sql_stage(sql_stage)
            if stages is not None:
                for s in stages:
                    if isinstance(s, tuple):
                        self.add_stage(*s)
                    else:
                        self.add_stage(s)
                self.build()
        except BaseException:
            self.close()
            raise

    @classmethod
    def default(cls):
        out = P()
        _new_default(ctypes.byref(out))
        return cls._wrap(out.value)

    @classmethod
    def parse(cls, rules, filename=None):
        """The built funnel of the ``funnel ... end`` block of rules text.

        NotFound when the text has no funnel block; ParseError (with
        ``FILE:LINE:COL``) when the block is malformed.
        """
        return cls._parse_rules(_parse, rules, filename)

    @classmethod
    def load(cls, path):
        """The funnel block of a rules file (errors name the file)."""
        return cls._read_rules_file(path)

    def write(self):
        """The funnel as a rules-file block that parses back to an equal funnel."""
        buf = ctypes.c_void_p()
        _write(self._h, ctypes.byref(buf))
        return take_string(buf.value)

    __str__ = write

    def add_stage(self, name, max_dwell=0):
        """Append a main stage; max_dwell: SLA in seconds (0: none)."""
        _add_stage(self._h, text(name, "stage"), i64(max_dwell, "max_dwell"))
        return self

    def set_side_stages(self, mask):
        _set_side(self._h, i32(mask, "mask"))
        return self

    def set_skip(self, policy):
        _set_skip(self._h, i32(policy, "policy"))
        return self

    def set_sql_stage(self, name):
        _set_sql_stage(self._h, text(name, "sql_stage"))
        return self

    def build(self):
        _build(self._h)
        return self

    @property
    def name(self):
        out = S()
        _name(self._h, ctypes.byref(out))
        return string(out.value)

    def __len__(self):
        out = I32()
        _stage_count(self._h, ctypes.byref(out))
        return out.value

    def find(self, name):
        """The index of a stage (case-insensitive); NotFound if none."""
        out = I32()
        _stage_find(self._h, text(name, "stage"), ctypes.byref(out))
        return out.value

    def stage(self, index):
        """The :class:`Stage` at an index (or of a name)."""
        if isinstance(index, str):
            index = self.find(index)
        name, kind, dwell = S(), I32(), I64()
        _stage_name(self._h, i32(index, "index"), ctypes.byref(name))
        _stage_kind(self._h, index, ctypes.byref(kind), ctypes.byref(dwell))
        return Stage(index, string(name.value), kind.value, dwell.value)

    @property
    def stages(self):
        return [self.stage(i) for i in range(len(self))]

    def _info(self):
        a, b, c = I32(), I32(), I32()
        _info(self._h, ctypes.byref(a), ctypes.byref(b), ctypes.byref(c))
        return a.value, b.value, c.value

    @property
    def sql_stage(self):
        """Index of the SQL stage."""
        return self._info()[0]

    @property
    def skip(self):
        return self._info()[1]

    @property
    def side_stages(self):
        return self._info()[2]

    def __repr__(self):
        if self.closed:
            return "<sqlscore.Funnel (closed)>"
        return "<sqlscore.Funnel %r>" % self.name


# ---- stage moves on leads (methods of Lead) --------------------------------

def _lead_move(self, funnel, stage, time, flags=0, reason_code=0, reason=None, criteria=None):
    """Move the lead to a stage by the funnel's rules.

    A refused move raises :class:`sqlscore.TransitionNotAllowed` saying
    why and changes nothing.  Backward moves need ``MOVE_RESET``, leaving
    won/lost/disqualified ``MOVE_REOPEN``; both, and recycles, need a reason.
    With ``criteria``, entering the SQL stage also needs the lead's verdict
    at ``time`` to be SQL, unless ``MOVE_OVERRIDE`` and a reason are given.
    """
    if not isinstance(funnel, Funnel):
        raise TypeError("move() needs a Funnel, not %s" % type(funnel).__name__)
    args = (text(stage, "stage"), i64(seconds(time), "time"), i32(flags, "flags"),
            i32(reason_code, "reason_code"), optional_text(reason, "reason"))
    if criteria is None:
        _move(self._h, funnel._h, *args)
    elif isinstance(criteria, Criteria):
        _move_gated(self._h, funnel._h, criteria._h, *args)
    else:
        raise TypeError("criteria must be a Criteria or None")
    return self


def _lead_stage(self):
    """The current stage as (index, since), or None before the first move."""
    idx, since = I32(), I64()
    try:
        _current(self._h, ctypes.byref(idx), ctypes.byref(since))
    except _errors.NotFound:
        return None
    return CurrentStage(idx.value, since.value)


def _lead_history(self):
    """The stage history, oldest first, as :class:`Move` records."""
    n = ctypes.c_size_t()
    _history_count(self._h, ctypes.byref(n))
    f, t, tm, k, fl, rc, rs = I32(), I32(), I64(), I32(), I32(), I32(), S()
    out = []
    for i in range(n.value):
        _history_get(self._h, i, *[ctypes.byref(x) for x in (f, t, tm, k, fl, rc, rs)])
        out.append(Move(None if f.value < 0 else f.value, t.value, tm.value, k.value, fl.value,
                        rc.value, string(rs.value)))
    return out


def _lead_is_stale(self, funnel, as_of):
    """True when the lead has stayed in its stage past the stage's SLA."""
    out = I32()
    _stale(self._h, funnel._h, i64(seconds(as_of), "as_of"), ctypes.byref(out))
    return bool(out.value)


Lead.move = _lead_move
Lead.stage = property(_lead_stage)
Lead.stage_history = property(_lead_history)
Lead.is_stale = _lead_is_stale


class FunnelMetrics(Handle):
    """Funnel metrics over many leads for a window [start, end) seen at as_of."""

    _free = _m_free

    def __init__(self, funnel, start, end, as_of=None):
        if not isinstance(funnel, Funnel):
            raise TypeError("FunnelMetrics needs a Funnel")
        start, end = seconds(start, "start"), seconds(end, "end")
        as_of = end if as_of is None else seconds(as_of, "as_of")
        out = P()
        _m_new(ctypes.byref(out), funnel._h, i64(start, "start"), i64(end, "end"),
               i64(as_of, "as_of"))
        self._adopt(out.value)
        self._stages = {s.name.casefold(): s.index for s in funnel.stages}

    def _stage(self, stage):
        if isinstance(stage, str):
            try:
                return self._stages[stage.casefold()]
            except KeyError:
                raise _errors.NotFound("no stage %r in the metrics' funnel" % stage,
                                       _errors.ENOTFOUND) from None
        return i32(stage, "stage")

    def add_lead(self, lead):
        _m_add_lead(self._h, lead._h)
        return self

    def add_leads(self, leads):
        """Add many leads in one library call (all or nothing)."""
        arr = _arrays.handles(leads, Lead, "leads")
        _m_add_leads(self._h, arr.ptr, arr.n)
        return self

    def add_log(self, entities, stages, times, flags=0):
        """Add an event log in one call: entity i entered stage i at time i.

        stages may be indices or names.  A bad event raises with
        ``Error.index`` set to its position; nothing is added then.
        """
        ent = _arrays.int64s(entities, "entities")
        if not isinstance(stages, (bytes, bytearray, memoryview)) and not hasattr(stages, "typecode"):
            stages = [self._stage(s) for s in stages]
        stg = _arrays.int32s(stages, "stages")
        tim = _arrays.int64s(times, "times")
        if not ent.n == stg.n == tim.n:
            raise ValueError("entities, stages and times differ in length (%d, %d, %d)"
                             % (ent.n, stg.n, tim.n))
        bad = ctypes.c_size_t(ctypes.c_size_t(-1).value)
        rc = _m_add_log(self._h, ent.ptr, stg.ptr, tim.ptr, ent.n, i32(flags, "flags"),
                        ctypes.byref(bad))
        if rc < 0:
            err = _lib.error_from_status(rc)
            if bad.value != ctypes.c_size_t(-1).value:
                err.index = bad.value
            raise err
        return self

    def merge(self, other):
        _m_merge(self._h, other._h)
        return self

    def __iadd__(self, other):
        return self.merge(other)

    def count(self, stage, what):
        """A METRIC_* counter of a stage (index or name)."""
        out = I64()
        _m_count(self._h, self._stage(stage), i32(what, "what"), ctypes.byref(out))
        return out.value

    def conversion(self, from_stage, to_stage, basis=COHORT):
        c, b, r = I64(), I64(), ctypes.c_double()
        _m_conversion(self._h, self._stage(from_stage), self._stage(to_stage),
                      i32(basis, "basis"), ctypes.byref(c), ctypes.byref(b), ctypes.byref(r))
        return Conversion(c.value, b.value, r.value)

    def lead_to_sql(self, basis=COHORT):
        c, b, r = I64(), I64(), ctypes.c_double()
        _m_lead_to_sql(self._h, i32(basis, "basis"), ctypes.byref(c), ctypes.byref(b),
                       ctypes.byref(r))
        return Conversion(c.value, b.value, r.value)

    def time_in_stage(self, stage):
        n, med, mean, p90 = I64(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        _m_time_in_stage(self._h, self._stage(stage), ctypes.byref(n), ctypes.byref(med),
                         ctypes.byref(mean), ctypes.byref(p90))
        return Durations(n.value, med.value, mean.value, p90.value)

    def velocity(self):
        n, med, mean, p90 = I64(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        _m_velocity(self._h, ctypes.byref(n), ctypes.byref(med), ctypes.byref(mean),
                    ctypes.byref(p90))
        return Durations(n.value, med.value, mean.value, p90.value)
