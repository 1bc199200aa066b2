/*
 * pulse.c - pulse surveys: up to ten eNPS or Likert questions asked on a
 * cadence, with invitations per segment and period (response rates), per
 * question n / mean / favorable share, and eNPS results for eNPS questions.
 * Every figure obeys the anonymity threshold with complementary
 * suppression across the segments of its period.
 *
 * Pulse data is small (a few segments x a few dozen periods), so cells are
 * kept in a plain array searched linearly.
 */
#include "survey_internal.h"

#include <string.h>

/* Histogram slots per question: answers 0..10 (Likert uses 1..5), then skips. */
#define PULSE_SLOTS 12
#define PULSE_SKIP_SLOT 11

struct pulse_question {
    char *id;
    char *text;
    int32_t type;
};

struct pulse_cell {
    uint32_t seg;
    int64_t period;
    int64_t invited;
    uint64_t responses;
    uint64_t hist[SQLSCORE_PULSE_MAX_QUESTIONS][PULSE_SLOTS];
};

struct sqlscore_pulse {
    int32_t cadence;
    int32_t threshold;
    int started;
    struct pulse_question q[SQLSCORE_PULSE_MAX_QUESTIONS];
    size_t nq;
    char **segs;
    size_t nseg, segcap;
    struct pulse_cell *cells;
    size_t ncell, cellcap;
};

static int32_t pulse_kind(int32_t cadence)
{
    switch (cadence) {
    case SQLSCORE_PULSE_WEEKLY:
        return SQLSCORE_PERIOD_ISO_WEEK;
    case SQLSCORE_PULSE_BIWEEKLY:
        return SQLSCORE__PERIOD_BIWEEK;
    case SQLSCORE_PULSE_MONTHLY:
        return SQLSCORE_PERIOD_MONTH;
    default:
        return SQLSCORE_PERIOD_QUARTER;
    }
}

SQLSCORE_API int sqlscore_pulse_new(sqlscore_pulse **out, int32_t cadence)
{
    sqlscore_pulse *p;
    SQLSCORE__CHECK_NULL(out, "sqlscore_pulse_new", "out");
    if (cadence < SQLSCORE_PULSE_WEEKLY || cadence > SQLSCORE_PULSE_QUARTERLY)
        return sqlscore__fail(SQLSCORE_EINVAL, "sqlscore_pulse_new: unknown cadence %d", (int)cadence);
    p = sqlscore__calloc(1, sizeof *p);
    if (p == NULL)
        return SQLSCORE_ENOMEM;
    p->cadence = cadence;
    p->threshold = 5;
    *out = p;
    return SQLSCORE_OK;
}

SQLSCORE_API void sqlscore_pulse_free(sqlscore_pulse *p)
{
    size_t i;
    if (p == NULL)
        return;
    for (i = 0; i < p->nq; i++) {
        sqlscore__free(p->q[i].id);
        sqlscore__free(p->q[i].text);
    }
    for (i = 0; i < p->nseg; i++)
        sqlscore__free(p->segs[i]);
    sqlscore__free(p->segs);
    sqlscore__free(p->cells);
    sqlscore__free(p);
}

SQLSCORE_API int sqlscore_pulse_set_threshold(sqlscore_pulse *p, int32_t threshold)
{
    SQLSCORE__CHECK_NULL(p, "sqlscore_pulse_set_threshold", "pulse");
    if (p->started)
        return sqlscore__fail(SQLSCORE_ESTATE, "sqlscore_pulse_set_threshold: responses were already added");
    if (threshold < 3)
        return sqlscore__fail(SQLSCORE_ERANGE, "sqlscore_pulse_set_threshold: threshold %d is below 3",
                              (int)threshold);
    p->threshold = threshold;
    return SQLSCORE_OK;
}

static int pulse_find_question(const sqlscore_pulse *p, const char *id)
{
    size_t i;
    for (i = 0; i < p->nq; i++)
        if (strcmp(p->q[i].id, id) == 0)
            return (int)i;
    return -1;
}

SQLSCORE_API int sqlscore_pulse_add_question(sqlscore_pulse *p, const char *id, const char *text,
                                             int32_t type)
{
    static const char fn[] = "sqlscore_pulse_add_question";
    char *idc, *textc;
    int rc;
    SQLSCORE__CHECK_NULL(p, fn, "pulse");
    /* Both must be non-empty UTF-8, as the header documents. */
    if ((rc = sqlscore__check_name(id, fn, "id")) != 0 || (rc = sqlscore__check_name(text, fn, "text")) != 0)
        return rc;
    if (type != SQLSCORE_PULSE_QUESTION_ENPS && type != SQLSCORE_PULSE_QUESTION_LIKERT)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown question type %d", fn, (int)type);
    if (p->started)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: responses were already added", fn);
    if (p->nq >= SQLSCORE_PULSE_MAX_QUESTIONS)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: a pulse survey has at most %d questions", fn,
                              SQLSCORE_PULSE_MAX_QUESTIONS);
    if (pulse_find_question(p, id) >= 0)
        return sqlscore__fail(SQLSCORE_EEXIST, "%s: a question '%s' exists already", fn, id);
    idc = sqlscore__strdup(id);
    textc = sqlscore__strdup(text);
    if (idc == NULL || textc == NULL) {
        sqlscore__free(idc);
        sqlscore__free(textc);
        return SQLSCORE_ENOMEM;
    }
    p->q[p->nq].id = idc;
    p->q[p->nq].text = textc;
    p->q[p->nq].type = type;
    p->nq++;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_pulse_question_count(const sqlscore_pulse *p, size_t *count)
{
    SQLSCORE__CHECK_NULL(p, "sqlscore_pulse_question_count", "pulse");
    SQLSCORE__CHECK_NULL(count, "sqlscore_pulse_question_count", "count");
    *count = p->nq;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_pulse_question_at(const sqlscore_pulse *p, size_t index, const char **id,
                                            const char **text, int32_t *type)
{
    SQLSCORE__CHECK_NULL(p, "sqlscore_pulse_question_at", "pulse");
    if (index >= p->nq)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "sqlscore_pulse_question_at: index %zu of %zu", index,
                              p->nq);
    if (id)
        *id = p->q[index].id;
    if (text)
        *text = p->q[index].text;
    if (type)
        *type = p->q[index].type;
    return SQLSCORE_OK;
}

static int pulse_find_seg(const sqlscore_pulse *p, const char *name)
{
    size_t i;
    for (i = 0; i < p->nseg; i++)
        if (strcmp(p->segs[i], name) == 0)
            return (int)i;
    return -1;
}

static struct pulse_cell *pulse_find_cell(const sqlscore_pulse *p, uint32_t seg, int64_t period)
{
    size_t i;
    for (i = 0; i < p->ncell; i++)
        if (p->cells[i].seg == seg && p->cells[i].period == period)
            return &p->cells[i];
    return NULL;
}

/* Find or create the cell of (segment name, period); nothing changes on
 * failure. */
static int pulse_cell(sqlscore_pulse *p, const char *segment, int64_t period, struct pulse_cell **out)
{
    int seg = pulse_find_seg(p, segment);
    char *copy = NULL;
    struct pulse_cell *c;
    if (seg >= 0 && (c = pulse_find_cell(p, (uint32_t)seg, period)) != NULL) {
        *out = c;
        return SQLSCORE_OK;
    }
    if (seg < 0) {
        if (p->nseg >= INT32_MAX)
            return sqlscore__fail(SQLSCORE_ERANGE, "pulse: too many segments");
        if ((copy = sqlscore__strdup(segment)) == NULL ||
            sqlscore__grow((void **)&p->segs, &p->segcap, p->nseg + 1, sizeof *p->segs)) {
            sqlscore__free(copy);
            return SQLSCORE_ENOMEM;
        }
    }
    if (sqlscore__grow((void **)&p->cells, &p->cellcap, p->ncell + 1, sizeof *p->cells)) {
        sqlscore__free(copy);
        return SQLSCORE_ENOMEM;
    }
    if (seg < 0) {
        seg = (int)p->nseg;
        p->segs[p->nseg++] = copy;
    }
    c = &p->cells[p->ncell++];
    memset(c, 0, sizeof *c);
    c->seg = (uint32_t)seg;
    c->period = period;
    *out = c;
    return SQLSCORE_OK;
}

static int pulse_period(const sqlscore_pulse *p, int64_t time, const char *fn, int64_t *start)
{
    int64_t end;
    return sqlscore__period_bounds(pulse_kind(p->cadence), 0, time, fn, start, &end);
}

SQLSCORE_API int sqlscore_pulse_set_invited(sqlscore_pulse *p, const char *segment, int64_t time,
                                            int64_t invited)
{
    static const char fn[] = "sqlscore_pulse_set_invited";
    struct pulse_cell *c;
    int64_t period;
    int rc;
    SQLSCORE__CHECK_NULL(p, fn, "pulse");
    if (segment && (rc = sqlscore__check_text(segment, fn, "segment")) != 0)
        return rc;
    if (invited < 0)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: invited count %lld is negative", fn, (long long)invited);
    if ((rc = pulse_period(p, time, fn, &period)) != 0 ||
        (rc = pulse_cell(p, segment ? segment : "", period, &c)) != 0)
        return rc;
    c->invited = invited;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_pulse_add_response(sqlscore_pulse *p, const char *segment, int64_t time,
                                             const int32_t *answers, size_t count)
{
    static const char fn[] = "sqlscore_pulse_add_response";
    struct pulse_cell *c;
    int64_t period;
    size_t i;
    int rc;
    SQLSCORE__CHECK_NULL(p, fn, "pulse");
    SQLSCORE__CHECK_NULL(answers, fn, "answers");
    if (segment && (rc = sqlscore__check_text(segment, fn, "segment")) != 0)
        return rc;
    if (p->nq == 0)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: the survey has no questions", fn);
    if (count != p->nq)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: %zu answers for %zu questions", fn, count, p->nq);
    for (i = 0; i < count; i++) {
        int32_t a = answers[i];
        int32_t lo = p->q[i].type == SQLSCORE_PULSE_QUESTION_ENPS ? 0 : 1;
        int32_t hi = p->q[i].type == SQLSCORE_PULSE_QUESTION_ENPS ? 10 : 5;
        if (a != SQLSCORE_PULSE_SKIPPED && (a < lo || a > hi))
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: answer %d to question '%s' is outside %d..%d", fn,
                                  (int)a, p->q[i].id, (int)lo, (int)hi);
    }
    if ((rc = pulse_period(p, time, fn, &period)) != 0 ||
        (rc = pulse_cell(p, segment ? segment : "", period, &c)) != 0)
        return rc;
    for (i = 0; i < count; i++)
        c->hist[i][answers[i] == SQLSCORE_PULSE_SKIPPED ? PULSE_SKIP_SLOT : (size_t)answers[i]]++;
    c->responses++;
    p->started = 1;
    return SQLSCORE_OK;
}

/* ---- results ---------------------------------------------------------------- */

/* What a figure measures in a cell: responses (q < 0) or answers to q. */
static uint64_t pulse_n(const struct pulse_cell *c, int q)
{
    uint64_t n = 0;
    size_t v;
    if (q < 0)
        return c->responses;
    for (v = 0; v < PULSE_SKIP_SLOT; v++)
        n += c->hist[q][v];
    return n;
}

/* Resolve the query, then decide suppression over the segments of the
 * period for the figure's n.  *seg = nseg for the total.  Sets *hidden. */
static int pulse_query(const sqlscore_pulse *p, const char *segment, int64_t time, int q,
                       const char *fn, uint32_t *seg, int64_t *period, int *hidden)
{
    uint64_t *n = NULL, total = 0;
    unsigned char *h = NULL;
    size_t i;
    int rc;
    if (segment == NULL) {
        *seg = (uint32_t)p->nseg;
    } else {
        int k;
        if ((rc = sqlscore__check_text(segment, fn, "segment")) != 0)
            return rc;
        if ((k = pulse_find_seg(p, segment)) < 0)
            return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: no segment named '%s'", fn, segment);
        *seg = (uint32_t)k;
    }
    if ((rc = pulse_period(p, time, fn, period)) != 0)
        return rc;
    n = sqlscore__calloc(p->nseg ? p->nseg : 1, sizeof *n);
    h = sqlscore__calloc(p->nseg ? p->nseg : 1, 1);
    if (n == NULL || h == NULL) {
        sqlscore__free(n);
        sqlscore__free(h);
        return SQLSCORE_ENOMEM;
    }
    for (i = 0; i < p->ncell; i++)
        if (p->cells[i].period == *period) {
            n[p->cells[i].seg] = pulse_n(&p->cells[i], q);
            total += n[p->cells[i].seg];
        }
    sqlscore__suppress(n, p->nseg, (uint64_t)p->threshold, total >= (uint64_t)p->threshold, h);
    *hidden = *seg == p->nseg ? (total > 0 && total < (uint64_t)p->threshold) : h[*seg];
    sqlscore__free(n);
    sqlscore__free(h);
    return SQLSCORE_OK;
}

/* Sum the cells of the query (one segment or all) in the period. */
static void pulse_sum(const sqlscore_pulse *p, uint32_t seg, int64_t period, struct pulse_cell *sum)
{
    size_t i, q, v;
    memset(sum, 0, sizeof *sum);
    for (i = 0; i < p->ncell; i++) {
        const struct pulse_cell *c = &p->cells[i];
        if (c->period != period || (seg != p->nseg && c->seg != seg))
            continue;
        sum->invited += c->invited;
        sum->responses += c->responses;
        for (q = 0; q < p->nq; q++)
            for (v = 0; v < PULSE_SLOTS; v++)
                sum->hist[q][v] += c->hist[q][v];
    }
}

SQLSCORE_API int sqlscore_pulse_response_rate(const sqlscore_pulse *p, const char *segment,
                                              int64_t time, int64_t *responses, int64_t *invited,
                                              double *rate)
{
    static const char fn[] = "sqlscore_pulse_response_rate";
    struct pulse_cell sum = { 0 };   /* pulse_sum fills it; gcc 12 -fanalyzer cannot see that */
    uint32_t seg;
    int64_t period;
    int hidden, rc;
    SQLSCORE__CHECK_NULL(p, fn, "pulse");
    if ((rc = pulse_query(p, segment, time, -1, fn, &seg, &period, &hidden)) != 0)
        return rc;
    pulse_sum(p, seg, period, &sum);
    if (sum.invited == 0)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: nobody was recorded as invited", fn);
    if (hidden)
        return sqlscore__fail(SQLSCORE_ESUPPRESSED, "%s: %llu responses are under the anonymity threshold %d",
                              fn, (unsigned long long)sum.responses, (int)p->threshold);
    if (responses)
        *responses = (int64_t)sum.responses;
    if (invited)
        *invited = sum.invited;
    if (rate)
        *rate = (double)sum.responses / (double)sum.invited;
    return SQLSCORE_OK;
}

static int pulse_question_query(const sqlscore_pulse *p, const char *question_id, const char *segment,
                                int64_t time, const char *fn, int *q, struct pulse_cell *sum,
                                int *hidden)
{
    uint32_t seg;
    int64_t period;
    int rc;
    memset(sum, 0, sizeof *sum);
    *hidden = 1;
    *q = 0;
    SQLSCORE__CHECK_NULL(p, fn, "pulse");
    if ((rc = sqlscore__check_text(question_id, fn, "question_id")) != 0)
        return rc;
    if ((*q = pulse_find_question(p, question_id)) < 0)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: no question '%s'", fn, question_id);
    if ((rc = pulse_query(p, segment, time, *q, fn, &seg, &period, hidden)) != 0)
        return rc;
    pulse_sum(p, seg, period, sum);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_pulse_question(const sqlscore_pulse *p, const char *question_id,
                                         const char *segment, int64_t time, int64_t *n, double *mean,
                                         double *favorable)
{
    static const char fn[] = "sqlscore_pulse_question";
    struct pulse_cell sum = { 0 };   /* pulse_sum fills it; gcc 12 -fanalyzer cannot see that */
    uint64_t cnt = 0, total = 0, fav = 0;
    size_t v;
    int q, hidden, rc;
    if ((rc = pulse_question_query(p, question_id, segment, time, fn, &q, &sum, &hidden)) != 0)
        return rc;
    for (v = 0; v < PULSE_SKIP_SLOT; v++) {
        cnt += sum.hist[q][v];
        total += v * sum.hist[q][v];
        if (v >= (p->q[q].type == SQLSCORE_PULSE_QUESTION_ENPS ? 9u : 4u))
            fav += sum.hist[q][v];
    }
    if (cnt == 0)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: no answers to '%s'", fn, question_id);
    if (hidden)
        return sqlscore__fail(SQLSCORE_ESUPPRESSED, "%s: %llu answers are under the anonymity threshold %d",
                              fn, (unsigned long long)cnt, (int)p->threshold);
    if (n)
        *n = (int64_t)cnt;
    if (mean)
        *mean = (double)total / (double)cnt;
    if (favorable)
        *favorable = 100.0 * (double)fav / (double)cnt;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_pulse_enps(const sqlscore_pulse *p, const char *question_id,
                                     const char *segment, int64_t time, sqlscore_enps_result **out)
{
    static const char fn[] = "sqlscore_pulse_enps";
    struct pulse_cell sum = { 0 };   /* pulse_sum fills it; gcc 12 -fanalyzer cannot see that */
    uint64_t d = 0, ps = 0, pr = 0;
    size_t v;
    int q, hidden, rc;
    SQLSCORE__CHECK_NULL(out, fn, "out");
    if ((rc = pulse_question_query(p, question_id, segment, time, fn, &q, &sum, &hidden)) != 0)
        return rc;
    if (p->q[q].type != SQLSCORE_PULSE_QUESTION_ENPS)
        return sqlscore__fail(SQLSCORE_ETYPE, "%s: '%s' is a Likert question", fn, question_id);
    for (v = 0; v <= 10; v++) {
        if (v <= 6)
            d += sum.hist[q][v];
        else if (v <= 8)
            ps += sum.hist[q][v];
        else
            pr += sum.hist[q][v];
    }
    return sqlscore__enps_result_make(out, d, ps, pr, sum.hist[q][PULSE_SKIP_SLOT], hidden, 0.95,
                                      SQLSCORE_ROUND_HALF_EVEN);
}
