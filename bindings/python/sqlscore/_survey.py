"""eNPS aggregation and pulse surveys (survey module)."""

import ctypes
import typing

from . import _arrays, _errors, _lib
from ._handle import Handle
from ._lead import seconds
from ._lib import declare, i32, i64, optional_text, string
from ._lib import text as _text

P = ctypes.c_void_p
S = ctypes.c_char_p
PP = ctypes.POINTER(P)
u64p = ctypes.POINTER(ctypes.c_uint64)
u32p = ctypes.POINTER(ctypes.c_uint32)
u8p = ctypes.POINTER(ctypes.c_uint8)
dp = _lib.c_double_p
i32p = _lib.c_int32_p
i64p = _lib.c_int64_p
szp = _lib.c_size_t_p

MISSING_SKIP = 0
MISSING_PASSIVE = 1
PERIOD_NONE = 0
PERIOD_ISO_WEEK = 1
PERIOD_MONTH = 2
PERIOD_QUARTER = 3
PERIOD_DAYS = 4
#: "No time" / "all periods together" (``SQLSCORE_SURVEY_ALL_TIME``).
ALL_TIME = -(1 << 63)
MISSING_U8 = 255
WALD = 0
ADJUSTED_WALD = 1
PULSE_WEEKLY = 0
PULSE_BIWEEKLY = 1
PULSE_MONTHLY = 2
PULSE_QUARTERLY = 3
QUESTION_ENPS = 0
QUESTION_LIKERT = 1
PULSE_SKIPPED = -1
PULSE_MAX_QUESTIONS = 10

_survey_new = declare("sqlscore_survey_new", None, [PP], status=True)
_survey_free = declare("sqlscore_survey_free", None, [P])
_set_scale = declare("sqlscore_survey_set_scale", None,
                     [P, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32],
                     status=True)
_set_threshold = declare("sqlscore_survey_set_threshold", None, [P, ctypes.c_int32], status=True)
_set_missing = declare("sqlscore_survey_set_missing", None, [P, ctypes.c_int32], status=True)
_set_confidence = declare("sqlscore_survey_set_confidence", None, [P, ctypes.c_double],
                          status=True)
_set_rounding = declare("sqlscore_survey_set_rounding", None, [P, ctypes.c_int32], status=True)
_set_period = declare("sqlscore_survey_set_period", None, [P, ctypes.c_int32, ctypes.c_int32],
                      status=True)
_set_dedup = declare("sqlscore_survey_set_dedup", None, [P, ctypes.c_int32], status=True)
_segment = declare("sqlscore_survey_segment", None, [P, S, u32p], status=True)
_add = declare("sqlscore_survey_add", None, [P, ctypes.c_double, S, ctypes.c_int64, S],
               status=True)
_add_missing = declare("sqlscore_survey_add_missing", None, [P, S, ctypes.c_int64, S],
                       status=True)
_add_batch = declare("sqlscore_survey_add_batch", ctypes.c_int,
                     [P, u8p, ctypes.c_size_t, u32p, i64p, ctypes.POINTER(S), szp])
_add_batch_width = declare("sqlscore_survey_add_batch_width", ctypes.c_int,
                           [P, u8p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, i64p,
                            ctypes.POINTER(S), szp])
_segment_count = declare("sqlscore_survey_segment_count", None, [P, szp], status=True)
_segment_name = declare("sqlscore_survey_segment_name", None,
                        [P, ctypes.c_size_t, ctypes.POINTER(S)], status=True)
_period_count = declare("sqlscore_survey_period_count", None, [P, szp], status=True)
_period_at = declare("sqlscore_survey_period_at", None, [P, ctypes.c_size_t, i64p], status=True)
_period_of = declare("sqlscore_survey_period_of", None, [P, ctypes.c_int64, i64p, i64p],
                     status=True)
_result = declare("sqlscore_survey_result", None, [P, S, ctypes.c_int64, PP], status=True)
_result_range = declare("sqlscore_survey_result_range", None,
                        [P, S, ctypes.c_int64, ctypes.c_int64, PP], status=True)
_trend = declare("sqlscore_survey_trend", None, [P, S, ctypes.c_size_t, dp, dp, i32p],
                 status=True)
_merge = declare("sqlscore_survey_merge", None, [P, P], status=True)
_serialize = declare("sqlscore_survey_serialize", None, [P, PP, szp], status=True)
_parse = declare("sqlscore_survey_parse", None, [PP, ctypes.c_char_p, ctypes.c_size_t],
                 status=True)
_result_new = declare("sqlscore_enps_result_new", None,
                      [PP, ctypes.c_uint64, ctypes.c_uint64, ctypes.c_uint64, ctypes.c_double,
                       ctypes.c_int32], status=True)
_result_free = declare("sqlscore_enps_result_free", None, [P])
_result_n = declare("sqlscore_enps_result_n", None, [P, u64p, u64p, i32p], status=True)
_result_counts = declare("sqlscore_enps_result_counts", None, [P, u64p, u64p, u64p], status=True)
_result_score = declare("sqlscore_enps_result_score", None, [P, dp, i32p], status=True)
_result_spread = declare("sqlscore_enps_result_spread", None, [P, dp, dp, dp], status=True)
_result_interval = declare("sqlscore_enps_result_interval", None, [P, ctypes.c_int32, dp, dp],
                           status=True)
_compare = declare("sqlscore_enps_compare", None, [P, P, dp, dp, dp, dp, dp], status=True)
_pulse_new = declare("sqlscore_pulse_new", None, [PP, ctypes.c_int32], status=True)
_pulse_free = declare("sqlscore_pulse_free", None, [P])
_pulse_set_threshold = declare("sqlscore_pulse_set_threshold", None, [P, ctypes.c_int32],
                               status=True)
_pulse_question_count = declare("sqlscore_pulse_question_count", None, [P, szp], status=True)
_pulse_question_at = declare("sqlscore_pulse_question_at", None,
                             [P, ctypes.c_size_t, ctypes.POINTER(S), ctypes.POINTER(S), i32p],
                             status=True)
_pulse_add_question = declare("sqlscore_pulse_add_question", None, [P, S, S, ctypes.c_int32],
                              status=True)
_pulse_set_invited = declare("sqlscore_pulse_set_invited", None,
                             [P, S, ctypes.c_int64, ctypes.c_int64], status=True)
_pulse_add_response = declare("sqlscore_pulse_add_response", None,
                              [P, S, ctypes.c_int64, i32p, ctypes.c_size_t], status=True)
_pulse_response_rate = declare("sqlscore_pulse_response_rate", None,
                               [P, S, ctypes.c_int64, i64p, i64p, dp], status=True)
_pulse_question = declare("sqlscore_pulse_question", None,
                          [P, S, S, ctypes.c_int64, i64p, dp, dp], status=True)
_pulse_enps = declare("sqlscore_pulse_enps", None, [P, S, S, ctypes.c_int64, PP], status=True)

_U64_MAX = (1 << 64) - 1


def _u64(value, what):
    if isinstance(value, float) or not hasattr(value, "__index__"):
        raise TypeError("%s must be an int, not %s" % (what, type(value).__name__))
    value = value.__index__()
    if not 0 <= value <= _U64_MAX:
        raise _errors.OutOfRange("%s: %d does not fit in uint64_t" % (what, value),
                                 _errors.ERANGE)
    return value


def _time(t, what="time"):
    """None means no time (ALL_TIME); else int seconds or an aware datetime."""
    return ALL_TIME if t is None else i64(seconds(t, what), what)


class Counts(typing.NamedTuple):
    detractors: int
    passives: int
    promoters: int


class Comparison(typing.NamedTuple):
    """eNPS(a) - eNPS(b) with its standard error, interval and p-value."""
    diff: float
    se: float
    low: float
    high: float
    p_value: float


class Trend(typing.NamedTuple):
    change: float
    p_value: float
    significant: bool


class ResponseRate(typing.NamedTuple):
    responses: int
    invited: int
    rate: float


class Question(typing.NamedTuple):
    id: str
    text: str
    type: int


class QuestionStats(typing.NamedTuple):
    n: int
    mean: float
    favorable: float


class EnpsResult(Handle):
    """An immutable eNPS result: counts, score, spread and intervals.

    Made by :meth:`Survey.result`, :meth:`Pulse.enps`, or directly from
    counts: ``EnpsResult(detractors, passives, promoters)``.  ``n``,
    ``skipped`` and ``suppressed`` are always readable; every other figure
    of a suppressed result raises :class:`sqlscore.Suppressed`, and of an
    empty one :class:`sqlscore.UndefinedRatio`.
    """

    _free = _result_free

    def __init__(self, detractors, passives, promoters, level=0.95,
                 rounding=_lib.ROUND_HALF_EVEN):
        out = P()
        _result_new(ctypes.byref(out), _u64(detractors, "detractors"),
                    _u64(passives, "passives"), _u64(promoters, "promoters"),
                    float(level), i32(rounding, "rounding"))
        self._adopt(out.value)

    def _n(self):
        n, skipped, sup = ctypes.c_uint64(), ctypes.c_uint64(), ctypes.c_int32()
        _result_n(self._h, ctypes.byref(n), ctypes.byref(skipped), ctypes.byref(sup))
        return n.value, skipped.value, bool(sup.value)

    @property
    def n(self):
        """Answers counted in the score (detractors + passives + promoters)."""
        return self._n()[0]

    @property
    def skipped(self):
        """Missing answers not counted in n."""
        return self._n()[1]

    @property
    def suppressed(self):
        """True when the anonymity rules withhold every figure but n."""
        return self._n()[2]

    @property
    def counts(self):
        d, p, pr = ctypes.c_uint64(), ctypes.c_uint64(), ctypes.c_uint64()
        _result_counts(self._h, ctypes.byref(d), ctypes.byref(p), ctypes.byref(pr))
        return Counts(d.value, p.value, pr.value)

    def _score(self):
        enps, rounded = ctypes.c_double(), ctypes.c_int32()
        _result_score(self._h, ctypes.byref(enps), ctypes.byref(rounded))
        return enps.value, rounded.value

    @property
    def score(self):
        """The unrounded eNPS, -100..100."""
        return self._score()[0]

    @property
    def rounded(self):
        """The eNPS rounded exactly with the result's rounding mode."""
        return self._score()[1]

    def _spread(self):
        v, se, m = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        _result_spread(self._h, ctypes.byref(v), ctypes.byref(se), ctypes.byref(m))
        return v.value, se.value, m.value

    @property
    def variance(self):
        """Per-respondent variance p + d - (p - d)^2 (proportion scale)."""
        return self._spread()[0]

    @property
    def se(self):
        """Standard error in eNPS points."""
        return self._spread()[1]

    @property
    def margin(self):
        """Margin of error (z x SE) in eNPS points."""
        return self._spread()[2]

    def interval(self, method=WALD):
        """(low, high) confidence bounds, clamped to -100..100."""
        lo, hi = ctypes.c_double(), ctypes.c_double()
        _result_interval(self._h, i32(method, "method"), ctypes.byref(lo), ctypes.byref(hi))
        return lo.value, hi.value

    def compare(self, other):
        """Compare with another result, assuming independent samples."""
        if not isinstance(other, EnpsResult):
            raise TypeError("compare() needs an EnpsResult, not %s" % type(other).__name__)
        out = [ctypes.c_double() for _ in range(5)]
        _compare(self._h, other._h, *[ctypes.byref(x) for x in out])
        return Comparison(*[x.value for x in out])

    def __sub__(self, other):
        return self.compare(other)

    def __repr__(self):
        if self.closed:
            return "<sqlscore.EnpsResult (closed)>"
        n, skipped, sup = self._n()
        if sup:
            return "<sqlscore.EnpsResult n=%d suppressed>" % n
        if n == 0:
            return "<sqlscore.EnpsResult n=0>"
        return "<sqlscore.EnpsResult n=%d enps=%+.2f>" % (n, self.score)


def _new_result(out):
    return EnpsResult._wrap(out.value)


class Survey(Handle):
    """An eNPS aggregator: answers per segment and period.

    Configuration is given as keyword arguments (or the ``set_*`` methods)
    before the first answer::

        s = Survey(threshold=5, period=PERIOD_MONTH)
        s.add(9, segment="Sales", time=1793577600)
        s.add_batch(array.array("B", answers), segments=teams, times=times)
        r = s.result("Sales")
    """

    _free = _survey_free

    def __init__(self, *, scale=None, threshold=None, missing=None, confidence=None,
                 rounding=None, period=None, days=0, dedup=None):
        out = P()
        _survey_new(ctypes.byref(out))
        self._adopt(out.value)
        self._segment_cache = {}
        try:
            if scale is not None:
                self.set_scale(*scale)
            if threshold is not None:
                self.set_threshold(threshold)
            if missing is not None:
                self.set_missing(missing)
            if confidence is not None:
                self.set_confidence(confidence)
            if rounding is not None:
                self.set_rounding(rounding)
            if period is not None:
                self.set_period(period, days)
            if dedup is not None:
                self.set_dedup(dedup)
        except BaseException:
            self.close()
            raise

    @classmethod
    def _wrap(cls, ptr, owner=None):
        obj = super()._wrap(ptr, owner)
        obj._segment_cache = {}
        return obj

    # ---- configuration ---------------------------------------------------

    def set_scale(self, min, max, detractor_max, promoter_min):
        """Answers min..max; detractors up to detractor_max, promoters from promoter_min."""
        _set_scale(self._h, i32(min, "min"), i32(max, "max"),
                   i32(detractor_max, "detractor_max"), i32(promoter_min, "promoter_min"))

    def set_threshold(self, threshold):
        _set_threshold(self._h, i32(threshold, "threshold"))

    def set_missing(self, mode):
        _set_missing(self._h, i32(mode, "mode"))

    def set_confidence(self, level):
        _set_confidence(self._h, float(level))

    def set_rounding(self, mode):
        _set_rounding(self._h, i32(mode, "mode"))

    def set_period(self, kind, days=0):
        _set_period(self._h, i32(kind, "kind"), i32(days, "days"))

    def set_dedup(self, enabled):
        _set_dedup(self._h, 1 if enabled else 0)

    # ---- answers ---------------------------------------------------------

    def segment(self, name):
        """The index of a segment (created when new), for add_batch()."""
        idx = ctypes.c_uint32()
        _segment(self._h, _text(name, "segment"), ctypes.byref(idx))
        return idx.value

    def add(self, answer, segment=None, time=None, respondent=None):
        """Count one answer (None: a missing answer)."""
        if answer is None:
            return self.add_missing(segment, time, respondent)
        if isinstance(answer, bool) or not isinstance(answer, (int, float)):
            raise TypeError("answer must be a number, not %s" % type(answer).__name__)
        _add(self._h, float(answer), optional_text(segment, "segment"), _time(time),
             optional_text(respondent, "respondent"))

    def add_missing(self, segment=None, time=None, respondent=None):
        """Count a respondent who skipped the question."""
        _add_missing(self._h, optional_text(segment, "segment"), _time(time),
                     optional_text(respondent, "respondent"))

    def _segment_indices(self, segments, n):
        """(C array, index width in bytes) for the library call."""
        if isinstance(segments, (str, bytes)):
            idx = self.segment(segments)
            return _arrays.as_array([idx] * n, ctypes.c_uint32, "segments"), 4
        try:
            view = memoryview(segments)
        except TypeError:
            view = None
        if view is not None and view.format not in ("O",):
            return self._index_buffer(segments, view)
        names = segments if isinstance(segments, (list, tuple)) else list(segments)
        cache = self._segment_cache
        # Intern each distinct name once, in order of first appearance (the
        # order of segment indices); the per-row lookup is then a dict hit.
        for name in dict.fromkeys(names):
            if name not in cache:
                cache[name] = self.segment(name)
        return _arrays.as_array([cache[name] for name in names], ctypes.c_uint32, "segments"), 4

    @staticmethod
    def _index_buffer(segments, view):
        # 1- and 2-byte integer indices (pandas stores the codes of a
        # categorical with fewer than 128 categories as int8) go to the
        # library as they are; signed ones only without a negative index
        # (pandas' -1 for a missing category), which would read as 255 or
        # 65535.  Anything else becomes uint32.
        fmt = view.format.lstrip("@=<>")
        if (view.ndim == 1 and view.itemsize in (1, 2) and view.c_contiguous
                and fmt in ("b", "B", "h", "H")
                and (view.format[:1] not in "<>" or view.format[:1] == ("<" if _arrays._LITTLE else ">"))):
            unsigned = "B" if view.itemsize == 1 else "H"
            if fmt.islower():
                low = segments.min() if hasattr(segments, "min") else min(view.tolist(), default=0)
                if low < 0:
                    at = view.tolist().index(low)
                    raise ValueError("segments: negative index %d at index %d" % (low, at))
            ctype = ctypes.c_uint8 if view.itemsize == 1 else ctypes.c_uint16
            return _arrays.as_array(view.cast("B").cast(unsigned), ctype, "segments"), view.itemsize
        return _arrays.as_array(segments, ctypes.c_uint32, "segments"), 4

    def add_batch(self, answers, segments=None, times=None, respondents=None):
        """Count many answers in one library call; all or nothing.

        ``answers``: a bytes-like object or ``array('B')`` of answers (255 =
        missing), or a sequence of ints with None for missing.  ``segments``:
        one name for all, a sequence of names, or a buffer of segment
        indices from :meth:`segment`; a buffer of 1- or 2-byte integers (a
        NumPy uint8/int8/uint16/int16 array, pandas categorical codes) is
        passed without copying, and a negative index in it is a
        ValueError.  ``times``: int64 Unix seconds or
        None.  ``respondents``: ids (None entries anonymous) or None.

        A bad element rejects the whole batch; the exception's ``index``
        attribute gives its position.  Segment names new to the survey are
        registered (:meth:`segment`) just before the library call, so a batch
        the library refuses leaves them listed, with no answers.
        """
        if isinstance(answers, (list, tuple)):
            answers = [MISSING_U8 if a is None else a for a in answers]
        ans = _arrays.as_array(answers, ctypes.c_uint8, "answers")
        n = ans.n
        tim = None
        if times is not None:
            tim = _arrays.int64s(times, "times")
            if tim.n != n:
                raise ValueError("times has %d entries for %d answers" % (tim.n, n))
        resp = None
        if respondents is not None:
            resp = _arrays.strings(respondents, "respondents", allow_none=True)
            if resp.n != n:
                raise ValueError("respondents has %d entries for %d answers" % (resp.n, n))
        # Names are registered last, once everything the binding can check
        # is known good.
        seg, width = None, 4
        if segments is not None:
            if (not isinstance(segments, (str, bytes)) and hasattr(segments, "__len__")
                    and len(segments) != n):
                raise ValueError("segments has %d entries for %d answers" % (len(segments), n))
            seg, width = self._segment_indices(segments, n)
            if seg.n != n:
                raise ValueError("segments has %d entries for %d answers" % (seg.n, n))
        bad = ctypes.c_size_t(_U64_MAX)
        if width == 4:
            rc = _add_batch(self._h, ans.ptr, n, seg.ptr if seg else None,
                            tim.ptr if tim else None, resp.ptr if resp else None,
                            ctypes.byref(bad))
        else:
            rc = _add_batch_width(self._h, ans.ptr, n, ctypes.cast(seg.ptr, ctypes.c_void_p),
                                  width, tim.ptr if tim else None,
                                  resp.ptr if resp else None, ctypes.byref(bad))
        if rc < 0:
            err = _lib.error_from_status(rc)
            err.index = bad.value if bad.value != _U64_MAX else None
            raise err

    # ---- reading ---------------------------------------------------------

    @property
    def segments(self):
        """Segment names in index order."""
        n = ctypes.c_size_t()
        _segment_count(self._h, ctypes.byref(n))
        name = S()
        out = []
        for i in range(n.value):
            _segment_name(self._h, i, ctypes.byref(name))
            out.append(string(name.value))
        return out

    @property
    def periods(self):
        """Start times (Unix seconds) of the periods holding answers, ascending."""
        n = ctypes.c_size_t()
        _period_count(self._h, ctypes.byref(n))
        start = ctypes.c_int64()
        out = []
        for i in range(n.value):
            _period_at(self._h, i, ctypes.byref(start))
            out.append(start.value)
        return out

    def period_of(self, time):
        """(start, end) of the period containing time; end is exclusive."""
        a, b = ctypes.c_int64(), ctypes.c_int64()
        _period_of(self._h, i64(seconds(time), "time"), ctypes.byref(a), ctypes.byref(b))
        return a.value, b.value

    def result(self, segment=None, period=None):
        """A snapshot of one segment (None: all) in one period (None: all)."""
        out = P()
        _result(self._h, optional_text(segment, "segment"), _time(period, "period"),
                ctypes.byref(out))
        return _new_result(out)

    def result_range(self, start, end, segment=None):
        """A result over the periods starting in [start, end): a rolling window."""
        out = P()
        _result_range(self._h, optional_text(segment, "segment"), i64(seconds(start), "start"),
                      i64(seconds(end), "end"), ctypes.byref(out))
        return _new_result(out)

    def trend(self, index, segment=None):
        """Change of the eNPS from period index-1 to period index."""
        change, p, sig = ctypes.c_double(), ctypes.c_double(), ctypes.c_int32()
        if index < 0:
            raise _errors.NotFound("trend: index %d is negative" % index, _errors.ENOTFOUND)
        _trend(self._h, optional_text(segment, "segment"), index, ctypes.byref(change),
               ctypes.byref(p), ctypes.byref(sig))
        return Trend(change.value, p.value, bool(sig.value))

    # ---- distribution ----------------------------------------------------

    def merge(self, other):
        """Add everything counted by other (same configuration) into this one."""
        if not isinstance(other, Survey):
            raise TypeError("merge() needs a Survey, not %s" % type(other).__name__)
        _merge(self._h, other._h)
        return self

    def __iadd__(self, other):
        return self.merge(other)

    def serialize(self):
        """The portable byte format (see sqlscore_survey_serialize(3))."""
        buf, size = P(), ctypes.c_size_t()
        _serialize(self._h, ctypes.byref(buf), ctypes.byref(size))
        try:
            return ctypes.string_at(buf.value, size.value)
        finally:
            _lib.lib.sqlscore_buffer_free(buf)

    __bytes__ = serialize

    @classmethod
    def parse(cls, data):
        """A survey from bytes written by :meth:`serialize`."""
        data = bytes(memoryview(data).cast("B"))
        out = P()
        _parse(ctypes.byref(out), data, len(data))
        return cls._wrap(out.value)

    def __repr__(self):
        if self.closed:
            return "<sqlscore.Survey (closed)>"
        return "<sqlscore.Survey segments=%r>" % self.segments


class Pulse(Handle):
    """A pulse survey: up to 10 questions asked on a cadence.

    ``Pulse(PULSE_MONTHLY, questions=[("enps", "Would you recommend ...?",
    QUESTION_ENPS), ("growth", "I can grow here", QUESTION_LIKERT)])``.
    """

    _free = _pulse_free

    def __init__(self, cadence=PULSE_MONTHLY, *, threshold=None, questions=()):
        out = P()
        _pulse_new(ctypes.byref(out), i32(cadence, "cadence"))
        self._adopt(out.value)
        try:
            if threshold is not None:
                self.set_threshold(threshold)
            for q in questions:
                self.add_question(*q)
        except BaseException:
            self.close()
            raise

    def set_threshold(self, threshold):
        _pulse_set_threshold(self._h, i32(threshold, "threshold"))

    def add_question(self, id, question, type=QUESTION_LIKERT):
        """Append a question (QUESTION_ENPS or QUESTION_LIKERT) before any response."""
        _pulse_add_question(self._h, _text(id, "id"), _text(question, "question"),
                            i32(type, "type"))

    @property
    def questions(self):
        """The questions in order, as :class:`Question` (id, text, type)."""
        n = ctypes.c_size_t()
        _pulse_question_count(self._h, ctypes.byref(n))
        qid, qtext, qtype = S(), S(), ctypes.c_int32()
        out = []
        for i in range(n.value):
            _pulse_question_at(self._h, i, ctypes.byref(qid), ctypes.byref(qtext),
                               ctypes.byref(qtype))
            out.append(Question(string(qid.value), string(qtext.value), qtype.value))
        return out

    def set_invited(self, segment, time, invited):
        """How many people of segment (None: the "" segment) were invited in
        the period containing time."""
        _pulse_set_invited(self._h, optional_text(segment, "segment"), _time(time),
                           i64(invited, "invited"))

    def add_response(self, segment, time, answers):
        """One person's answers in question order, or a mapping id -> answer;
        None (or PULSE_SKIPPED) for a skipped question."""
        if isinstance(answers, dict):
            ids = [q.id for q in self.questions]
            unknown = set(answers) - set(ids)
            if unknown:
                raise _errors.NotFound("add_response: no question %r" % sorted(unknown)[0],
                                       _errors.ENOTFOUND)
            answers = [answers.get(q) for q in ids]
        else:
            answers = list(answers)
        arr = _arrays.int32s([PULSE_SKIPPED if a is None else a for a in answers], "answers")
        _pulse_add_response(self._h, optional_text(segment, "segment"), _time(time),
                            arr.ptr, arr.n)

    def response_rate(self, segment, time):
        """Responses, invited and their ratio for a segment (None: all) and period."""
        r, inv, rate = ctypes.c_int64(), ctypes.c_int64(), ctypes.c_double()
        _pulse_response_rate(self._h, optional_text(segment, "segment"), _time(time),
                             ctypes.byref(r), ctypes.byref(inv), ctypes.byref(rate))
        return ResponseRate(r.value, inv.value, rate.value)

    def question(self, question_id, segment, time):
        """n, mean and favorable percentage of one question."""
        n, mean, fav = ctypes.c_int64(), ctypes.c_double(), ctypes.c_double()
        _pulse_question(self._h, _text(question_id, "question_id"),
                        optional_text(segment, "segment"), _time(time),
                        ctypes.byref(n), ctypes.byref(mean), ctypes.byref(fav))
        return QuestionStats(n.value, mean.value, fav.value)

    def enps(self, question_id, segment, time):
        """The EnpsResult of an eNPS question."""
        out = P()
        _pulse_enps(self._h, _text(question_id, "question_id"),
                    optional_text(segment, "segment"), _time(time), ctypes.byref(out))
        return _new_result(out)
