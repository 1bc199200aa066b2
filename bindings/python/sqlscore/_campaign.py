"""Campaigns, exchange rates, exact ratios, attribution and portfolios
(cpsql module).  Exact ratios come back as :class:`fractions.Fraction`."""

import array
import ctypes
import fractions
import typing

from . import _arrays, _errors, _lib
from ._handle import Handle
from ._funnel import Funnel
from ._lead import Lead, seconds
from ._lib import ROUND_HALF_EVEN, declare, i32, i64, optional_text, string, text
from ._money import Money

P = ctypes.c_void_p
S = ctypes.c_char_p
PP = ctypes.POINTER(P)
SP = ctypes.POINTER(S)
i32p = _lib.c_int32_p
i64p = _lib.c_int64_p
szp = _lib.c_size_t_p
I64 = ctypes.c_int64
I32 = ctypes.c_int32

SPEND_MARKETING = 1
SPEND_SALES = 2
SPEND_ALL = 3
METRIC_CPL, METRIC_CPMQL, METRIC_CPSQL, METRIC_CPO = 0, 1, 2, 3
METRIC_LEAD_TO_MQL, METRIC_MQL_TO_SQL, METRIC_LEAD_TO_SQL, METRIC_SQL_TO_OPP = 4, 5, 6, 7
TOUCH_LEAD_CREATION = 1
TOUCH_OPPORTUNITY_CREATION = 2
MODEL_FIRST_TOUCH, MODEL_LAST_TOUCH, MODEL_LINEAR, MODEL_TIME_DECAY = 0, 1, 2, 3
MODEL_POSITION_BASED, MODEL_U_SHAPED, MODEL_W_SHAPED, MODEL_FULL_PATH, MODEL_CUSTOM = 4, 5, 6, 7, 8
CREDIT_ONE = 1000000
COUNT_DIRECT, COUNT_PERIOD, COUNT_COHORT = 0, 1, 2
_SIZE_MAX = ctypes.c_size_t(-1).value

_ratio_round = declare("sqlscore_ratio_round", None, [I64, I64, I64, I32, i64p], status=True)
_ratio_compare = declare("sqlscore_ratio_compare", None, [I64, I64, I64, I64, i32p], status=True)
_rates_new = declare("sqlscore_rates_new", None, [PP], status=True)
_rates_free = declare("sqlscore_rates_free", None, [P])
_rates_set = declare("sqlscore_rates_set", None, [P, S, S, I64, I64, I64], status=True)
_rates_set_text = declare("sqlscore_rates_set_text", None, [P, S, S, I64, S], status=True)
_rates_convert = declare("sqlscore_rates_convert", None, [P, I64, S, S, I64, I32, i64p],
                         status=True)
_count_leads = declare("sqlscore_campaign_count_leads", None,
                       [P, P, S, S, ctypes.POINTER(P), ctypes.c_size_t], status=True)
_attr_add_lead = declare("sqlscore_attribution_add_lead", None, [P, P, P], status=True)
_campaign_new = declare("sqlscore_campaign_new", None, [PP, S, S, S], status=True)
_campaign_free = declare("sqlscore_campaign_free", None, [P])
_campaign_clone = declare("sqlscore_campaign_clone", None, [PP, P], status=True)
_campaign_id = declare("sqlscore_campaign_id", None, [P, SP], status=True)
_campaign_name = declare("sqlscore_campaign_name", None, [P, SP], status=True)
_campaign_currency = declare("sqlscore_campaign_currency", None, [P, SP], status=True)
_add_spend = declare("sqlscore_campaign_add_spend", None, [P, I64, S, I32, I64], status=True)
_spend_count = declare("sqlscore_campaign_spend_count", None, [P, szp], status=True)
_spend_get = declare("sqlscore_campaign_spend_get", None,
                     [P, ctypes.c_size_t, i64p, SP, i32p, i64p], status=True)
_set_counts = declare("sqlscore_campaign_set_counts", None, [P, I64, I64, I64, I64], status=True)
_counts = declare("sqlscore_campaign_counts", None, [P, i64p, i64p, i64p, i64p], status=True)
_spend = declare("sqlscore_campaign_spend", None, [P, I32, P, I32, i64p], status=True)
_metric = declare("sqlscore_campaign_metric", None, [P, I32, P, I32, i64p, i64p], status=True)
_metric_rounded = declare("sqlscore_campaign_metric_rounded", None, [P, I32, P, I32, i64p],
                          status=True)
_attr_new = declare("sqlscore_attribution_new", None, [PP], status=True)
_attr_free = declare("sqlscore_attribution_free", None, [P])
_attr_campaign = declare("sqlscore_attribution_campaign", None, [P, S, i32p], status=True)
_attr_lead = declare("sqlscore_attribution_lead", None, [P, S, i32p], status=True)
_attr_find_campaign = declare("sqlscore_attribution_find_campaign", None, [P, S, i32p],
                              status=True)
_attr_find_lead = declare("sqlscore_attribution_find_lead", None, [P, S, i32p], status=True)
_attr_campaign_id = declare("sqlscore_attribution_campaign_id", None, [P, I32, SP], status=True)
_attr_sizes = declare("sqlscore_attribution_sizes", None, [P, szp, szp, szp, szp], status=True)
_attr_add_touch = declare("sqlscore_attribution_add_touch", None, [P, S, S, I64, I32],
                          status=True)
_attr_add_touches = declare("sqlscore_attribution_add_touches", None,
                            [P, ctypes.c_size_t, i32p, i32p, i64p, i32p], status=True)
_attr_add_conversion = declare("sqlscore_attribution_add_conversion", None, [P, S, I64],
                               status=True)
_attr_add_conversions = declare("sqlscore_attribution_add_conversions", None,
                                [P, ctypes.c_size_t, i32p, i64p], status=True)
_attr_set_model = declare("sqlscore_attribution_set_model", None, [P, I32], status=True)
_attr_set_weights = declare("sqlscore_attribution_set_weights", None, [P, I64, I64, I64, I64, I64],
                            status=True)
_attr_set_half_life = declare("sqlscore_attribution_set_half_life", None, [P, I64], status=True)
_attr_set_lookback = declare("sqlscore_attribution_set_lookback", None, [P, I64], status=True)
_attr_run = declare("sqlscore_attribution_run", None, [P, PP], status=True)
_ares_free = declare("sqlscore_attribution_result_free", None, [P])
_ares_summary = declare("sqlscore_attribution_result_summary", None, [P, szp, szp], status=True)
_ares_credit = declare("sqlscore_attribution_result_credit", None, [P, I32, i64p], status=True)
_ares_credits = declare("sqlscore_attribution_result_credits", None,
                        [P, ctypes.c_size_t, i64p], status=True)
_ares_touch = declare("sqlscore_attribution_result_touch", None,
                      [P, ctypes.c_size_t, i64p, i64p], status=True)
_attr_cpsql = declare("sqlscore_attribution_cpsql", None, [P, P, P, P, I32, I64, i64p, i64p],
                      status=True)
_attr_campaign_counts = declare("sqlscore_attribution_campaign_counts", None,
                                [P, P, I32, i64p, i64p], status=True)
_pf_new = declare("sqlscore_portfolio_new", None, [PP, S], status=True)
_pf_free = declare("sqlscore_portfolio_free", None, [P])
_pf_add = declare("sqlscore_portfolio_add", None, [P, P], status=True)
_pf_size = declare("sqlscore_portfolio_size", None, [P, szp], status=True)
_pf_compute = declare("sqlscore_portfolio_compute", None, [P, P, P, I32, I64, I64, P, I32],
                      status=True)
_pf_row = declare("sqlscore_portfolio_row", None, [P, ctypes.c_size_t, SP, i64p, i64p, i64p, i64p],
                  status=True)
_pf_total = declare("sqlscore_portfolio_total", None, [P, i64p, i64p, i64p, i64p], status=True)
_pf_cpsql = declare("sqlscore_portfolio_cpsql", None, [P, ctypes.c_size_t, I64, i64p, i64p],
                    status=True)


def _outs(fn, *args, n=1, ctype=I64):
    """Call fn(*args, &out1 .. &outn) and return the values."""
    outs = [ctype() for _ in range(n)]
    fn(*args, *[ctypes.byref(o) for o in outs])
    return [o.value for o in outs] if n > 1 else outs[0].value


def _fraction(fn, *args):
    num, den = _outs(fn, *args, n=2)
    return fractions.Fraction(num, den)


def _ratio(x, what):
    """(num, den) of a Fraction, an int or a (num, den) pair."""
    if isinstance(x, tuple) and len(x) == 2:
        return i64(x[0], what), i64(x[1], what)
    if isinstance(x, (fractions.Fraction, int)) and not isinstance(x, bool):
        f = fractions.Fraction(x)
        return i64(f.numerator, what), i64(f.denominator, what)
    raise TypeError("%s must be a Fraction, an int or a (num, den) pair" % what)


def ratio_round(ratio, scale=1, rounding=ROUND_HALF_EVEN):
    """Round ratio x scale to an integer exactly (ties by rounding).

    ``ratio_round(Fraction(100000, 3))`` is 33333 (cents of 333.33);
    ``ratio_round(Fraction(1, 8), 1000000)`` is 125000 (ppm).
    """
    num, den = _ratio(ratio, "ratio")
    return _outs(_ratio_round, num, den, i64(scale, "scale"), i32(rounding, "rounding"))


def ratio_compare(a, b):
    """-1, 0 or 1 as a < b, a == b, a > b, exact for every int64 pair."""
    an, ad = _ratio(a, "a")
    bn, bd = _ratio(b, "b")
    return _outs(_ratio_compare, an, ad, bn, bd, ctype=I32)


def _rates_ptr(rates):
    if rates is None:
        return None
    if not isinstance(rates, Rates):
        raise TypeError("rates must be a Rates object or None")
    return rates._h


class Rates(Handle):
    """Exchange rates: 1 unit of A = rate units of B from a time on.

    ``rates.set("EUR", "USD", since, "1.0843")`` (exact decimal text),
    ``Fraction(10843, 10000)`` or ``(10843, 10000)``.  A pair also serves
    the other direction, inverted exactly.
    """

    _free = _rates_free

    def __init__(self):
        out = P()
        _rates_new(ctypes.byref(out))
        self._adopt(out.value)

    def set(self, from_, to, since, rate):
        since = i64(seconds(since, "since"), "since")
        if isinstance(rate, str):
            _rates_set_text(self._h, text(from_, "from"), text(to, "to"), since, text(rate, "rate"))
        else:
            if hasattr(rate, "as_integer_ratio") and not isinstance(rate, (int, float)):
                rate = fractions.Fraction(*rate.as_integer_ratio())   # Decimal
            if isinstance(rate, float):
                raise TypeError("rate must be exact: a str, Decimal, Fraction or int, not float")
            num, den = _ratio(rate, "rate")
            _rates_set(self._h, text(from_, "from"), text(to, "to"), since, num, den)
        return self

    def convert(self, amount, from_, to, time, rounding=ROUND_HALF_EVEN):
        """amount (minor units of from_) in minor units of to, at time."""
        return _outs(_rates_convert, self._h, i64(amount, "amount"), text(from_, "from"),
                     text(to, "to"), i64(seconds(time), "time"), i32(rounding, "rounding"))


class Spend(typing.NamedTuple):
    amount: int
    currency: str
    category: int
    time: int


class FunnelCounts(typing.NamedTuple):
    leads: int
    mqls: int
    sqls: int
    opportunities: int


class Campaign(Handle):
    """A campaign: identifier, name, currency, spend entries and counts."""

    _free = _campaign_free

    def __init__(self, id, currency, name=None):
        out = P()
        _campaign_new(ctypes.byref(out), text(id, "id"), optional_text(name, "name"),
                      text(currency, "currency"))
        self._adopt(out.value)

    def clone(self):
        out = P()
        _campaign_clone(ctypes.byref(out), self._h)
        return Campaign._wrap(out.value)

    __copy__ = clone

    def _str(self, fn):
        out = S()
        fn(self._h, ctypes.byref(out))
        return string(out.value)

    @property
    def id(self):
        return self._str(_campaign_id)

    @property
    def name(self):
        return self._str(_campaign_name)

    @property
    def currency(self):
        return self._str(_campaign_currency)

    def __repr__(self):
        if self.closed:
            return "<sqlscore.Campaign (closed)>"
        return "<sqlscore.Campaign %r %s>" % (self.id, self.currency)

    def add_spend(self, amount, category=SPEND_MARKETING, time=0, currency=None):
        """Record spend: minor units (of currency, default the campaign's) or a Money."""
        if isinstance(amount, Money):
            amount, currency = amount
        _add_spend(self._h, i64(amount, "amount"), optional_text(currency, "currency"),
                   i32(category, "category"), i64(seconds(time), "time"))
        return self

    @property
    def spends(self):
        """The spend entries in the order added."""
        n = _outs(_spend_count, self._h, ctype=ctypes.c_size_t)
        amount, cur, cat, t = I64(), S(), I32(), I64()
        out = []
        for i in range(n):
            _spend_get(self._h, i, ctypes.byref(amount), ctypes.byref(cur), ctypes.byref(cat),
                       ctypes.byref(t))
            out.append(Spend(amount.value, string(cur.value), cat.value, t.value))
        return out

    def set_counts(self, leads=0, mqls=0, sqls=0, opportunities=0):
        _set_counts(self._h, i64(leads, "leads"), i64(mqls, "mqls"), i64(sqls, "sqls"),
                    i64(opportunities, "opportunities"))
        return self

    @property
    def counts(self):
        return FunnelCounts(*_outs(_counts, self._h, n=4))

    def count_leads(self, funnel, leads, mql_stage=None, opportunity_stage=None):
        """Set the counts from the campaign's leads' stage histories (one call).

        Each lead counts once: all are leads; MQLs, SQLs and opportunities
        are those whose history entered mql_stage ("mql"), the funnel's SQL
        stage and opportunity_stage ("opportunity").
        """
        if not isinstance(funnel, Funnel):
            raise TypeError("count_leads() needs a Funnel")
        arr = _arrays.handles(leads, Lead, "leads")
        _count_leads(self._h, funnel._h, optional_text(mql_stage, "mql_stage"),
                     optional_text(opportunity_stage, "opportunity_stage"), arr.ptr, arr.n)
        return self

    def spend(self, categories=SPEND_ALL, rates=None, rounding=ROUND_HALF_EVEN):
        """Total spend of the categories in minor units of the campaign's currency."""
        return _outs(_spend, self._h, i32(categories, "categories"), _rates_ptr(rates),
                     i32(rounding, "rounding"))

    def metric(self, metric, rates=None, rounding=ROUND_HALF_EVEN):
        """A METRIC_* as an exact Fraction (costs in minor units).

        Raises :class:`sqlscore.UndefinedRatio` when the count dividing is 0.
        """
        return _fraction(_metric, self._h, i32(metric, "metric"), _rates_ptr(rates),
                         i32(rounding, "rounding"))

    def metric_rounded(self, metric, rates=None, rounding=ROUND_HALF_EVEN):
        """Costs rounded to minor units, rates to parts per million."""
        return _outs(_metric_rounded, self._h, i32(metric, "metric"), _rates_ptr(rates),
                     i32(rounding, "rounding"))

    def cpsql(self, rates=None, rounding=ROUND_HALF_EVEN):
        """Spend / SQLs as a Money rounded to minor units."""
        return Money(self.metric_rounded(METRIC_CPSQL, rates, rounding), self.currency)


class Sizes(typing.NamedTuple):
    campaigns: int
    leads: int
    touches: int
    conversions: int


class TouchCredit(typing.NamedTuple):
    ppm: int
    conversion: typing.Optional[int]


class AttributionResult(Handle):
    """Credits of one attribution run (immutable)."""

    _free = _ares_free

    _campaigns = 0

    @property
    def conversions(self):
        """All conversions."""
        return self._summary()[0]

    def _summary(self):
        a, b = ctypes.c_size_t(), ctypes.c_size_t()
        _ares_summary(self._h, ctypes.byref(a), ctypes.byref(b))
        return a.value, b.value

    @property
    def attributed(self):
        """Conversions with at least one eligible touch."""
        return self._summary()[1]

    def credit(self, campaign):
        """SQL credit of a campaign index in ppm (CREDIT_ONE = one SQL)."""
        return _outs(_ares_credit, self._h, i32(campaign, "campaign"))

    def credits(self, n=None):
        """Credits of campaigns 0..n-1 (default: all at run time) as array('q')."""
        if n is None:
            n = self._campaigns
        out = array.array("q", bytes(8 * n))
        arr = _arrays.int64s(out)
        _ares_credits(self._h, n, arr.ptr)
        return out

    def touch(self, index):
        """(ppm, conversion number or None) of touch index."""
        ppm, conv = _outs(_ares_touch, self._h, index, n=2)
        return TouchCredit(ppm, None if conv < 0 else conv)


class Attribution(Handle):
    """Touches, SQL conversions and an attribution model.

    ``Attribution(model=MODEL_W_SHAPED)``, then :meth:`add_touch` /
    :meth:`add_conversion` (or the batch forms) and :meth:`run`.
    """

    _free = _attr_free

    def __init__(self, model=None, half_life=None, lookback=None, weights=None):
        out = P()
        _attr_new(ctypes.byref(out))
        self._adopt(out.value)
        self._lead_cache = {}
        self._campaign_cache = {}
        try:
            if weights is not None:
                self.set_weights(*weights)
            if model is not None:
                self.set_model(model)
            if half_life is not None:
                self.set_half_life(half_life)
            if lookback is not None:
                self.set_lookback(lookback)
        except BaseException:
            self.close()
            raise

    def campaign(self, id):
        """Intern a campaign identifier; its index."""
        return _outs(_attr_campaign, self._h, text(id, "campaign"), ctype=I32)

    def lead(self, id):
        """Intern a lead identifier; its index."""
        return _outs(_attr_lead, self._h, text(id, "lead"), ctype=I32)

    def find_campaign(self, id):
        return _outs(_attr_find_campaign, self._h, text(id, "campaign"), ctype=I32)

    def find_lead(self, id):
        return _outs(_attr_find_lead, self._h, text(id, "lead"), ctype=I32)

    def campaign_id(self, index):
        out = S()
        _attr_campaign_id(self._h, i32(index, "index"), ctypes.byref(out))
        return string(out.value)

    @property
    def sizes(self):
        return Sizes(*_outs(_attr_sizes, self._h, n=4, ctype=ctypes.c_size_t))

    def add_touch(self, lead, campaign, time, flags=0):
        _attr_add_touch(self._h, text(lead, "lead"), text(campaign, "campaign"),
                        i64(seconds(time), "time"), i32(flags, "flags"))
        return self

    def _indices(self, ids, intern, cache, what):
        try:
            memoryview(ids)
            return _arrays.int32s(ids, what)
        except TypeError:
            pass
        ids = ids if isinstance(ids, (list, tuple)) else list(ids)
        # Intern each distinct identifier once, in order of first appearance
        # (the order of the library's indices); integers are indices already.
        for x in dict.fromkeys(ids):
            if x not in cache and (not isinstance(x, int) or isinstance(x, bool)):
                cache[x] = intern(x)
        return _arrays.int32s([x if isinstance(x, int) and not isinstance(x, bool) else cache[x]
                               for x in ids], what)

    def add_touches(self, leads, campaigns, times, flags=None):
        """Add many touches in one library call, all or nothing.

        leads and campaigns: identifiers (interned once each) or index
        buffers; times: int64 seconds; flags: int32 masks or None.
        """
        ld = self._indices(leads, self.lead, self._lead_cache, "leads")
        cp = self._indices(campaigns, self.campaign, self._campaign_cache, "campaigns")
        tm = _arrays.int64s(times, "times")
        fl = None if flags is None else _arrays.int32s(flags, "flags")
        n = ld.n
        for arr, what in ((cp, "campaigns"), (tm, "times"), (fl, "flags")):
            if arr is not None and arr.n != n:
                raise ValueError("%s has %d entries for %d touches" % (what, arr.n, n))
        _attr_add_touches(self._h, n, ld.ptr, cp.ptr, tm.ptr, fl.ptr if fl else None)
        return self

    def add_lead(self, lead, funnel):
        """A lead handle's campaign events as touches and its first SQL entry
        (in funnel) as the conversion."""
        if not isinstance(lead, Lead) or not isinstance(funnel, Funnel):
            raise TypeError("add_lead() needs a Lead and a Funnel")
        _attr_add_lead(self._h, lead._h, funnel._h)
        return self

    def add_conversion(self, lead, time):
        """The lead reached SQL at time."""
        _attr_add_conversion(self._h, text(lead, "lead"), i64(seconds(time), "time"))
        return self

    def add_conversions(self, leads, times):
        ld = self._indices(leads, self.lead, self._lead_cache, "leads")
        tm = _arrays.int64s(times, "times")
        if tm.n != ld.n:
            raise ValueError("times has %d entries for %d conversions" % (tm.n, ld.n))
        _attr_add_conversions(self._h, ld.n, ld.ptr, tm.ptr)
        return self

    def set_model(self, model):
        _attr_set_model(self._h, i32(model, "model"))
        return self

    def set_weights(self, first, lead_creation, opportunity_creation, last, middle):
        """Custom anchor weights (selects MODEL_CUSTOM)."""
        _attr_set_weights(self._h, i64(first, "first"), i64(lead_creation, "lead_creation"),
                          i64(opportunity_creation, "opportunity_creation"), i64(last, "last"),
                          i64(middle, "middle"))
        return self

    def set_half_life(self, seconds_):
        _attr_set_half_life(self._h, i64(seconds_, "half_life"))
        return self

    def set_lookback(self, seconds_):
        _attr_set_lookback(self._h, i64(seconds_, "lookback"))
        return self

    def run(self):
        """Attribute every conversion with the current model."""
        out = P()
        _attr_run(self._h, ctypes.byref(out))
        res = AttributionResult._wrap(out.value)
        res._campaigns = self.sizes.campaigns
        return res

    def cpsql(self, result, campaign, rates=None, rounding=ROUND_HALF_EVEN, min_credit=0):
        """Campaign spend / its SQL credit, as an exact Fraction of minor units.

        min_credit: a floor in ppm under which the CPSQL is undefined
        (UndefinedRatio) instead of absurdly large.
        """
        if not isinstance(result, AttributionResult) or not isinstance(campaign, Campaign):
            raise TypeError("cpsql() needs an AttributionResult and a Campaign")
        return _fraction(_attr_cpsql, self._h, result._h, campaign._h, _rates_ptr(rates),
                         i32(rounding, "rounding"), i64(min_credit, "min_credit"))

    def campaign_counts(self, result, campaign):
        """(distinct leads touched, influenced SQLs) of a campaign index or id."""
        if isinstance(campaign, str):
            campaign = self.find_campaign(campaign)
        return tuple(_outs(_attr_campaign_counts, self._h, result._h,
                           i32(campaign, "campaign"), n=2))


class PortfolioRow(typing.NamedTuple):
    campaign_id: str
    spend: int
    leads: int
    sqls: int
    sql_credit_ppm: int


class PortfolioTotal(typing.NamedTuple):
    spend: int
    leads: int
    sqls: int
    sql_credit_ppm: int


class Portfolio(Handle):
    """Many campaigns reported in one currency: a table and totals."""

    _free = _pf_free

    def __init__(self, currency, campaigns=()):
        out = P()
        _pf_new(ctypes.byref(out), text(currency, "currency"))
        self._adopt(out.value)
        self.currency = currency
        try:
            for c in campaigns:
                self.add(c)
        except BaseException:
            # Like every constructor: a failure frees the handle at once
            # rather than when the exception's traceback lets go of self.
            self.close()
            raise

    def add(self, campaign):
        """Add a copy of a campaign as the next row."""
        if not isinstance(campaign, Campaign):
            raise TypeError("add() needs a Campaign")
        _pf_add(self._h, campaign._h)
        return self

    def __len__(self):
        return _outs(_pf_size, self._h, ctype=ctypes.c_size_t)

    def compute(self, counting=COUNT_DIRECT, attribution=None, result=None, start=0, end=1,
                rates=None, rounding=ROUND_HALF_EVEN):
        """Compute rows and totals; period [start, end) for PERIOD and COHORT."""
        _pf_compute(self._h, attribution._h if attribution is not None else None,
                    result._h if result is not None else None, i32(counting, "counting"),
                    i64(seconds(start), "start"), i64(seconds(end), "end"),
                    _rates_ptr(rates), i32(rounding, "rounding"))
        return self

    @property
    def rows(self):
        out = []
        cid = S()
        vals = [I64() for _ in range(4)]
        for i in range(len(self)):
            _pf_row(self._h, i, ctypes.byref(cid), *[ctypes.byref(v) for v in vals])
            out.append(PortfolioRow(string(cid.value), *[v.value for v in vals]))
        return out

    @property
    def total(self):
        return PortfolioTotal(*_outs(_pf_total, self._h, n=4))

    def cpsql(self, row=None, min_credit=0):
        """CPSQL of a row (None: the total) as an exact Fraction of minor units."""
        i = _SIZE_MAX if row is None else row
        if i != _SIZE_MAX and i < 0:
            raise _errors.NotFound("portfolio row %d does not exist" % i, _errors.ENOTFOUND)
        return _fraction(_pf_cpsql, self._h, i, i64(min_credit, "min_credit"))
