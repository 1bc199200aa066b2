/*
 * error.c - status code names and the thread-local failure detail.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && \
    !defined(__STDC_NO_THREADS__)
#  define SQLSCORE__TLS _Thread_local
#elif defined(_MSC_VER)
#  define SQLSCORE__TLS __declspec(thread)
#else
#  define SQLSCORE__TLS __thread
#endif

/* A fixed buffer per thread: recording an error must never allocate, since
 * the commonest error to record is running out of memory. */
#define SQLSCORE__ERRMSG_SIZE 512

static SQLSCORE__TLS char errmsg[SQLSCORE__ERRMSG_SIZE];
static SQLSCORE__TLS int errcode;

SQLSCORE_API const char *sqlscore_strerror(int code)
{
    switch (code) {
    case SQLSCORE_OK:           return "success";
    case SQLSCORE_EINVAL:       return "invalid argument";
    case SQLSCORE_ENOMEM:       return "out of memory";
    case SQLSCORE_ERANGE:       return "value out of range or overflow";
    case SQLSCORE_EPARSE:       return "parse error";
    case SQLSCORE_EUNDEFINED:   return "undefined ratio (zero denominator)";
    case SQLSCORE_ETRANSITION:  return "stage transition not allowed";
    case SQLSCORE_ESUPPRESSED:  return "suppressed by the anonymity threshold";
    case SQLSCORE_ENOTFOUND:    return "not found";
    case SQLSCORE_EINCOMPATIBLE:return "incompatible configurations";
    case SQLSCORE_EBUFSIZE:     return "buffer too small";
    case SQLSCORE_ETYPE:        return "wrong type";
    case SQLSCORE_EEXIST:       return "already exists";
    case SQLSCORE_ESTATE:       return "not allowed in the current state";
    default:                    return "unknown error";
    }
}

int sqlscore__failv(int code, const char *fmt, va_list ap)
{
    /* Format into a scratch buffer: a caller adding context passes the
     * current detail as an argument ("at index 3: %s",
     * sqlscore_error_message()), and vsnprintf into the buffer it reads
     * from is undefined behaviour. */
    char tmp[SQLSCORE__ERRMSG_SIZE];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    if (n < 0)
        tmp[0] = '\0';
    else if ((size_t)n >= sizeof tmp) {
        /* Mark the cut, and never leave half a UTF-8 sequence behind. */
        size_t end = sizeof tmp - 4;
        while (end > 0 && ((unsigned char)tmp[end] & 0xC0) == 0x80)
            end--;
        memcpy(tmp + end, "...", 4);
    }
    memcpy(errmsg, tmp, sizeof tmp);
    errcode = code;
    return code;
}


SQLSCORE_API const char *sqlscore_error_message(void)
{
    return errmsg;
}

SQLSCORE_API int sqlscore_error_code(void)
{
    return errcode;
}

SQLSCORE_API void sqlscore_error_clear(void)
{
    errmsg[0] = '\0';
    errcode = SQLSCORE_OK;
}
