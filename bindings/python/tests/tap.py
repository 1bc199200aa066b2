"""Run the binding's unittest suite and report it as TAP.

One TAP line per test method (and one per failing subtest), so automake's
TAP driver shows each case in `make check`.  Usage: python3 tap.py [PATTERN]
"""

import os
import sys
import traceback
import unittest


class TapResult(unittest.TestResult):
    def __init__(self, out):
        super().__init__()
        self.out = out
        self.count = 0

    def _line(self, ok, name, directive=""):
        self.count += 1
        self.out.write("%s %d - %s%s\n" % ("ok" if ok else "not ok", self.count,
                                           name.replace("#", "\\#"), directive))
        self.out.flush()

    def _diag(self, err):
        for line in "".join(traceback.format_exception(*err)).splitlines():
            self.out.write("# %s\n" % line)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test.id())

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(False, test.id())
        self._diag(err)

    def addError(self, test, err):
        super().addError(test, err)
        self._line(False, test.id())
        self._diag(err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._line(True, test.id(), " # SKIP %s" % reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._line(False, test.id(), " # TODO expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._line(True, test.id(), " # TODO unexpected success")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._line(False, subtest.id())
            self._diag(err)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    pattern = sys.argv[1] if len(sys.argv) > 1 else "test_*.py"
    suite = unittest.defaultTestLoader.discover(here, pattern=pattern, top_level_dir=here)
    result = TapResult(sys.stdout)
    suite.run(result)
    sys.stdout.write("1..%d\n" % result.count)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
