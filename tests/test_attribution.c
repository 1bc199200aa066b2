#include "testutil.h"
Suite *sqlscore_test_suite(void) { return suite_create("attribution"); }
