# frozen_string_literal: true

# The common layer through the binding: loading, versions, errors, handles
# and batch arguments.

require 'minitest'
require 'open3'
require 'fileutils'
require 'tmpdir'
require 'rbconfig'
require 'shellwords'
require 'sqlscore'

LIB_DIR = File.expand_path('../lib', __dir__)

def run_ruby(code, env)
  Open3.capture3(env, RbConfig.ruby, "-I#{LIB_DIR}", '-e', code)
end

class TestVersion < Minitest::Test
  def test_binding_version_equals_library_and_configure
    assert_equal SQLScore.library_version, SQLScore::VERSION
    assert_equal ENV['PACKAGE_VERSION'], SQLScore::VERSION if ENV['PACKAGE_VERSION']
  end

  def test_version_number_matches_string
    major, minor, patch = SQLScore.library_version.split('.').map(&:to_i)
    assert_equal (major << 16) | (minor << 8) | patch, SQLScore.library_version_number
  end

  def test_check_version_rules
    assert_nil SQLScore::Library.check_version(0x010000)
    assert_nil SQLScore::Library.check_version(0x010203)
    e = assert_raises(LoadError) { SQLScore::Library.check_version(0x020000, '/x/libsqlscore.so.2') }
    assert_includes e.message, '/x/libsqlscore.so.2 is libsqlscore 2.0.0'
    assert_includes e.message, "SQLScore #{SQLScore::VERSION}"
    assert_raises(LoadError) { SQLScore::Library.check_version(0x000905) }
  end

  def test_library_from_environment
    skip 'SQLSCORE_LIBRARY not set' unless ENV['SQLSCORE_LIBRARY']
    assert_equal ENV['SQLSCORE_LIBRARY'], SQLScore.library_path
  end

  def test_other_major_version_refused
    cc = ENV['CC'] || 'cc'
    Dir.mktmpdir do |tmp|
      src = File.join(tmp, 'fake.c')
      so = File.join(tmp, 'libsqlscore.so.2')
      File.write(src, "unsigned sqlscore_version_number(void) { return 0x020105; }\n" \
                      "const char *sqlscore_version_string(void) { return \"2.1.5\"; }\n")
      skip 'no C compiler' unless system(*Shellwords.split(cc), '-shared', '-fPIC', '-o', so, src)
      _out, err, status = run_ruby("require 'sqlscore'", 'SQLSCORE_LIBRARY' => so)
      refute status.success?
      assert_includes err, 'is libsqlscore 2.1.5'
      assert_includes err, "bindings (SQLScore #{SQLScore::VERSION})"
    end
  end

  def test_missing_library_named
    _out, err, status = run_ruby("require 'sqlscore'", 'SQLSCORE_LIBRARY' => '/nonexistent/libsqlscore.so')
    refute status.success?
    assert_includes err, '/nonexistent/libsqlscore.so'
    assert_includes err, 'SQLSCORE_LIBRARY'
  end

  def test_build_tree_found_without_environment
    built = SQLScore.library_path
    skip 'library not loaded from a path' unless File.exist?(built)
    Dir.mktmpdir do |top|
      FileUtils.mkdir_p(File.join(top, 'bindings', 'ruby'))
      FileUtils.mkdir_p(File.join(top, 'lib', '.libs'))
      FileUtils.cp_r(LIB_DIR, File.join(top, 'bindings', 'ruby', 'lib'))
      target = File.join(top, 'lib', '.libs', 'libsqlscore.so')
      File.symlink(File.realpath(built), target)
      out, err, status = Open3.capture3({ 'SQLSCORE_LIBRARY' => nil }, RbConfig.ruby,
                                        "-I#{File.join(top, 'bindings', 'ruby', 'lib')}",
                                        '-e', "require 'sqlscore'; puts SQLScore.library_path")
      assert status.success?, err
      assert_equal target, out.strip
    end
  end
end

class TestErrors < Minitest::Test
  CLASSES = {
    -1 => SQLScore::InvalidArgument, -2 => SQLScore::OutOfMemory,
    -3 => SQLScore::OutOfRange, -4 => SQLScore::ParseError,
    -5 => SQLScore::UndefinedRatio, -6 => SQLScore::TransitionNotAllowed,
    -7 => SQLScore::Suppressed, -8 => SQLScore::NotFound,
    -9 => SQLScore::Incompatible, -10 => SQLScore::BufferTooSmall,
    -11 => SQLScore::WrongType, -12 => SQLScore::AlreadyExists,
    -13 => SQLScore::InvalidState
  }.freeze

  def test_every_status_has_a_class
    CLASSES.each do |code, klass|
      assert_same klass, SQLScore.error_class(code)
      assert_equal code, klass::CODE
      assert_operator klass, :<, SQLScore::Error
      assert_equal code, klass.new('x').code
    end
    assert_same SQLScore::Error, SQLScore.error_class(-99)
    assert_operator SQLScore::Error, :<, StandardError
  end

  def test_constants_match_header
    assert_equal [0, -1, -13], [SQLScore::OK, SQLScore::EINVAL, SQLScore::ESTATE]
    assert_equal [0, 1], [SQLScore::ROUND_HALF_EVEN, SQLScore::ROUND_HALF_UP]
  end

  def test_strerror
    assert_equal 'success', SQLScore.strerror(0)
    assert_equal 'undefined ratio (zero denominator)', SQLScore.strerror(SQLScore::EUNDEFINED)
    assert_equal 'unknown error', SQLScore.strerror(-1000)
  end

  def test_failing_call_raises_with_detail
    fn = SQLScore::Library.ffi_libraries.first.find_function('sqlscore_buffer_free')
    e = assert_raises(SQLScore::InvalidArgument) do
      SQLScore::Library.check(SQLScore::Library.sqlscore_allocator_set(nil, nil, fn))
    end
    assert_equal SQLScore::EINVAL, e.code
    assert_equal 'sqlscore_allocator_set: pass all three functions or all three NULL', e.message
    assert_equal 0, SQLScore::Library.check(SQLScore::Library.sqlscore_allocator_set(nil, nil, nil))
  end

  def test_message_falls_back_to_status_name
    SQLScore::Library.sqlscore_error_clear
    e = SQLScore::Library.error_for(SQLScore::ENOTFOUND)
    assert_instance_of SQLScore::NotFound, e
    assert_equal 'not found', e.message
  end
end

FREED = []
RECORD_FREE = FFI::Function.new(:void, [:pointer]) { |p| FREED << p.address }

class Dummy < SQLScore::Handle
  def self.free_function
    RECORD_FREE
  end
end

class TestHandle < Minitest::Test
  def setup
    FREED.clear
  end

  def test_close_frees_once
    h = Dummy.wrap(FFI::Pointer.new(0x1000))
    refute h.closed?
    h.close
    h.close
    assert h.closed?
    assert_equal [0x1000], FREED
  end

  def test_block_form_frees
    def Dummy.new
      wrap(FFI::Pointer.new(0x2000))
    end
    seen = nil
    Dummy.open { |h| seen = h.to_ptr.address }
    assert_equal 0x2000, seen
    assert_equal [0x2000], FREED
  ensure
    Dummy.singleton_class.send(:remove_method, :new)
  end

  def test_closed_handle_never_reaches_library
    h = Dummy.wrap(FFI::Pointer.new(0x4000))
    h.close
    e = assert_raises(SQLScore::ClosedError) { h.to_ptr }
    assert_includes e.message, 'Dummy is closed'
    assert_kind_of SQLScore::InvalidState, e
    assert_raises(SQLScore::ClosedError) { SQLScore::Library.sqlscore_buffer_free(h) }
    assert_raises(SQLScore::ClosedError) { SQLScore::Arrays.handles([h], Dummy) }
    assert_equal [0x4000], FREED
  end

  def test_finalizer_does_not_capture_the_object
    # The releaser proc must be built from the address alone.
    pr = SQLScore::Handle.releaser(RECORD_FREE, 0x5000)
    refute_kind_of SQLScore::Handle, pr.binding.receiver
    pr.call
    assert_equal [0x5000], FREED
  end

  def test_null_handle_refused
    assert_raises(ArgumentError) { Dummy.wrap(FFI::Pointer::NULL) }
  end
end

class TestArrays < Minitest::Test
  def test_doubles
    ptr, n = SQLScore::Arrays.doubles([1, 2.5, '3'])
    assert_equal 3, n
    assert_equal [1.0, 2.5, 3.0], ptr.get_array_of_double(0, 3)
    ptr, n = SQLScore::Arrays.doubles((0...3).lazy.map { |x| x / 2.0 })
    assert_equal [0.0, 0.5, 1.0], ptr.get_array_of_double(0, n)
  end

  def test_integers
    ptr, n = SQLScore::Arrays.int64s([1, 2**62])
    assert_equal [1, 2**62], ptr.get_array_of_int64(0, n)
    assert_raises(RangeError) { SQLScore::Arrays.int32s([2**31]) }
  end

  def test_bad_inputs
    assert_raises(ArgumentError) { SQLScore::Arrays.doubles(['x']) }
    assert_raises(TypeError) { SQLScore::Arrays.doubles('123') }
    assert_raises(TypeError) { SQLScore::Arrays.strings([1]) }
  end

  def test_empty
    _ptr, n = SQLScore::Arrays.doubles([])
    assert_equal 0, n
  end

  def test_strings
    ptr, n, _keep = SQLScore::Arrays.strings(['a', 'é', :x, nil], allow_nil: true)
    got = ptr.get_array_of_pointer(0, n).map { |p| p.null? ? nil : p.read_string.force_encoding('UTF-8') }
    assert_equal ['a', 'é', 'x', nil], got
    assert_raises(TypeError) { SQLScore::Arrays.strings(['a', nil]) }
  end
end
