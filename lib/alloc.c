/*
 * alloc.c - the allocator hook and the allocation helpers every module uses.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static sqlscore_malloc_fn hook_malloc = malloc;
static sqlscore_realloc_fn hook_realloc = realloc;
static sqlscore_free_fn hook_free = free;

SQLSCORE_API int sqlscore_allocator_set(sqlscore_malloc_fn malloc_fn,
                                        sqlscore_realloc_fn realloc_fn,
                                        sqlscore_free_fn free_fn)
{
    if (malloc_fn == NULL && realloc_fn == NULL && free_fn == NULL) {
        hook_malloc = malloc;
        hook_realloc = realloc;
        hook_free = free;
        return SQLSCORE_OK;
    }
    if (malloc_fn == NULL || realloc_fn == NULL || free_fn == NULL)
        return sqlscore__fail(SQLSCORE_EINVAL,
                              "sqlscore_allocator_set: pass all three functions "
                              "or all three NULL");
    hook_malloc = malloc_fn;
    hook_realloc = realloc_fn;
    hook_free = free_fn;
    return SQLSCORE_OK;
}

static void *oom(size_t size)
{
    sqlscore__fail(SQLSCORE_ENOMEM, "out of memory allocating %zu bytes", size);
    return NULL;
}

void *sqlscore__malloc(size_t size)
{
    void *p;
    if (size == 0)
        size = 1;
    p = hook_malloc(size);
    return p ? p : oom(size);
}

void *sqlscore__calloc(size_t n, size_t size)
{
    void *p;
    if (size != 0 && n > SIZE_MAX / size)
        return oom(SIZE_MAX);
    p = sqlscore__malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *sqlscore__realloc(void *ptr, size_t size)
{
    void *p;
    if (ptr == NULL)
        return sqlscore__malloc(size);
    if (size == 0)
        size = 1;
    p = hook_realloc(ptr, size);
    return p ? p : oom(size);
}

void *sqlscore__reallocarray(void *ptr, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return oom(SIZE_MAX);
    return sqlscore__realloc(ptr, n * size);
}

void sqlscore__free(void *ptr)
{
    if (ptr)
        hook_free(ptr);
}

SQLSCORE_API void sqlscore_buffer_free(void *ptr)
{
    sqlscore__free(ptr);
}

char *sqlscore__strndup(const char *s, size_t n)
{
    char *p = sqlscore__malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *sqlscore__strdup(const char *s)
{
    return sqlscore__strndup(s, strlen(s));
}

int sqlscore__grow(void **items, size_t *cap, size_t need, size_t elem)
{
    size_t ncap;
    void *p;
    if (need <= *cap)
        return SQLSCORE_OK;
    ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return oom(SIZE_MAX), SQLSCORE_ENOMEM;
        ncap *= 2;
    }
    p = sqlscore__reallocarray(*items, ncap, elem);
    if (p == NULL)
        return SQLSCORE_ENOMEM;
    *items = p;
    *cap = ncap;
    return SQLSCORE_OK;
}
