# frozen_string_literal: true

require 'ffi'

module SQLScore
  # The library version these bindings were written for; a test checks it
  # against configure's PACKAGE_VERSION and the loaded library.
  VERSION = '1.0.0'

  # Finding, loading and checking the shared library, and the raw functions.
  #
  # Lookup order: SQLSCORE_LIBRARY (a path; when set, the only candidate),
  # the build tree these files sit in (lib/.libs/libsqlscore.so next to
  # bindings/), then the system loader (libsqlscore.so.MAJOR, libsqlscore).
  module Library
    extend FFI::Library

    MAJOR, MINOR, = VERSION.split('.').map(&:to_i)

    def self.candidates
      env = ENV['SQLSCORE_LIBRARY']
      return [env] if env && !env.empty?

      top = File.expand_path('../../../..', __dir__)
      built = %w[libsqlscore.so libsqlscore.dylib].map { |b| File.join(top, 'lib', '.libs', b) }
      built.select { |p| File.exist?(p) } +
        ["libsqlscore.so.#{MAJOR}", "libsqlscore.#{MAJOR}.dylib", 'sqlscore']
    end

    def self.version_text(number)
      format('%d.%d.%d', number >> 16, (number >> 8) & 0xFF, number & 0xFF)
    end

    # Another major version has another ABI; an older minor version may lack
    # functions these bindings call.  A newer minor only adds functions.
    def self.check_version(number, path = 'libsqlscore')
      major = number >> 16
      minor = (number >> 8) & 0xFF
      return if major == MAJOR && minor >= MINOR

      raise LoadError, "#{path} is libsqlscore #{version_text(number)}, but these " \
                       "bindings (SQLScore #{VERSION}) need libsqlscore #{MAJOR}.x with x >= #{MINOR}"
    end

    tried = []
    @path = candidates.find do |name|
      ffi_lib name
      true
    rescue LoadError => e
      tried << "#{name} (#{e.message.lines.first.strip})"
      false
    end
    unless @path
      raise LoadError, "libsqlscore not found; tried: #{tried.join('; ')}.  " \
                       'Set SQLSCORE_LIBRARY to the path of libsqlscore.so'
    end

    class << self
      attr_reader :path
    end

    begin
      attach_function :sqlscore_version_number, [], :uint32
      attach_function :sqlscore_version_string, [], :string
    rescue FFI::NotFoundError
      raise LoadError, "#{@path} is not libsqlscore (no sqlscore_version_number)"
    end
    check_version(sqlscore_version_number, @path)

    # Attach a function; a missing one means the library is too old.
    def self.fn(name, args, ret, **opts)
      attach_function(name, args, ret, **opts)
    rescue FFI::NotFoundError
      raise LoadError, "#{@path} (libsqlscore #{sqlscore_version_string}) has no #{name}; " \
                       "these bindings need libsqlscore #{VERSION}"
    end

    fn :sqlscore_strerror, [:int], :string
    fn :sqlscore_error_message, [], :string
    fn :sqlscore_error_code, [], :int
    fn :sqlscore_error_clear, [], :void
    fn :sqlscore_buffer_free, [:pointer], :void
    # Only the tests call it: a Ruby allocator would have to outlive every
    # handle, which a binding cannot promise.
    fn :sqlscore_allocator_set, %i[pointer pointer pointer], :int

    # The exception for a failed call, with this thread's detail message.
    # Call it right after the failing call, on the same thread.
    def self.error_for(code)
      message = sqlscore_error_message.to_s
      message = sqlscore_strerror(code) if message.empty?
      SQLScore.error_class(code).new(message.dup.force_encoding(Encoding::UTF_8).scrub, code)
    end

    # Raise unless rc is a success; return rc otherwise.  Every status-
    # returning call goes through it, so no failure goes unnoticed.
    def self.check(rc)
      raise error_for(rc) if rc.negative?

      rc
    end

    # A char * the library allocated for the caller: copy it, then free it.
    def self.take_string(ptr)
      return nil if ptr.null?

      ptr.read_string.force_encoding(Encoding::UTF_8)
    ensure
      sqlscore_buffer_free(ptr) unless ptr.nil? || ptr.null?
    end

    # Call a (char *buf, size_t size, size_t *needed, ...) function: start
    # with size bytes, retry with what the library says it needs.
    def self.buffer_text(fn, size, *args)
      loop do
        buf = FFI::MemoryPointer.new(:char, size)
        needed = FFI::MemoryPointer.new(:size_t)
        rc = send(fn, buf, size, needed, *args)
        if rc == EBUFSIZE && needed.read(:size_t) > size
          size = needed.read(:size_t)
          next
        end
        check(rc)
        return buf.read_string.force_encoding(Encoding::UTF_8)
      end
    end

    INT64 = (-2**63..(2**63) - 1).freeze
    INT32 = (-2**31..(2**31) - 1).freeze

    # Integer arguments are range-checked: FFI would raise a bare RangeError
    # (or keep the low bits), the bindings raise OutOfRange.
    def self.int(value, range, what)
      raise TypeError, "#{what} must be an Integer, not #{value.class}" unless value.is_a?(Integer)
      raise OutOfRange.new("#{what}: #{value} does not fit in #{range == INT64 ? 'int64_t' : 'int32_t'}", ERANGE) \
        unless range.cover?(value)

      value
    end

    def self.i64(value, what = 'value')
      int(value, INT64, what)
    end

    def self.i32(value, what = 'value')
      int(value, INT32, what)
    end

    # Unix seconds from an Integer or a Time.
    def self.seconds(value, what = 'time')
      value = value.to_i if value.is_a?(Time)
      i64(value, what)
    end

    # A const char * out-parameter's string (owned by the library), or nil.
    def self.out_string(ptr)
      p = ptr.read_pointer
      p.null? ? nil : p.read_string.force_encoding(Encoding::UTF_8)
    end

    # nil stays nil (a NULL argument); anything else as text().
    def self.optional_text(value, what)
      value.nil? ? nil : text(value, what)
    end

    # Yield one out-pointer per type, then return the values read back:
    #   n, = outs([:size_t]) { |p| check(sqlscore_x_count(h, p)) }
    def self.outs(types)
      ptrs = types.map { |t| FFI::MemoryPointer.new(t) }
      yield(*ptrs)
      ptrs.zip(types).map { |p, t| p.read(t) }
    end

    # A Ruby string (or symbol) as a NUL-terminated UTF-8 argument.
    def self.text(value, what = 'argument')
      case value
      when String then value.encode(Encoding::UTF_8)
      when Symbol then value.to_s
      else raise TypeError, "#{what} must be a String, not #{value.class}"
      end
    rescue EncodingError => e
      raise InvalidArgument.new("#{what}: #{e.message}", EINVAL)
    end
  end
end
