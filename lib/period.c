/*
 * period.c - UTC calendar arithmetic for survey periods (ISO weeks, months,
 * quarters, fixed day windows), on plain integers: no libc time functions,
 * so results do not depend on the time zone, the C library or time_t's width.
 */
#include "survey_internal.h"

#define PERIOD_DAY 86400

/* Floor division for a negative numerator (C rounds toward zero). */
static int64_t period_floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b) != 0 && ((a < 0) != (b < 0)))
        q--;
    return q;
}

/* Count days in 400-year eras (146097 days each) starting on March 1, so
 * the leap day is the last day of an era-year and month lengths follow the
 * fixed 153-day pattern of March..July / August..December. */
int64_t sqlscore__days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = period_floordiv(y, 400);
    yoe = y - era * 400;                                   /* 0..399 */
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* 0..146096 */
    return era * 146097 + doe - 719468; /* 719468 days from 0000-03-01 to 1970-01-01 */
}

void sqlscore__civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = period_floordiv(z, 146097);
    int64_t doe = z - era * 146097;                                      /* 0..146096 */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* 0..365 */
    int64_t mp = (5 * doy + 2) / 153;                                    /* 0..11, March = 0 */
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (mm <= 2);
    *m = mm;
    *d = dd;
}


int sqlscore__period_bounds(int32_t kind, int32_t days, int64_t t, const char *fn,
                            int64_t *start, int64_t *end)
{
    int64_t day = period_floordiv(t, PERIOD_DAY);
    int64_t s, e, y, ss, ee;
    int m, d;

    switch (kind) {
    case SQLSCORE_PERIOD_ISO_WEEK:
        /* 1970-01-01 was a Thursday; (day + 3) mod 7 is 0 on Mondays. */
        s = day - (day + 3 - period_floordiv(day + 3, 7) * 7);
        e = s + 7;
        break;
    case SQLSCORE__PERIOD_BIWEEK:
        /* Fortnights starting Monday 1969-12-29 (day -3). */
        s = period_floordiv(day + 3, 14) * 14 - 3;
        e = s + 14;
        break;
    case SQLSCORE_PERIOD_MONTH:
    case SQLSCORE_PERIOD_QUARTER:
        sqlscore__civil_from_days(day, &y, &m, &d);
        if (kind == SQLSCORE_PERIOD_QUARTER)
            m = ((m - 1) / 3) * 3 + 1;
        s = sqlscore__days_from_civil(y, m, 1);
        m += kind == SQLSCORE_PERIOD_QUARTER ? 3 : 1;
        if (m > 12) {
            m -= 12;
            y++;
        }
        e = sqlscore__days_from_civil(y, m, 1);
        break;
    case SQLSCORE_PERIOD_DAYS:
        s = period_floordiv(day, days) * days;
        e = s + days;
        break;
    default:
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: no periods configured", fn);
    }
    if (sqlscore__mul_i64(s, PERIOD_DAY, &ss) || sqlscore__mul_i64(e, PERIOD_DAY, &ee))
        return sqlscore__fail(SQLSCORE_ERANGE,
                              "%s: time %lld: its period lies outside the int64 range", fn,
                              (long long)t);
    *start = ss;
    *end = ee;
    return SQLSCORE_OK;
}
