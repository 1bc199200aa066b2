/*
 * timeparse.c - ISO 8601 and Unix-seconds times for the sqlscore program.
 *
 * The day count uses the proleptic Gregorian calendar in 400-year eras of
 * 146097 days, so every date maps to a day number with integer arithmetic
 * only; timegm() and mktime() are avoided because they consult the time
 * zone database and the TZ variable.
 */
#include "timeparse.h"

#include <stdio.h>
#include <string.h>

int64_t cli_days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    /* Count years from March so the leap day is the last day of a year. */
    if (m <= 2)
        y -= 1;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;                                   /* 0..399 */
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  /* 0..365 */
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            /* 0..146096 */
    return era * 146097 + doe - 719468;                     /* 719468: 0000-03-01 to 1970-01-01 */
}

void cli_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int tp_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int tp_mdays(int64_t y, int m)
{
    static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && tp_leap(y) ? 29 : n[m - 1];
}

/* Read exactly n digits. */
static int tp_digits(const char **p, int n, int *out)
{
    int v = 0, i;
    for (i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

static int tp_all_digits(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

static int tp_unix(const char *s, int64_t *out, const char **why)
{
    const char *p = s;
    int neg = 0;
    int64_t v = 0;
    int frac = 0;

    if (*p == '-') {
        neg = 1;
        p++;
    }
    if (*p < '0' || *p > '9') {
        *why = "not a time (expected an ISO 8601 date or timestamp, or Unix seconds)";
        return -1;
    }
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (INT64_MAX - 9) / 10) {
            *why = "Unix seconds out of range";
            return -1;
        }
        v = v * 10 + (*p - '0');
    }
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9') {
            *why = "not a time (expected an ISO 8601 date or timestamp, or Unix seconds)";
            return -1;
        }
        for (; *p >= '0' && *p <= '9'; p++)
            if (*p != '0')
                frac = 1;
    }
    if (*p) {
        *why = "not a time (expected an ISO 8601 date or timestamp, or Unix seconds)";
        return -1;
    }
    *out = neg ? -v - frac : v;
    return 0;
}

int cli_time_parse(const char *s, int64_t *out, const char **why)
{
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, se = 0, basic;
    int64_t t, zone = 0;
    size_t len = strlen(s);

    /* Four digits and a dash, or eight digits (then nothing, T or space),
     * start a calendar date; anything else numeric is Unix seconds. */
    basic = len >= 8 && tp_all_digits(s, 8) && (s[8] == '\0' || s[8] == 'T' || s[8] == ' ');
    if (!(len >= 5 && tp_all_digits(s, 4) && s[4] == '-') && !basic)
        return tp_unix(s, out, why);

    *why = "not an ISO 8601 date (expected YYYY-MM-DD)";
    if (tp_digits(&p, 4, &y) != 0)
        return -1;
    if (!basic && *p++ != '-')
        return -1;
    if (tp_digits(&p, 2, &mo) != 0)
        return -1;
    if (!basic && *p++ != '-')
        return -1;
    if (tp_digits(&p, 2, &d) != 0)
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > tp_mdays(y, mo)) {
        *why = "no such date";
        return -1;
    }
    if (*p == 'T' || *p == 't' || (*p == ' ' && p[1] >= '0' && p[1] <= '9')) {
        p++;
        *why = "not an ISO 8601 time (expected HH:MM or HH:MM:SS)";
        if (tp_digits(&p, 2, &h) != 0)
            return -1;
        if (*p == ':')
            p++;
        else if (!basic)
            return -1;
        if (tp_digits(&p, 2, &mi) != 0)
            return -1;
        if (*p == ':' || (basic && *p >= '0' && *p <= '9')) {
            if (*p == ':')
                p++;
            if (tp_digits(&p, 2, &se) != 0)
                return -1;
            if (*p == '.' || *p == ',') {
                p++;
                if (*p < '0' || *p > '9')
                    return -1;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
        /* 24:00:00 is the end of the day in ISO 8601; a leap second 60 is
         * folded into the next second as Unix time does. */
        if (h > 24 || mi > 59 || se > 60 || (h == 24 && (mi || se))) {
            *why = "time of day out of range";
            return -1;
        }
        if (*p == ' ')
            p++;
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p == '-' ? -1 : 1, zh, zm = 0;
            p++;
            *why = "not a time zone (expected Z, +HH:MM, +HHMM or +HH)";
            if (tp_digits(&p, 2, &zh) != 0)
                return -1;
            if (*p == ':')
                p++;
            if (*p && tp_digits(&p, 2, &zm) != 0)
                return -1;
            if (zh > 23 || zm > 59) {
                *why = "time zone offset out of range";
                return -1;
            }
            zone = sign * (zh * 3600 + zm * 60);
        }
    }
    if (*p) {
        *why = "unexpected text after the date or time";
        return -1;
    }
    t = cli_days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 + mi * 60 + se;
    *out = t - zone;
    return 0;
}

void cli_time_format(int64_t t, char *buf, unsigned size)
{
    int64_t days = t / 86400, y, sec = t % 86400;
    int m, d;

    if (sec < 0) {
        sec += 86400;
        days -= 1;
    }
    cli_civil_from_days(days, &y, &m, &d);
    snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
             (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
}
