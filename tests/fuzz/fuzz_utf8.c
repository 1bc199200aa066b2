/*
 * fuzz_utf8.c - libFuzzer harness for the UTF-8 and case-folding helpers
 * (lib/utf8.c) that every module uses on untrusted names, titles and rules
 * text.
 *
 * Besides "does not crash", it checks properties that must hold for any
 * input, and abort()s (a finding, for libFuzzer and for the replay test)
 * when one fails:
 * - validation, decoding and sqlscore__check_text agree with each other;
 * - a valid string decodes to scalar values that re-encode to the same bytes;
 * - folding is idempotent; comparison is reflexive and antisymmetric;
 *   a string starts with, ends with and contains itself, and contains
 *   whatever it starts with.
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_check.h"

static size_t fuzz_utf8_encode(uint32_t cp, unsigned char *out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decode the whole buffer; 1 when every byte was consumed by valid scalar
 * values that re-encode to the same bytes. */
static int fuzz_utf8_roundtrip(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp = 0xFFFFFFFFu, folded;
        unsigned char enc[4];
        size_t k = sqlscore__utf8_decode(s + i, n - i, &cp);
        if (k == 0)
            return 0;
        FUZZ_CHECK(k <= 4 && k <= n - i);
        FUZZ_CHECK(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
        FUZZ_CHECK(fuzz_utf8_encode(cp, enc) == k);
        FUZZ_CHECK(memcmp(enc, s + i, k) == 0);
        folded = sqlscore__casefold(cp);
        FUZZ_CHECK(sqlscore__casefold(folded) == folded);
        FUZZ_CHECK(folded <= 0x10FFFF && !(folded >= 0xD800 && folded <= 0xDFFF));
        i += k;
    }
    return 1;
}

static void fuzz_utf8_pair(const char *a, const char *b)
{
    int ab = sqlscore__utf8_casecmp(a, b), ba = sqlscore__utf8_casecmp(b, a);

    FUZZ_CHECK(sqlscore__utf8_casecmp(a, a) == 0);
    FUZZ_CHECK((ab < 0 && ba > 0) || (ab > 0 && ba < 0) || (ab == 0 && ba == 0));
    FUZZ_CHECK(sqlscore__utf8_istarts(a, a));
    FUZZ_CHECK(sqlscore__utf8_iends(a, a));
    FUZZ_CHECK(sqlscore__utf8_icontains(a, a));
    FUZZ_CHECK(sqlscore__utf8_icontains(a, ""));
    if (sqlscore__utf8_istarts(a, b) || sqlscore__utf8_iends(a, b))
        FUZZ_CHECK(sqlscore__utf8_icontains(a, b));
    if (ab == 0)
        FUZZ_CHECK(sqlscore__utf8_istarts(a, b) && sqlscore__utf8_iends(b, a));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    int valid = sqlscore__utf8_valid(s, size);
    char *text, *a, *b;
    size_t split, len;

    FUZZ_CHECK(valid == fuzz_utf8_roundtrip(s, size));

    /* As a C string: the bytes up to the first NUL.  An empty input may
     * come as a NULL pointer, which the mem* functions must not see. */
    len = size;
    if (size > 0 && memchr(s, '\0', size) != NULL)
        len = strlen(s);
    text = malloc(len + 1);
    if (text == NULL)
        return 0;
    if (len > 0)
        memcpy(text, s, len);
    text[len] = '\0';
    sqlscore_error_clear();
    if (sqlscore__check_text(text, "fuzz", "text") == SQLSCORE_OK) {
        FUZZ_CHECK(sqlscore__utf8_valid(text, len));
    } else {
        FUZZ_CHECK(!sqlscore__utf8_valid(text, len));
        FUZZ_CHECK(sqlscore_error_code() == SQLSCORE_EINVAL);
        FUZZ_CHECK(strstr(sqlscore_error_message(), "not valid UTF-8") != NULL);
    }

    /* Two strings: the first byte says where to split the rest. */
    if (len >= 1 && sqlscore__utf8_valid(text + 1, len - 1)) {
        split = 1 + ((unsigned char)text[0] % len);
        a = malloc(split);
        b = malloc(len - split + 1);
        if (a != NULL && b != NULL) {
            memcpy(a, text + 1, split - 1);
            a[split - 1] = '\0';
            memcpy(b, text + split, len - split);
            b[len - split] = '\0';
            /* A split inside a sequence leaves invalid halves: those are
             * not allowed into the comparison helpers. */
            if (sqlscore__utf8_valid(a, split - 1) &&
                sqlscore__utf8_valid(b, len - split)) {
                fuzz_utf8_pair(a, b);
                fuzz_utf8_pair(b, a);
            }
        }
        free(a);
        free(b);
    }
    free(text);
    return 0;
}
