/*
 * fuzz_check.h - what every harness in tests/fuzz/ shares: the libFuzzer
 * entry point's prototype and FUZZ_CHECK, which aborts (a crash libFuzzer
 * and the replay driver both report) when a property does not hold.
 */
#ifndef SQLSCORE_FUZZ_CHECK_H
#define SQLSCORE_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                      \
    do {                                                                      \
        if (!(cond))                                                          \
            abort();                                                          \
    } while (0)

#endif
