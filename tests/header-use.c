/* header-use.c - compiled by header-compile.sh as strict C99 and as C++ to
 * prove the public header is clean in both. */
#include <sqlscore.h>

int main(void)
{
#if !SQLSCORE_VERSION_AT_LEAST(1, 0, 0)
#error "version macros broken"
#endif
    const char *s = sqlscore_strerror(SQLSCORE_EINVAL);
    return (s != 0 && sqlscore_version_number() == SQLSCORE_VERSION_NUMBER) ? 0 : 1;
}
