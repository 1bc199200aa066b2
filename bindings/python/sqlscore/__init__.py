"""libsqlscore for Python: lead qualification, funnel stages, CPSQL and eNPS.

Pure ctypes over the shared library; nothing to install but libsqlscore.
Every failing call raises a subclass of :class:`sqlscore.Error` carrying the
status code and the library's detail message.  Objects owning library
handles are context managers and are also freed by the garbage collector.

The library is found through ``SQLSCORE_LIBRARY`` (a path), else the build
tree these files sit in, else the system loader.
"""

from ._errors import (  # noqa: F401
    Error, InvalidArgument, OutOfMemory, OutOfRange, ParseError, UndefinedRatio,
    TransitionNotAllowed, Suppressed, NotFound, Incompatible, BufferTooSmall,
    WrongType, AlreadyExists, InvalidState, ClosedError, error_class,
)
from . import _errors as _e
from . import _lib
from ._money import Money, currency_digits, format_money, parse_money  # noqa: F401
from ._lead import (  # noqa: F401
    ATTR_BOOLEAN, ATTR_INTEGER, ATTR_MONEY, ATTR_NUMBER, ATTR_TEXT, ATTR_TIME,
    CHECK_MET, CHECK_NOT_MET, CHECK_UNKNOWN, Attributes, Event, Lead,
)
from ._survey import (  # noqa: F401
    ADJUSTED_WALD, ALL_TIME, MISSING_PASSIVE, MISSING_SKIP, MISSING_U8, PERIOD_DAYS,
    PERIOD_ISO_WEEK, PERIOD_MONTH, PERIOD_NONE, PERIOD_QUARTER, PULSE_BIWEEKLY,
    PULSE_MAX_QUESTIONS, PULSE_MONTHLY, PULSE_QUARTERLY, PULSE_SKIPPED, PULSE_WEEKLY,
    QUESTION_ENPS, QUESTION_LIKERT, WALD, Comparison, Counts, EnpsResult, Pulse, Question,
    QuestionStats, ResponseRate, Survey, Trend,
)
from ._campaign import (  # noqa: F401
    COUNT_COHORT, COUNT_DIRECT, COUNT_PERIOD, CREDIT_ONE, METRIC_CPL, METRIC_CPMQL, METRIC_CPO,
    METRIC_CPSQL, METRIC_LEAD_TO_MQL, METRIC_LEAD_TO_SQL, METRIC_MQL_TO_SQL, METRIC_SQL_TO_OPP,
    MODEL_CUSTOM, MODEL_FIRST_TOUCH, MODEL_FULL_PATH, MODEL_LAST_TOUCH, MODEL_LINEAR,
    MODEL_POSITION_BASED, MODEL_TIME_DECAY, MODEL_U_SHAPED, MODEL_W_SHAPED, SPEND_ALL,
    SPEND_MARKETING, SPEND_SALES, TOUCH_LEAD_CREATION, TOUCH_OPPORTUNITY_CREATION, Attribution,
    AttributionResult, Campaign, FunnelCounts, Portfolio, PortfolioRow, PortfolioTotal, Rates,
    Sizes, Spend, TouchCredit, ratio_compare, ratio_round,
)
from ._funnel import (  # noqa: F401
    COHORT, PERIOD, MAX_STAGES, METRIC_COHORT, METRIC_DISQUALIFIED, METRIC_ENTERED,
    METRIC_FORWARD, METRIC_IN_AT_END, METRIC_LOST, METRIC_RECYCLED, METRIC_REOPENED, METRIC_RESET,
    METRIC_STALE, MOVE_KIND_DISQUALIFY, MOVE_KIND_ENTER, MOVE_KIND_FORWARD, MOVE_KIND_LOSE,
    MOVE_KIND_RECYCLE, MOVE_KIND_REOPEN, MOVE_KIND_RESET, MOVE_OVERRIDE, MOVE_REOPEN, MOVE_RESET,
    MOVE_SKIPPED, SIDE_ALL, SIDE_DISQUALIFIED, SIDE_LOST, SIDE_NURTURE, SKIP_ALLOWED,
    SKIP_FORBIDDEN, STAGE_KIND_DISQUALIFIED, STAGE_KIND_LOST, STAGE_KIND_MAIN, STAGE_KIND_NURTURE,
    STAGE_KIND_WON, Conversion, CurrentStage, Durations, Funnel, FunnelMetrics, Move, Stage,
)
from ._criteria import (  # noqa: F401
    DECAY_HALF_LIFE, DECAY_LINEAR, DECAY_NONE, DECAY_WINDOW, GRADE_A, GRADE_A_MINUS,
    GRADE_A_PLUS, GRADE_B, GRADE_B_MINUS, GRADE_B_PLUS, GRADE_C, GRADE_C_MINUS, GRADE_C_PLUS,
    GRADE_D, GRADE_D_MINUS, GRADE_D_PLUS, GRADE_F, GRADE_NONE, VERDICT_DISQUALIFIED,
    VERDICT_MQL, VERDICT_SQL, VERDICT_UNQUALIFIED, RULE_DISQUALIFIER, RULE_ENGAGEMENT, RULE_FIT,
    RULE_GATE, Coded, Criteria, Crossing, Result, RuleOutcome, Scores, grade_name, verdict_name,
)

__version__ = _lib.VERSION

#: Rounding modes (``SQLSCORE_ROUND_*``).
ROUND_HALF_EVEN = _lib.ROUND_HALF_EVEN
ROUND_HALF_UP = _lib.ROUND_HALF_UP

#: Status codes (``SQLSCORE_*``), for comparing with :attr:`Error.code`.
OK = _e.OK
EINVAL = _e.EINVAL
ENOMEM = _e.ENOMEM
ERANGE = _e.ERANGE
EPARSE = _e.EPARSE
EUNDEFINED = _e.EUNDEFINED
ETRANSITION = _e.ETRANSITION
ESUPPRESSED = _e.ESUPPRESSED
ENOTFOUND = _e.ENOTFOUND
EINCOMPATIBLE = _e.EINCOMPATIBLE
EBUFSIZE = _e.EBUFSIZE
ETYPE = _e.ETYPE
EEXIST = _e.EEXIST
ESTATE = _e.ESTATE


def library_version():
    """The loaded library's version, "MAJOR.MINOR.PATCH"."""
    return _lib.lib.sqlscore_version_string().decode("ascii")


def library_version_number():
    """The loaded library's version as 0xMMmmpp."""
    return _lib.lib.sqlscore_version_number()


def library_path():
    """The name or path the shared library was loaded from."""
    return _lib.path


def strerror(code):
    """The library's short description of a status code."""
    return _lib.lib.sqlscore_strerror(code).decode("utf-8")
