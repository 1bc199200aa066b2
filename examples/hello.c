/* hello.c - the smallest program using libsqlscore; build it with
 *   cc -o hello hello.c $(pkg-config --cflags --libs sqlscore)            */
#include <sqlscore.h>
#include <stdio.h>

int main(void)
{
    if ((sqlscore_version_number() >> 16) != SQLSCORE_VERSION_MAJOR) {
        fprintf(stderr, "libsqlscore %s is not the ABI this was built for\n",
                sqlscore_version_string());
        return 1;
    }
    printf("libsqlscore %s\n", sqlscore_version_string());
    return 0;
}
