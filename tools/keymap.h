/*
 * keymap.h - strings to dense indices 0, 1, 2 ... in order of first
 * appearance (campaigns, segments, lead ids), for the sqlscore program.
 */
#ifndef SQLSCORE_TOOLS_KEYMAP_H
#define SQLSCORE_TOOLS_KEYMAP_H

#include <stddef.h>

typedef struct cli_keymap cli_keymap;

cli_keymap *cli_keymap_new(void);
void cli_keymap_free(cli_keymap *m);

/* The index of key, adding it (a copy) as the next index if new;
 * *added tells which (may be NULL). */
size_t cli_keymap_intern(cli_keymap *m, const char *key, int *added);

/* The index of key, or (size_t)-1. */
size_t cli_keymap_find(const cli_keymap *m, const char *key);

size_t cli_keymap_count(const cli_keymap *m);
const char *cli_keymap_key(const cli_keymap *m, size_t index);

#endif
