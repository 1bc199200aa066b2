/*
 * demo.c - the libsqlscore demo run by `make demo`.
 *
 * Usage: demo [DATA-DIR]
 *
 * Prints the library version and shows the error-reporting contract every
 * module follows: a status code, its name, and a detail message.
 */
#include <sqlscore.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    int rc;
    (void)argc;
    (void)argv;

    printf("libsqlscore %s (header %s)\n", sqlscore_version_string(),
           SQLSCORE_VERSION_STRING);
    if ((sqlscore_version_number() >> 16) != SQLSCORE_VERSION_MAJOR) {
        fprintf(stderr, "demo: library major version differs from header\n");
        return 1;
    }
    /* A deliberately bad call: half an allocator is refused. */
    rc = sqlscore_allocator_set(NULL, NULL, sqlscore_buffer_free);
    printf("smoke: bad allocator -> %d (%s): %s\n", rc, sqlscore_strerror(rc),
           sqlscore_error_message());
    return rc == SQLSCORE_EINVAL ? 0 : 1;
}
