/*
 * replay.c - runs a libFuzzer harness without libFuzzer (and without clang):
 * every file of its seed corpus, or of the files and directories named on
 * the command line, is passed once to LLVMFuzzerTestOneInput().  make check
 * runs one replay program per harness, so every input that ever crashed a
 * harness (and was added to its corpus) stays a regression test, under the
 * sanitizers or valgrind when the build uses them.
 *
 * Output is TAP, one line per input.  A harness that crashes takes the
 * program down, which the TAP driver reports as an error.
 *
 * Built with -DSQLSCORE_FUZZ_CORPUS='"name"': with no arguments it replays
 * $top_srcdir/tests/fuzz/corpus/name (top_srcdir from the environment, as
 * make check sets it, else ".").
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct replay_list {
    char **paths;
    size_t n, cap;
};

static void replay_die(const char *what, const char *path)
{
    printf("Bail out! %s %s: %s\n", what, path, strerror(errno));
    exit(EXIT_FAILURE);
}

static void replay_add(struct replay_list *l, const char *path)
{
    char *copy;
    if (l->n == l->cap) {
        size_t ncap = l->cap ? 2 * l->cap : 64;
        char **p = realloc(l->paths, ncap * sizeof *p);
        if (p == NULL)
            replay_die("out of memory listing", path);
        l->paths = p;
        l->cap = ncap;
    }
    copy = malloc(strlen(path) + 1);
    if (copy == NULL)
        replay_die("out of memory listing", path);
    strcpy(copy, path);
    l->paths[l->n++] = copy;
}

static int replay_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file is one input; a directory contributes its regular files (not
 * recursively, as libFuzzer reads a corpus directory). */
static void replay_collect(struct replay_list *l, const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;

    if (stat(path, &st) != 0)
        replay_die("cannot stat", path);
    if (!S_ISDIR(st.st_mode)) {
        replay_add(l, path);
        return;
    }
    d = opendir(path);
    if (d == NULL)
        replay_die("cannot open directory", path);
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        char *full;
        if (e->d_name[0] == '.')
            continue;
        full = malloc(len);
        if (full == NULL)
            replay_die("out of memory listing", path);
        snprintf(full, len, "%s/%s", path, e->d_name);
        if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
            replay_add(l, full);
        free(full);
    }
    closedir(d);
}

/* The input gets a buffer of exactly its size, so that a harness reading
 * one byte too far is caught by AddressSanitizer or valgrind. */
static void replay_one(const char *path, size_t num)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t size = 0, cap = 0;
    int c;

    if (f == NULL)
        replay_die("cannot open", path);
    while ((c = getc(f)) != EOF) {
        if (size == cap) {
            size_t ncap = cap ? 2 * cap : 4096;
            uint8_t *p = realloc(buf, ncap);
            if (p == NULL)
                replay_die("out of memory reading", path);
            buf = p;
            cap = ncap;
        }
        buf[size++] = (uint8_t)c;
    }
    if (ferror(f))
        replay_die("cannot read", path);
    fclose(f);
    if (size == 0) {
        /* libFuzzer passes a valid pointer even for an empty input. */
        free(buf);
        buf = malloc(1);
        if (buf == NULL)
            replay_die("out of memory reading", path);
    } else {
        uint8_t *exact = malloc(size);
        if (exact == NULL)
            replay_die("out of memory reading", path);
        memcpy(exact, buf, size);
        free(buf);
        buf = exact;
    }
    LLVMFuzzerTestOneInput(buf, size);
    free(buf);
    printf("ok %zu - %s (%zu bytes)\n", num, path, size);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    struct replay_list l = { NULL, 0, 0 };
    size_t i;

    if (argc > 1) {
        int a;
        for (a = 1; a < argc; a++)
            replay_collect(&l, argv[a]);
    } else {
#ifdef SQLSCORE_FUZZ_CORPUS
        const char *top = getenv("top_srcdir");
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s",
                 top ? top : ".", SQLSCORE_FUZZ_CORPUS);
        replay_collect(&l, dir);
#else
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return EXIT_FAILURE;
#endif
    }
    if (l.n == 0) {
        printf("1..1\nnot ok 1 - the corpus holds at least one input\n");
        return EXIT_FAILURE;
    }
    qsort(l.paths, l.n, sizeof *l.paths, replay_cmp);
    printf("1..%zu\n", l.n);
    fflush(stdout);
    for (i = 0; i < l.n; i++) {
        replay_one(l.paths[i], i + 1);
        free(l.paths[i]);
    }
    free(l.paths);
    return EXIT_SUCCESS;
}
