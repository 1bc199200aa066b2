/*
 * timeparse.h - times in CSV cells and on the command line, for the
 * sqlscore program.  Civil-date arithmetic of its own: the result never
 * depends on the TZ environment variable or the C library's time zone data.
 */
#ifndef SQLSCORE_TOOLS_TIMEPARSE_H
#define SQLSCORE_TOOLS_TIMEPARSE_H

#include <stdint.h>

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d (negative
 * before 1970).  m is 1..12, d is 1..31; no validation. */
int64_t cli_days_from_civil(int64_t y, int m, int d);

/* The inverse: the civil date of a day number. */
void cli_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* Parse a time into Unix seconds.  Accepted:
 *   - ISO 8601 dates: 2026-03-01, and the basic form 20260301;
 *   - ISO 8601 timestamps: 2026-03-01T09:30, 2026-03-01T09:30:15,
 *     with a space instead of T, optional fraction of a second (dropped),
 *     optional zone Z, +02:00, +0200 or +02; no zone means UTC;
 *   - Unix seconds: an optional minus sign and digits (not exactly eight
 *     digits, which read as a basic date), with an optional fraction
 *     (dropped, rounding toward minus infinity).
 * Returns 0 and writes *out, or -1 with a short reason in *why (a static
 * string). */
int cli_time_parse(const char *s, int64_t *out, const char **why);

/* Format Unix seconds as 2026-03-01T09:30:15Z (buf at least 32 bytes). */
void cli_time_format(int64_t t, char *buf, unsigned size);

#endif
