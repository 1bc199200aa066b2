/*
 * internal.h - helpers shared by the translation units of libsqlscore.
 * Never installed.  Everything declared here is hidden (no SQLSCORE_API) and
 * named sqlscore__*.
 */
#ifndef SQLSCORE_INTERNAL_H
#define SQLSCORE_INTERNAL_H

#include "sqlscore.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Every internal function declared in a lib/ *_internal.h header starts with
 * SQLSCORE__INTERNAL.  It is empty in the normal build (where
 * -fvisibility=hidden keeps these functions out of the shared library) and
 * "static" in the single-file amalgamation, where no global symbol but the
 * documented sqlscore_ functions may exist. */
#ifndef SQLSCORE__INTERNAL
#  define SQLSCORE__INTERNAL
#endif

#if defined(__GNUC__)
#  define SQLSCORE__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define SQLSCORE__PRINTF(f, a)
#endif

/* ---- errors (error.c) ---------------------------------------------------- */

/* Record a failure for this thread and return code, so a failing path reads
 * `return sqlscore__fail(SQLSCORE_EINVAL, "lead: id is NULL");`.  The message
 * is truncated to the thread-local buffer; it never allocates. */
SQLSCORE__INTERNAL int sqlscore__failv(int code, const char *fmt, va_list ap);

/* Defined here, not in error.c, so that every translation unit sees that
 * it returns `code`: static analysers (gcc -fanalyzer, make lint) then know
 * that `return sqlscore__fail(SQLSCORE_EINVAL, ...)` is a failure, instead
 * of following an impossible "failed but returned 0" path into the caller
 * and reporting out-parameters as uninitialized.  (A variadic function is
 * never inlined; each file keeps one small copy.) */
static inline int sqlscore__fail(int code, const char *fmt, ...) SQLSCORE__PRINTF(2, 3);
static inline int sqlscore__fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sqlscore__failv(code, fmt, ap);
    va_end(ap);
    return code;
}

/* Checks for the commonest bad arguments; `what` names the parameter in the
 * detail message ("sqlscore_lead_new: id is NULL"). */
#define SQLSCORE__CHECK_NULL(ptr, fn, what)                                    \
    do {                                                                       \
        if ((ptr) == NULL)                                                     \
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: %s is NULL", (fn),     \
                                  (what));                                     \
    } while (0)

/* ---- memory (alloc.c) ---------------------------------------------------- */

/* All library allocations go through these so the allocator hook sees them.
 * On failure they record SQLSCORE_ENOMEM with a detail message and return
 * NULL; callers just return SQLSCORE_ENOMEM.  Sizes of 0 are rounded up to
 * 1 so the hook never sees 0.  sqlscore__calloc and sqlscore__reallocarray
 * check n * size for overflow. */
SQLSCORE__INTERNAL void *sqlscore__malloc(size_t size);
SQLSCORE__INTERNAL void *sqlscore__calloc(size_t n, size_t size);
SQLSCORE__INTERNAL void *sqlscore__realloc(void *ptr, size_t size);
SQLSCORE__INTERNAL void *sqlscore__reallocarray(void *ptr, size_t n, size_t size);
SQLSCORE__INTERNAL void sqlscore__free(void *ptr);
SQLSCORE__INTERNAL char *sqlscore__strdup(const char *s);
SQLSCORE__INTERNAL char *sqlscore__strndup(const char *s, size_t n);

/* Grow a dynamic array so that it can hold at least `need` elements of
 * `elem` bytes (capacity doubles).  *items and *cap are updated only on
 * success; returns SQLSCORE_OK or SQLSCORE_ENOMEM. */
SQLSCORE__INTERNAL int sqlscore__grow(void **items, size_t *cap, size_t need, size_t elem);

/* ---- UTF-8 (utf8.c) ------------------------------------------------------ */

/* 1 if the n bytes at s are valid UTF-8 (no overlongs, no surrogates, no
 * code points above U+10FFFF), else 0. */
SQLSCORE__INTERNAL int sqlscore__utf8_valid(const char *s, size_t n);

/* Validate a NUL-terminated string argument: NULL or invalid UTF-8 records
 * SQLSCORE_EINVAL naming fn and what. */
SQLSCORE__INTERNAL int sqlscore__check_text(const char *s, const char *fn, const char *what);

/* Decode one code point from s (n bytes available); returns bytes used, or 0
 * at the end / on invalid input. */
SQLSCORE__INTERNAL size_t sqlscore__utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Simple case folding of one code point (ASCII, Latin-1, Latin Extended-A,
 * Greek and Cyrillic basic letters), enough for case-insensitive matching of
 * names, titles and domains. */
SQLSCORE__INTERNAL uint32_t sqlscore__casefold(uint32_t cp);

/* Case-insensitive comparisons of UTF-8 strings (by folded code point).
 * Inputs must be valid UTF-8.  cmp returns <0, 0, >0. */
SQLSCORE__INTERNAL int sqlscore__utf8_casecmp(const char *a, const char *b);
SQLSCORE__INTERNAL int sqlscore__utf8_icontains(const char *hay, const char *needle);
SQLSCORE__INTERNAL int sqlscore__utf8_istarts(const char *s, const char *prefix);
SQLSCORE__INTERNAL int sqlscore__utf8_iends(const char *s, const char *suffix);

/* ---- integers ------------------------------------------------------------ */

/* Checked int64 arithmetic: return 0 and store the result, or 1 on
 * overflow (result untouched). */
static inline int sqlscore__add_i64(int64_t a, int64_t b, int64_t *r)
{
#if defined(__GNUC__) || defined(__clang__)
    int64_t t;
    if (__builtin_add_overflow(a, b, &t))
        return 1;
    *r = t;
    return 0;
#else
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
        return 1;
    *r = a + b;
    return 0;
#endif
}

static inline int sqlscore__mul_i64(int64_t a, int64_t b, int64_t *r)
{
#if defined(__GNUC__) || defined(__clang__)
    int64_t t;
    if (__builtin_mul_overflow(a, b, &t))
        return 1;
    *r = t;
    return 0;
#else
    if (a != 0 && b != 0) {
        if (a == -1 && b == INT64_MIN) return 1;
        if (b == -1 && a == INT64_MIN) return 1;
        if (a > 0 ? (b > 0 ? a > INT64_MAX / b : b < INT64_MIN / a)
                  : (b > 0 ? a < INT64_MIN / b : a < INT64_MAX / b))
            return 1;
    }
    *r = a * b;
    return 0;
#endif
}

#endif /* SQLSCORE_INTERNAL_H */
