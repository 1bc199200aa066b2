# frozen_string_literal: true

module SQLScore
  # The base of every object owning a library handle.
  #
  # The handle is freed by #close, at the end of a block form (Class.open),
  # or by the garbage collector, whichever comes first; afterwards every
  # method raises ClosedError, so a freed pointer never reaches the library.
  class Handle
    # The finalizer must not reference the object, or it would never be
    # collected; it captures only the address and the free function.
    def self.releaser(free, address)
      proc { free.call(FFI::Pointer.new(address)) }
    end

    # Subclasses name the function releasing their handles.
    def self.free_function
      nil
    end

    def self.wrap(ptr, owner = nil)
      obj = allocate
      obj.send(:adopt, ptr, owner)
      obj
    end

    # A new object from a sqlscore_*_parse(out, text, len, filename) call
    # over rules text; errors name the file.
    def self.parse_rules(parse_fn, rules, filename)
      data = rules.to_s.b
      buf = FFI::MemoryPointer.new(:char, [data.bytesize, 1].max)
      buf.put_bytes(0, data)
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(parse_fn.call(out, buf, data.bytesize,
                                  filename.nil? ? nil : Library.text(filename.to_s, 'filename')))
      wrap(out.read_pointer)
    end

    # Block form: yields the new object and closes it afterwards.
    def self.open(*args, **kwargs)
      obj = new(*args, **kwargs)
      return obj unless block_given?

      begin
        yield obj
      ensure
        obj.close
      end
    end

    def closed?
      @ptr.nil?
    end

    # Free the handle now; closing twice is harmless.
    def close
      return if @ptr.nil?

      addr = @ptr.address
      @ptr = nil
      ObjectSpace.undefine_finalizer(self)
      free = self.class.free_function
      free&.call(FFI::Pointer.new(addr))
      nil
    end

    # The pointer for a call; raises ClosedError once closed.
    def to_ptr
      raise ClosedError.new("#{self.class.name} is closed", ESTATE) if @ptr.nil?

      @ptr
    end

    private

    def adopt(ptr, owner = nil)
      raise ArgumentError, 'library returned a NULL handle' if ptr.nil? || ptr.null?

      @ptr = FFI::Pointer.new(ptr.address)
      @owner = owner
      free = self.class.free_function
      ObjectSpace.define_finalizer(self, Handle.releaser(free, ptr.address)) if free
      self
    end
  end

  # Batch arguments: one C array per call.
  module Arrays
    module_function

    def list(values, what)
      raise TypeError, "#{what} must be a list, not a String" if values.is_a?(String)
      return values if values.is_a?(Array)
      return values.to_a if values.respond_to?(:to_a)

      raise TypeError, "#{what} must be an Array or Enumerable, not #{values.class}"
    end

    def doubles(values, what = 'values')
      a = list(values, what).map { |v| Float(v) }
      ptr = FFI::MemoryPointer.new(:double, [a.size, 1].max)
      ptr.put_array_of_double(0, a)
      [ptr, a.size]
    end

    def int64s(values, what = 'values')
      a = list(values, what).map { |v| Integer(v) }
      ptr = FFI::MemoryPointer.new(:int64, [a.size, 1].max)
      ptr.put_array_of_int64(0, a)
      [ptr, a.size]
    rescue RangeError => e
      raise RangeError, "#{what}: #{e.message}"
    end

    def int32s(values, what = 'values')
      a = list(values, what).map { |v| Integer(v) }
      ptr = FFI::MemoryPointer.new(:int32, [a.size, 1].max)
      ptr.put_array_of_int32(0, a)
      [ptr, a.size]
    rescue RangeError => e
      raise RangeError, "#{what}: #{e.message}"
    end

    def bytes(values, what = 'mask')
      a = list(values, what).map { |v| v == true || (v.is_a?(Integer) && v != 0) ? 1 : 0 }
      ptr = FFI::MemoryPointer.new(:uint8, [a.size, 1].max)
      ptr.put_array_of_uint8(0, a)
      [ptr, a.size]
    end

    # An array of UTF-8 strings; the MemoryPointers of the strings are
    # returned too and must stay referenced for the duration of the call.
    def strings(values, what = 'strings', allow_nil: false)
      a = list(values, what)
      keep = a.map do |s|
        if s.nil? && allow_nil
          nil
        else
          FFI::MemoryPointer.from_string(Library.text(s, what))
        end
      end
      ptr = FFI::MemoryPointer.new(:pointer, [a.size, 1].max)
      ptr.put_array_of_pointer(0, keep.map { |k| k || FFI::Pointer::NULL })
      [ptr, a.size, keep]
    end

    def handles(objs, klass, what = 'handles')
      a = list(objs, what)
      a.each do |o|
        raise TypeError, "#{what} must contain #{klass.name} objects, not #{o.class}" unless o.is_a?(klass)
      end
      ptr = FFI::MemoryPointer.new(:pointer, [a.size, 1].max)
      ptr.put_array_of_pointer(0, a.map(&:to_ptr))
      [ptr, a.size, a]
    end
  end
end
