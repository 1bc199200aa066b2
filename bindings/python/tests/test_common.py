"""The common layer through the binding: loading, versions, errors, handles
and batch arguments."""

import array
import ctypes
import gc
import os
import pickle
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

import sqlscore
from sqlscore import _arrays, _lib
from sqlscore._handle import Handle

PACKAGE_DIR = os.path.dirname(os.path.abspath(sqlscore.__file__))


def run_python(code, env_update, unset=(), cwd=None):
    env = dict(os.environ)
    for k in unset:
        env.pop(k, None)
    env.update(env_update)
    return subprocess.run([sys.executable, "-B", "-c", code], env=env, cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=60)


class VersionTest(unittest.TestCase):
    def test_binding_version_equals_library_and_configure(self):
        self.assertEqual(sqlscore.__version__, sqlscore.library_version())
        if os.environ.get("PACKAGE_VERSION"):
            self.assertEqual(sqlscore.__version__, os.environ["PACKAGE_VERSION"])

    def test_version_number_matches_string(self):
        n = sqlscore.library_version_number()
        major, minor, patch = (int(x) for x in sqlscore.library_version().split("."))
        self.assertEqual(n, (major << 16) | (minor << 8) | patch)

    def test_check_version_rules(self):
        _lib.check_version(0x010000)          # same version
        _lib.check_version(0x010203)          # newer minor: only adds functions
        with self.assertRaises(ImportError) as cm:
            _lib.check_version(0x020000, "/x/libsqlscore.so.2")
        msg = str(cm.exception)
        self.assertIn("/x/libsqlscore.so.2 is libsqlscore 2.0.0", msg)
        self.assertIn("sqlscore %s" % sqlscore.__version__, msg)
        with self.assertRaises(ImportError):
            _lib.check_version(0x000905)

    def test_library_from_environment(self):
        if os.environ.get("SQLSCORE_LIBRARY"):
            self.assertEqual(sqlscore.library_path(), os.environ["SQLSCORE_LIBRARY"])

    def test_other_major_version_refused(self):
        cc = os.environ.get("CC") or shutil.which("cc")
        if not cc:
            self.skipTest("no C compiler to build a stand-in library")
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "fake.c")
            so = os.path.join(tmp, "libsqlscore.so.2")
            with open(src, "w") as f:
                f.write("unsigned sqlscore_version_number(void) { return 0x020105; }\n"
                        "const char *sqlscore_version_string(void) { return \"2.1.5\"; }\n")
            subprocess.run(shlex.split(cc) + ["-shared", "-fPIC", "-o", so, src], check=True)
            r = run_python("import sqlscore", {"SQLSCORE_LIBRARY": so})
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("ImportError", r.stderr)
            self.assertIn("is libsqlscore 2.1.5", r.stderr)
            self.assertIn("bindings (sqlscore %s)" % sqlscore.__version__, r.stderr)

    def test_missing_library_named(self):
        r = run_python("import sqlscore", {"SQLSCORE_LIBRARY": "/nonexistent/libsqlscore.so"})
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("/nonexistent/libsqlscore.so", r.stderr)
        self.assertIn("SQLSCORE_LIBRARY", r.stderr)

    def test_build_tree_found_without_environment(self):
        # A checkout layout: TOP/bindings/python/sqlscore and TOP/lib/.libs.
        built = _lib.path
        if not os.path.exists(built):
            self.skipTest("library not loaded from a path")
        with tempfile.TemporaryDirectory() as top:
            os.makedirs(os.path.join(top, "bindings", "python"))
            os.makedirs(os.path.join(top, "lib", ".libs"))
            shutil.copytree(PACKAGE_DIR, os.path.join(top, "bindings", "python", "sqlscore"),
                            ignore=shutil.ignore_patterns("__pycache__"))
            target = os.path.join(top, "lib", ".libs", "libsqlscore.so")
            os.symlink(os.path.realpath(built), target)
            r = run_python("import sqlscore; print(sqlscore.library_path())",
                           {"PYTHONPATH": os.path.join(top, "bindings", "python")},
                           unset=("SQLSCORE_LIBRARY",), cwd=top)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.strip(), target)


class ErrorTest(unittest.TestCase):
    CLASSES = {
        -1: (sqlscore.InvalidArgument, ValueError),
        -2: (sqlscore.OutOfMemory, MemoryError),
        -3: (sqlscore.OutOfRange, OverflowError),
        -4: (sqlscore.ParseError, ValueError),
        -5: (sqlscore.UndefinedRatio, ArithmeticError),
        -6: (sqlscore.TransitionNotAllowed, sqlscore.Error),
        -7: (sqlscore.Suppressed, sqlscore.Error),
        -8: (sqlscore.NotFound, LookupError),
        -9: (sqlscore.Incompatible, sqlscore.Error),
        -10: (sqlscore.BufferTooSmall, sqlscore.Error),
        -11: (sqlscore.WrongType, TypeError),
        -12: (sqlscore.AlreadyExists, sqlscore.Error),
        -13: (sqlscore.InvalidState, sqlscore.Error),
    }

    def test_every_status_has_a_class(self):
        for code, (cls, builtin) in self.CLASSES.items():
            with self.subTest(code=code):
                self.assertIs(sqlscore.error_class(code), cls)
                self.assertEqual(cls.code, code)
                self.assertTrue(issubclass(cls, sqlscore.Error))
                self.assertTrue(issubclass(cls, builtin))
        self.assertIs(sqlscore.error_class(-99), sqlscore.Error)

    def test_constants_match_header(self):
        self.assertEqual((sqlscore.OK, sqlscore.EINVAL, sqlscore.ESTATE), (0, -1, -13))
        self.assertEqual((sqlscore.ROUND_HALF_EVEN, sqlscore.ROUND_HALF_UP), (0, 1))

    def test_strerror(self):
        self.assertEqual(sqlscore.strerror(0), "success")
        self.assertEqual(sqlscore.strerror(sqlscore.EUNDEFINED),
                         "undefined ratio (zero denominator)")
        self.assertEqual(sqlscore.strerror(-1000), "unknown error")

    def test_failing_call_raises_with_detail(self):
        fn = ctypes.cast(_lib.lib.sqlscore_buffer_free, ctypes.c_void_p)
        with self.assertRaises(sqlscore.InvalidArgument) as cm:
            _lib.lib.sqlscore_allocator_set(None, None, fn)
        e = cm.exception
        self.assertEqual(e.code, sqlscore.EINVAL)
        self.assertEqual(e.message,
                         "sqlscore_allocator_set: pass all three functions or all three NULL")
        self.assertEqual(str(e), e.message)
        # The successful reset does not raise and returns OK.
        self.assertEqual(_lib.lib.sqlscore_allocator_set(None, None, None), 0)

    def test_message_falls_back_to_status_name(self):
        _lib.lib.sqlscore_error_clear()
        e = _lib.error_from_status(sqlscore.ENOTFOUND)
        self.assertIsInstance(e, sqlscore.NotFound)
        self.assertEqual(e.message, "not found")

    def test_errors_pickle(self):
        e = sqlscore.ParseError("rules:3:14: unknown keyword 'tresh'", sqlscore.EPARSE)
        back = pickle.loads(pickle.dumps(e))
        self.assertIs(type(back), sqlscore.ParseError)
        self.assertEqual((back.code, back.message), (e.code, e.message))


FREED = []


@ctypes.CFUNCTYPE(None, ctypes.c_void_p)
def record_free(ptr):
    FREED.append(ptr)


class Dummy(Handle):
    _free = record_free


class HandleTest(unittest.TestCase):
    def setUp(self):
        del FREED[:]

    def test_close_frees_once(self):
        h = Dummy._wrap(0x1000)
        self.assertFalse(h.closed)
        h.close()
        h.close()
        self.assertTrue(h.closed)
        self.assertEqual(FREED, [0x1000])

    def test_with_block_frees(self):
        with Dummy._wrap(0x2000) as h:
            self.assertEqual(h._h.value, 0x2000)
        self.assertEqual(FREED, [0x2000])
        with self.assertRaises(sqlscore.ClosedError):
            with h:
                pass

    def test_garbage_collector_frees(self):
        h = Dummy._wrap(0x3000)
        del h
        gc.collect()
        self.assertEqual(FREED, [0x3000])

    def test_closed_handle_never_reaches_library(self):
        h = Dummy._wrap(0x4000)
        h.close()
        with self.assertRaises(sqlscore.ClosedError) as cm:
            h._h
        self.assertIn("Dummy is closed", str(cm.exception))
        self.assertIsInstance(cm.exception, sqlscore.InvalidState)
        # Passed straight to a ctypes function, it fails before the call.
        with self.assertRaises(ctypes.ArgumentError):
            _lib.lib.sqlscore_buffer_free(h)
        with self.assertRaises(sqlscore.ClosedError):
            _arrays.handles([h], Dummy)
        self.assertEqual(FREED, [0x4000])

    def test_null_handle_refused(self):
        with self.assertRaises(ValueError):
            Dummy._wrap(None)


def address(carray):
    return ctypes.addressof(carray.ptr)


class ArrayTest(unittest.TestCase):
    def test_matching_buffer_passed_in_place(self):
        a = array.array("d", [1.5, -2.0, 3.25])
        c = _arrays.doubles(a)
        self.assertFalse(c.copied)
        self.assertEqual(address(c), a.buffer_info()[0])
        self.assertEqual(list(c.ptr), [1.5, -2.0, 3.25])
        q = array.array("q", [1, 2 ** 62])
        c = _arrays.int64s(q)
        self.assertFalse(c.copied)
        self.assertEqual(address(c), q.buffer_info()[0])
        i = array.array("i", [7, -7])
        c = _arrays.int32s(i)
        self.assertFalse(c.copied)
        self.assertEqual(list(c.ptr), [7, -7])

    def test_cast_memoryview_passed_in_place(self):
        raw = bytearray(16)
        view = memoryview(raw).cast("d")
        c = _arrays.doubles(view)
        self.assertFalse(c.copied)
        c.ptr[1] = 2.5
        self.assertEqual(view[1], 2.5)

    def test_other_inputs_copied(self):
        cases = [([1, 2.5, 3], [1.0, 2.5, 3.0]),
                 ((x / 2 for x in range(3)), [0.0, 0.5, 1.0]),
                 (array.array("f", [0.5, 1.5]), [0.5, 1.5]),
                 (array.array("i", [4, 5]), [4.0, 5.0]),
                 (memoryview(array.array("d", [1, 2, 3, 4]))[::2], [1.0, 3.0]),
                 (memoryview(bytes(8)).cast("d"), [0.0])]
        for obj, want in cases:
            with self.subTest(obj=repr(obj)):
                c = _arrays.doubles(obj)
                self.assertTrue(c.copied)
                self.assertEqual(list(c.ptr), want)
                self.assertEqual(len(c), len(want))

    def test_bad_inputs(self):
        with self.assertRaises(TypeError):
            _arrays.doubles(["1.5"])
        with self.assertRaises(TypeError):
            _arrays.doubles("123")
        with self.assertRaises(ValueError):
            _arrays.doubles(memoryview(bytearray(32)).cast("d", (2, 2)))
        with self.assertRaises(sqlscore.OutOfRange):
            _arrays.int32s([2 ** 31])
        with self.assertRaises(sqlscore.OutOfRange) as cm:
            _lib.i64(2 ** 63, "minor")
        self.assertEqual(cm.exception.message, "minor: 9223372036854775808 does not fit in int64_t")
        self.assertEqual(_lib.i64(-2 ** 63), -2 ** 63)
        with self.assertRaises(sqlscore.OutOfRange):
            _lib.i32(-2 ** 31 - 1)
        with self.assertRaises(TypeError):
            _lib.i32(1.0)
        with self.assertRaises(TypeError):
            _arrays.strings("abc")

    def test_empty(self):
        self.assertEqual(len(_arrays.doubles([])), 0)
        self.assertEqual(len(_arrays.doubles(array.array("d"))), 0)

    def test_strings(self):
        c = _arrays.strings(["a", "é", b"x"])
        self.assertEqual([c.ptr[i] for i in range(3)], [b"a", "é".encode(), b"x"])
        c = _arrays.strings(["a", None], allow_none=True)
        self.assertIsNone(c.ptr[1])
        with self.assertRaises(TypeError):
            _arrays.strings(["a", None])


if __name__ == "__main__":
    unittest.main()
