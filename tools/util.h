/*
 * util.h - small helpers shared by the files of the sqlscore program:
 * exit statuses, memory that never returns NULL, UTF-8 checks.
 */
#ifndef SQLSCORE_TOOLS_UTIL_H
#define SQLSCORE_TOOLS_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Exit statuses, part of the program's contract (sqlscore(1)). */
#define CLI_EXIT_OK    0
#define CLI_EXIT_DATA  1
#define CLI_EXIT_USAGE 2

#if defined(__GNUC__)
#  define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#  define CLI_NORETURN __attribute__((noreturn))
#else
#  define CLI_PRINTF(f, a)
#  define CLI_NORETURN
#endif

/* Allocation that cannot fail: on exhaustion the program prints
 * "sqlscore: out of memory" and exits with CLI_EXIT_DATA. */
void *cli_xmalloc(size_t n);
void *cli_xcalloc(size_t n, size_t size);
void *cli_xrealloc(void *p, size_t n);
char *cli_xstrdup(const char *s);

/* Make room for `need` bytes in a growable buffer. */
void cli_reserve(char **buf, size_t *cap, size_t need);

/* 1 if the n bytes at s are valid UTF-8 (no overlong forms, surrogates or
 * code points past U+10FFFF); else 0 and *bad is the offset of the first
 * byte that is not. */
int cli_utf8_valid(const char *s, size_t n, size_t *bad);

/* Number of code points in valid UTF-8 text (display width for aligning a
 * table; wide East Asian characters are counted as one). */
size_t cli_utf8_len(const char *s);

/* Case-insensitive ASCII comparison (header names, option values). */
int cli_strcaseeq(const char *a, const char *b);

#endif
