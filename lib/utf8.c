/*
 * utf8.c - UTF-8 validation, decoding and case-insensitive matching.
 *
 * Case-insensitive comparison uses simple (one-to-one) case folding over the
 * scripts CRM data mostly holds: ASCII, Latin-1, Latin Extended-A, Greek and
 * Cyrillic.  Characters outside those ranges compare exactly.  Full Unicode
 * folding (ß -> ss and the like) is out of scope and documented as such.
 */
#include "internal.h"

#include <string.h>

size_t sqlscore__utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    uint32_t c;
    size_t len, i;

    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    } else if ((s[0] & 0xE0) == 0xC0) {
        len = 2;
        c = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3;
        c = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4;
        c = s[0] & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    /* Reject overlong forms, surrogates and values past U+10FFFF. */
    if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
        (len == 4 && c < 0x10000) || c > 0x10FFFF ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

int sqlscore__utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k;
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        k = sqlscore__utf8_decode(s + i, n - i, &cp);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

int sqlscore__check_text(const char *s, const char *fn, const char *what)
{
    size_t n;
    if (s == NULL)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: %s is NULL", fn, what);
    n = strlen(s);
    if (!sqlscore__utf8_valid(s, n))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: %s is not valid UTF-8", fn,
                              what);
    return SQLSCORE_OK;
}

int sqlscore__check_name(const char *s, const char *fn, const char *what)
{
    int rc = sqlscore__check_text(s, fn, what);
    if (rc != SQLSCORE_OK)
        return rc;
    if (*s == '\0')
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: %s is empty", fn, what);
    return SQLSCORE_OK;
}

int sqlscore__check_item_list(const char *framework, const char *const *items, size_t count,
                              const char *fn)
{
    size_t i, j;
    int rc;
    if (items == NULL)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: items is NULL", fn);
    if (count == 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: framework '%s' has no items", fn, framework);
    for (i = 0; i < count; i++) {
        if ((rc = sqlscore__check_name(items[i], fn, "item name")) != SQLSCORE_OK)
            return rc;
        for (j = 0; j < i; j++)
            if (strcmp(items[i], items[j]) == 0)
                return sqlscore__fail(SQLSCORE_EEXIST, "%s: framework '%s' lists item '%s' twice",
                                      fn, framework, items[i]);
    }
    return SQLSCORE_OK;
}

uint32_t sqlscore__casefold(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x130)               /* capital I with dot above */
            return 'i';
        if (c == 0x178)               /* capital Y with diaeresis */
            return 0xFF;
        if (c <= 0x12F || (c >= 0x132 && c <= 0x137) ||
            (c >= 0x14A && c <= 0x177))
            return (c & 1) ? c : c + 1;
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
            return (c & 1) ? c + 1 : c;
        return c;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
        return c + 32;
    if (c == 0x3C2)                   /* final sigma folds to sigma */
        return 0x3C3;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    return c;
}

/* Next folded code point of a valid UTF-8 string; 0 at the end. */
static uint32_t next_folded(const char **p)
{
    uint32_t cp;
    size_t k;
    if (**p == '\0')
        return 0;
    k = sqlscore__utf8_decode(*p, 4, &cp);
    if (k == 0) {               /* cannot happen on validated input */
        cp = (unsigned char)**p;
        k = 1;
    }
    *p += k;
    return sqlscore__casefold(cp);
}

int sqlscore__utf8_casecmp(const char *a, const char *b)
{
    for (;;) {
        uint32_t x = next_folded(&a), y = next_folded(&b);
        if (x != y)
            return x < y ? -1 : 1;
        if (x == 0)
            return 0;
    }
}

int sqlscore__utf8_istarts(const char *s, const char *prefix)
{
    for (;;) {
        uint32_t y = next_folded(&prefix);
        if (y == 0)
            return 1;
        if (next_folded(&s) != y)
            return 0;
    }
}

static size_t count_cps(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

int sqlscore__utf8_iends(const char *s, const char *suffix)
{
    size_t ns = count_cps(s), nx = count_cps(suffix);
    if (nx > ns)
        return 0;
    for (ns -= nx; ns > 0; ns--)
        next_folded(&s);
    return sqlscore__utf8_casecmp(s, suffix) == 0;
}

int sqlscore__utf8_icontains(const char *hay, const char *needle)
{
    if (*needle == '\0')
        return 1;
    for (; *hay; ) {
        if (sqlscore__utf8_istarts(hay, needle))
            return 1;
        next_folded(&hay);
    }
    return 0;
}
