/*
 * version.c - the version of the library as built, for run-time checks.
 */
#include "internal.h"

SQLSCORE_API uint32_t sqlscore_version_number(void)
{
    return (uint32_t)SQLSCORE_VERSION_NUMBER;
}

SQLSCORE_API const char *sqlscore_version_string(void)
{
    return SQLSCORE_VERSION_STRING;
}
