"""Run a script of examples/python/ the way a user would, for the example tests."""

import os
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
EXAMPLES = os.path.join(os.environ.get("top_srcdir", TOP), "examples", "python")


def run_example(name, *args):
    """The example's standard output as a list of lines; fails loudly."""
    r = subprocess.run([sys.executable, "-B", os.path.join(EXAMPLES, name)] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=60)
    if r.returncode != 0:
        raise AssertionError("%s failed (%d): %s" % (name, r.returncode, r.stderr))
    return r.stdout.splitlines()
