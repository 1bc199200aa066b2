"""Qualification criteria, evaluation and results (qualification module)."""

import array
import ctypes
import enum
import typing

from . import _arrays, _lib
from ._handle import Handle
from ._lead import Lead, seconds
from ._lib import declare, i32, i64, optional_text, string, take_string, text

P = ctypes.c_void_p
S = ctypes.c_char_p
PP = ctypes.POINTER(P)
SP = ctypes.POINTER(S)
dp = _lib.c_double_p
i32p = _lib.c_int32_p
i64p = _lib.c_int64_p

GRADE_NONE = -1
GRADE_F, GRADE_D_MINUS, GRADE_D, GRADE_D_PLUS = 0, 1, 2, 3
GRADE_C_MINUS, GRADE_C, GRADE_C_PLUS = 4, 5, 6
GRADE_B_MINUS, GRADE_B, GRADE_B_PLUS = 7, 8, 9
GRADE_A_MINUS, GRADE_A, GRADE_A_PLUS = 10, 11, 12
DECAY_NONE, DECAY_HALF_LIFE, DECAY_LINEAR, DECAY_WINDOW = 0, 1, 2, 3
VERDICT_UNQUALIFIED, VERDICT_MQL, VERDICT_SQL, VERDICT_DISQUALIFIED = 0, 1, 2, 3
RULE_FIT, RULE_ENGAGEMENT, RULE_DISQUALIFIER, RULE_GATE = 1, 2, 3, 4


class Crossing(enum.IntFlag):
    """Threshold crossings between two evaluations (``SQLSCORE_CROSS_*``)."""
    NONE = 0
    MQL_UP = 1
    MQL_DOWN = 2
    SQL_UP = 4
    SQL_DOWN = 8
    DISQUALIFIED = 16
    REQUALIFIED = 32


_new = declare("sqlscore_criteria_new", None, [PP, S, ctypes.c_int32], status=True)
_criteria_free = declare("sqlscore_criteria_free", None, [P])
_set_framework = declare("sqlscore_criteria_set_framework", None,
                         [P, S, ctypes.POINTER(S), ctypes.c_size_t], status=True)
_add_group = declare("sqlscore_criteria_add_group", None, [P, S, ctypes.c_double], status=True)
_set_total_cap = declare("sqlscore_criteria_set_total_cap", None, [P, ctypes.c_double],
                         status=True)
_add_fit = declare("sqlscore_criteria_add_fit", None,
                   [P, S, S, ctypes.c_double, ctypes.c_int32, S], status=True)
_add_engagement = declare("sqlscore_criteria_add_engagement", None,
                          [P, S, S, S, ctypes.c_double, ctypes.c_int32, ctypes.c_int64,
                           ctypes.c_int32, ctypes.c_int64, ctypes.c_double, S], status=True)
_add_disqualifier = declare("sqlscore_criteria_add_disqualifier", None, [P, S, S], status=True)
_add_gate = declare("sqlscore_criteria_add_gate", None, [P, S, S], status=True)
_set_mql = declare("sqlscore_criteria_set_mql", None, [P, ctypes.c_double, ctypes.c_int32],
                   status=True)
_set_sql = declare("sqlscore_criteria_set_sql", None, [P, ctypes.c_double, ctypes.c_int32],
                   status=True)
_build = declare("sqlscore_criteria_build", None, [P], status=True)
_parse = declare("sqlscore_criteria_parse", None, [PP, ctypes.c_char_p, ctypes.c_size_t, S],
                 status=True)
_write = declare("sqlscore_criteria_write", None, [P, ctypes.POINTER(ctypes.c_void_p)],
                 status=True)
_name = declare("sqlscore_criteria_name", None, [P, SP, i32p], status=True)
_framework = declare("sqlscore_criteria_framework", None, [P, SP, _lib.c_size_t_p], status=True)
_framework_item = declare("sqlscore_criteria_framework_item", None, [P, ctypes.c_size_t, SP],
                          status=True)
_evaluate = declare("sqlscore_criteria_evaluate", None, [PP, P, P, ctypes.c_int64], status=True)
_evaluate_batch = declare("sqlscore_criteria_evaluate_batch", None,
                          [P, ctypes.POINTER(P), ctypes.c_size_t, ctypes.c_int64, dp, i32p, i32p],
                          status=True)
_evaluate_columns = declare("sqlscore_criteria_evaluate_columns", None,
                            [P, ctypes.c_size_t, ctypes.c_size_t, ctypes.POINTER(S),
                             ctypes.POINTER(dp), ctypes.POINTER(ctypes.POINTER(ctypes.c_uint8)),
                             ctypes.c_size_t, ctypes.POINTER(S), ctypes.POINTER(ctypes.POINTER(S)),
                             dp, i32p, i32p], status=True)
_evaluate_coded = declare("sqlscore_criteria_evaluate_coded", None,
                          [P, ctypes.c_size_t, ctypes.c_size_t, ctypes.POINTER(S),
                           ctypes.POINTER(dp), ctypes.POINTER(ctypes.POINTER(ctypes.c_uint8)),
                           ctypes.c_size_t, ctypes.POINTER(S), ctypes.POINTER(i32p),
                           _lib.c_size_t_p, ctypes.POINTER(ctypes.POINTER(S)),
                           dp, i32p, i32p], status=True)
_result_free = declare("sqlscore_result_free", None, [P])
_verdict = declare("sqlscore_result_verdict", None, [P, i32p], status=True)
_score = declare("sqlscore_result_score", None, [P, dp], status=True)
_grade = declare("sqlscore_result_grade", None, [P, i32p], status=True)
_fit_points = declare("sqlscore_result_fit_points", None, [P, dp], status=True)
_engagement_points = declare("sqlscore_result_engagement_points", None, [P, dp], status=True)
_gates_failed = declare("sqlscore_result_gates_failed", None, [P, i32p], status=True)
_points_to_sql = declare("sqlscore_result_points_to_sql", None, [P, dp], status=True)
_source = declare("sqlscore_result_source", None, [P, SP, i32p, SP, i64p], status=True)
_explain = declare("sqlscore_result_explain", None, [P, ctypes.POINTER(ctypes.c_void_p)],
                   status=True)
_crossings = declare("sqlscore_result_crossings", None, [P, P, i32p], status=True)
_rule_count = declare("sqlscore_result_rule_count", None, [P, _lib.c_size_t_p], status=True)
_rule_at = declare("sqlscore_result_rule_at", None, [P, ctypes.c_size_t, SP, i32p, i32p, dp, i32p],
                   status=True)
_grade_name = declare("sqlscore_grade_name", None, [ctypes.c_int32, SP], status=True)
_verdict_name = declare("sqlscore_verdict_name", None, [ctypes.c_int32, SP], status=True)


def grade_name(grade):
    """"A+" .. "F" for a GRADE_* value."""
    out = S()
    _grade_name(i32(grade, "grade"), ctypes.byref(out))
    return string(out.value)


def verdict_name(verdict):
    """"unqualified", "MQL", "SQL" or "disqualified"."""
    out = S()
    _verdict_name(i32(verdict, "verdict"), ctypes.byref(out))
    return string(out.value)



class RuleOutcome(typing.NamedTuple):
    """What one rule did in an evaluation (declaration order)."""
    name: str
    kind: int
    fired: bool
    points: float
    grade_steps: int


class Scores(typing.NamedTuple):
    """Batch output: one entry per lead or row, as ``array.array`` columns."""
    scores: array.array
    grades: array.array
    verdicts: array.array


def _outputs(n):
    scores = array.array("d", bytes(8 * n))
    grades = array.array("i", bytes(4 * n))
    verdicts = array.array("i", bytes(4 * n))
    assert grades.itemsize == 4
    return (Scores(scores, grades, verdicts),
            _arrays.doubles(scores).ptr, _arrays.int32s(grades).ptr, _arrays.int32s(verdicts).ptr)


class Result(Handle):
    """The outcome of scoring one lead: verdict, score, grade and why."""

    _free = _result_free

    def _get(self, fn, ctype):
        out = ctype()
        fn(self._h, ctypes.byref(out))
        return out.value

    @property
    def verdict(self):
        """A VERDICT_* value."""
        return self._get(_verdict, ctypes.c_int32)

    @property
    def verdict_name(self):
        return verdict_name(self.verdict)

    @property
    def score(self):
        """The total score after caps."""
        return self._get(_score, ctypes.c_double)

    @property
    def grade(self):
        """A GRADE_* value, F (0) .. A+ (12)."""
        return self._get(_grade, ctypes.c_int32)

    @property
    def grade_name(self):
        return grade_name(self.grade)

    @property
    def fit_points(self):
        return self._get(_fit_points, ctypes.c_double)

    @property
    def engagement_points(self):
        return self._get(_engagement_points, ctypes.c_double)

    @property
    def gates_failed(self):
        return self._get(_gates_failed, ctypes.c_int32)

    @property
    def points_to_sql(self):
        """Points missing to the SQL threshold (0 when reached)."""
        return self._get(_points_to_sql, ctypes.c_double)

    def _source(self):
        crit, lead = S(), S()
        ver, as_of = ctypes.c_int32(), ctypes.c_int64()
        _source(self._h, ctypes.byref(crit), ctypes.byref(ver), ctypes.byref(lead),
                ctypes.byref(as_of))
        return string(crit.value), ver.value, string(lead.value), as_of.value

    @property
    def criteria_name(self):
        return self._source()[0]

    @property
    def criteria_version(self):
        return self._source()[1]

    @property
    def lead_id(self):
        return self._source()[2]

    @property
    def as_of(self):
        """The evaluation time, Unix seconds."""
        return self._source()[3]

    @property
    def rules(self):
        """A :class:`RuleOutcome` per rule of the criteria, in declaration order."""
        n = ctypes.c_size_t()
        _rule_count(self._h, ctypes.byref(n))
        name, kind, fired, steps, pts = S(), ctypes.c_int32(), ctypes.c_int32(), ctypes.c_int32(), \
            ctypes.c_double()
        out = []
        for i in range(n.value):
            _rule_at(self._h, i, ctypes.byref(name), ctypes.byref(kind), ctypes.byref(fired),
                     ctypes.byref(pts), ctypes.byref(steps))
            out.append(RuleOutcome(string(name.value), kind.value, bool(fired.value), pts.value,
                                   steps.value))
        return out

    def explain(self):
        """Why the lead got its verdict, one fact per line."""
        buf = ctypes.c_void_p()
        _explain(self._h, ctypes.byref(buf))
        return take_string(buf.value)

    __str__ = explain

    def crossings(self, before=None):
        """The thresholds crossed since ``before`` (None: never scored)."""
        if before is not None and not isinstance(before, Result):
            raise TypeError("before must be a Result or None")
        out = ctypes.c_int32()
        _crossings(before._h if before is not None else None, self._h, ctypes.byref(out))
        return Crossing(out.value)

    def __repr__(self):
        if self.closed:
            return "<sqlscore.Result (closed)>"
        return "<sqlscore.Result %r: %s, score %g, grade %s>" % (
            self.lead_id, self.verdict_name, self.score, self.grade_name)


class Coded(typing.NamedTuple):
    """A dictionary-encoded text column for :meth:`Criteria.evaluate_columns`.

    ``codes`` holds one integer per row (a buffer of int32, such as a NumPy
    ``int32`` array, is passed without copying; a negative code is a
    missing cell); ``categories`` the distinct strings the codes index
    (None: missing).  ``pandas.Categorical`` and a categorical Series'
    ``.cat`` have the same two attributes and can be passed directly.
    """
    codes: typing.Any
    categories: typing.Any


def _column_kind(values):
    """'number', 'text' or 'coded' for a column; buffers of numbers are
    numbers, objects with ``codes`` and ``categories`` are coded text."""
    if hasattr(values, "codes") and hasattr(values, "categories"):
        return "coded", values
    try:
        view = memoryview(values)
    except TypeError:
        view = None
    if view is not None:
        return "number", None
    values = list(values)
    for v in values:
        if v is None:
            continue
        return ("text" if isinstance(v, str) else "number"), values
    return "number", values


def _encode_text(values, what):
    """A column of str (None: missing) as int32 codes and the list of its
    distinct strings, so that each string crosses the FFI once."""
    index = {None: -1}
    try:
        codes = array.array("i", [index.setdefault(v, len(index) - 1) for v in values])
    except TypeError:
        codes = None      # an unhashable cell: reported below
    for v in (values if codes is None else index):
        if v is not None and not isinstance(v, str):
            raise TypeError("%s: cells must be str or None, not %s" % (what, type(v).__name__))
    del index[None]
    return codes, list(index)


def _coded_codes(codes, what):
    """The codes of a Coded column as a C int32 array: a NumPy array of
    another integer type is converted by NumPy itself (``astype``)."""
    try:
        view = memoryview(codes)
    except TypeError:
        view = None
    if (view is not None and view.ndim == 1 and view.itemsize != 4
            and hasattr(codes, "astype") and view.format.lstrip("@=<>") in "bhilqBHILQ"):
        codes = codes.astype("int32")
    return _arrays.int32s(codes, what)


class Criteria(Handle):
    """A qualification rule set: build it with the methods below and
    :meth:`build`, or read it from rules text with :meth:`parse` or
    :meth:`load` (format: sqlscore-rules(5)).  Once built it is immutable
    and may be shared between threads."""

    _free = _criteria_free

    def __init__(self, name, version=1):
        out = P()
        _new(ctypes.byref(out), text(name, "name"), i32(version, "version"))
        self._adopt(out.value)

    @classmethod
    def parse(cls, rules, filename=None):
        """A built criteria from rules text (str or bytes).

        A syntax error raises :class:`sqlscore.ParseError` whose message
        reads ``FILENAME:LINE:COL: what was expected``.
        """
        return cls._parse_rules(_parse, rules, filename)

    @classmethod
    def load(cls, path):
        """A built criteria from a rules file (errors name the file)."""
        return cls._read_rules_file(path)

    # ---- building --------------------------------------------------------

    def set_framework(self, name, items):
        arr = _arrays.strings(items, "items")
        _set_framework(self._h, text(name, "name"), arr.ptr, arr.n)
        return self

    def add_group(self, name, cap):
        _add_group(self._h, text(name, "name"), float(cap))
        return self

    def set_total_cap(self, cap):
        _set_total_cap(self._h, float(cap))
        return self

    def add_fit(self, name, predicate, points=0.0, grade_steps=0, group=None):
        """When predicate holds, add points and/or grade steps."""
        _add_fit(self._h, text(name, "name"), text(predicate, "predicate"), float(points),
                 i32(grade_steps, "grade_steps"), optional_text(group, "group"))
        return self

    def add_engagement(self, name, event_type, points, value=None, limit=0, window=0,
                       decay=DECAY_NONE, decay_period=0, decay_percent=0.0, group=None):
        """Points per occurrence of event_type (value: a predicate on the
        event's value, e.g. ``"value >= 60"``); limit/window and decay as in
        sqlscore_criteria_add_engagement(3), times in seconds."""
        _add_engagement(self._h, text(name, "name"), text(event_type, "event_type"),
                        optional_text(value, "value"), float(points), i32(limit, "limit"),
                        i64(window, "window"), i32(decay, "decay"),
                        i64(decay_period, "decay_period"), float(decay_percent),
                        optional_text(group, "group"))
        return self

    def add_disqualifier(self, name, predicate):
        _add_disqualifier(self._h, text(name, "name"), text(predicate, "predicate"))
        return self

    def add_gate(self, name, predicate):
        _add_gate(self._h, text(name, "name"), text(predicate, "predicate"))
        return self

    def set_mql(self, score, min_grade=GRADE_NONE):
        _set_mql(self._h, float(score), i32(min_grade, "min_grade"))
        return self

    def set_sql(self, score, min_grade=GRADE_NONE):
        _set_sql(self._h, float(score), i32(min_grade, "min_grade"))
        return self

    def build(self):
        """Validate and freeze; returns self."""
        _build(self._h)
        return self

    # ---- reading ---------------------------------------------------------

    def write(self):
        """The built criteria as rules text that parses back to an equal one."""
        buf = ctypes.c_void_p()
        _write(self._h, ctypes.byref(buf))
        return take_string(buf.value)

    def __str__(self):
        return self.write()

    @property
    def name(self):
        out = S()
        _name(self._h, ctypes.byref(out), None)
        return string(out.value)

    @property
    def version(self):
        out = ctypes.c_int32()
        _name(self._h, None, ctypes.byref(out))
        return out.value

    @property
    def framework(self):
        """(framework name, [items]); give leads the same checklist."""
        name, n = S(), ctypes.c_size_t()
        _framework(self._h, ctypes.byref(name), ctypes.byref(n))
        item = S()
        items = []
        for i in range(n.value):
            _framework_item(self._h, i, ctypes.byref(item))
            items.append(string(item.value))
        return string(name.value), items

    def __repr__(self):
        if self.closed:
            return "<sqlscore.Criteria (closed)>"
        return "<sqlscore.Criteria %r version %d>" % (self.name, self.version)

    # ---- scoring ---------------------------------------------------------

    def evaluate(self, lead, as_of):
        """Score one lead as of a time (int seconds or aware datetime)."""
        if not isinstance(lead, Lead):
            raise TypeError("evaluate() needs a Lead, not %s" % type(lead).__name__)
        out = P()
        _evaluate(ctypes.byref(out), self._h, lead._h, i64(seconds(as_of, "as_of"), "as_of"))
        return Result._wrap(out.value)

    def evaluate_batch(self, leads, as_of):
        """Score many leads in one library call; returns :class:`Scores`."""
        arr = _arrays.handles(leads, Lead, "leads")
        out, sp, gp, vp = _outputs(arr.n)
        _evaluate_batch(self._h, arr.ptr, arr.n, i64(seconds(as_of, "as_of"), "as_of"),
                        sp, gp, vp)
        return out

    def evaluate_columns(self, columns, rows=None):
        """Score a table given as columns, in one library call.

        ``columns`` maps attribute names to columns.  A column of numbers
        (a buffer such as ``array('d')`` or a NumPy float64 array, passed
        without copying, or a sequence with None for missing cells) holds
        number attributes; a column whose cells are str (None: missing)
        holds text attributes, and so does a dictionary-encoded column
        (:class:`Coded`, ``pandas.Categorical`` or a categorical Series'
        ``.cat``), whose int32 codes are passed without copying.  Text
        columns are always handed to the library dictionary-encoded
        (sqlscore_criteria_evaluate_coded(3)): a column of str is encoded
        here first, so each distinct string crosses the FFI once.  Rows
        have no events and an unknown checklist.  Returns :class:`Scores`.
        """
        num_names, num_arrays, num_masks = [], [], []
        txt_names, txt_codes, txt_dicts = [], [], []
        n = rows
        for name in list(columns):
            what = "column %r" % name
            kind, values = _column_kind(columns[name])
            if kind == "number":
                col = columns[name] if values is None else values
                mask = None
                if values is not None and any(v is None for v in values):
                    mask = _arrays.bytes_mask([v is None for v in values], "missing")
                    col = [0.0 if v is None else v for v in values]
                arr = _arrays.doubles(col, what)
                num_names.append(name)
                num_arrays.append(arr)
                num_masks.append(mask)
            else:
                if kind == "text":
                    codes, categories = _encode_text(values, what)
                    arr = _arrays.int32s(codes, what)
                else:
                    arr = _coded_codes(values.codes, what + " codes")
                    categories = list(values.categories)
                txt_names.append(name)
                txt_codes.append(arr)
                txt_dicts.append(_arrays.strings(categories, what + " categories",
                                                 allow_none=True))
            if n is None:
                n = arr.n
            elif arr.n != n:
                raise ValueError("column %r has %d rows, expected %d" % (name, arr.n, n))
        if n is None:
            n = 0
        nn = _arrays.strings(num_names, "names")
        tn = _arrays.strings(txt_names, "names")
        numbers = (dp * len(num_arrays))(*[ctypes.cast(a.ptr, dp) for a in num_arrays])
        u8p = ctypes.POINTER(ctypes.c_uint8)
        # Always an array (entries NULL where nothing is missing), which the
        # API allows as well as NULL for the whole argument.
        masks = (u8p * len(num_masks))(*[ctypes.cast(m.ptr, u8p) if m is not None else None
                                          for m in num_masks])
        out, sp, gp, vp = _outputs(n)
        if not txt_names:
            _evaluate_columns(self._h, n, len(num_arrays), nn.ptr, numbers, masks,
                              0, tn.ptr, None, sp, gp, vp)
            return out
        codes = (i32p * len(txt_codes))(*[ctypes.cast(a.ptr, i32p) for a in txt_codes])
        sizes = (ctypes.c_size_t * len(txt_dicts))(*[d.n for d in txt_dicts])
        dicts = (SP * len(txt_dicts))(*[ctypes.cast(d.ptr, SP) for d in txt_dicts])
        _evaluate_coded(self._h, n, len(num_arrays), nn.ptr, numbers, masks, len(txt_names),
                        tn.ptr, codes, sizes, dicts, sp, gp, vp)
        return out
