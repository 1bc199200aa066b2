/*
 * keymap.c - insertion-ordered string set with open addressing (FNV-1a,
 * linear probing, table kept at most half full).
 */
#include "keymap.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct cli_keymap {
    char **keys;        /* by index */
    size_t n, cap;
    size_t *slots;      /* index + 1, 0 = empty */
    size_t nslots;      /* power of two */
};

static uint64_t keymap_hash(const char *s)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= UINT64_C(1099511628211);
    }
    return h;
}

cli_keymap *cli_keymap_new(void)
{
    cli_keymap *m = cli_xmalloc(sizeof *m);
    memset(m, 0, sizeof *m);
    m->nslots = 64;
    m->slots = cli_xcalloc(m->nslots, sizeof *m->slots);
    return m;
}

void cli_keymap_free(cli_keymap *m)
{
    size_t i;
    if (!m)
        return;
    for (i = 0; i < m->n; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->slots);
    free(m);
}

static size_t keymap_slot(const cli_keymap *m, const char *key)
{
    size_t mask = m->nslots - 1, i = (size_t)keymap_hash(key) & mask;
    while (m->slots[i] && strcmp(m->keys[m->slots[i] - 1], key) != 0)
        i = (i + 1) & mask;
    return i;
}

size_t cli_keymap_find(const cli_keymap *m, const char *key)
{
    size_t s = keymap_slot(m, key);
    return m->slots[s] ? m->slots[s] - 1 : (size_t)-1;
}

static void keymap_rehash(cli_keymap *m)
{
    size_t i, n = m->nslots * 2;
    size_t *old = m->slots;
    m->slots = cli_xcalloc(n, sizeof *m->slots);
    m->nslots = n;
    for (i = 0; i < m->n; i++)
        m->slots[keymap_slot(m, m->keys[i])] = i + 1;
    free(old);
}

size_t cli_keymap_intern(cli_keymap *m, const char *key, int *added)
{
    size_t s = keymap_slot(m, key);

    if (m->slots[s]) {
        if (added)
            *added = 0;
        return m->slots[s] - 1;
    }
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 32;
        m->keys = cli_xrealloc(m->keys, m->cap * sizeof *m->keys);
    }
    m->keys[m->n] = cli_xstrdup(key);
    m->slots[s] = ++m->n;
    if (2 * m->n > m->nslots)
        keymap_rehash(m);
    if (added)
        *added = 1;
    return m->n - 1;
}

size_t cli_keymap_count(const cli_keymap *m)
{
    return m->n;
}

const char *cli_keymap_key(const cli_keymap *m, size_t index)
{
    return index < m->n ? m->keys[index] : NULL;
}
