# frozen_string_literal: true

module SQLScore
  # Status codes (SQLSCORE_*), for comparing with Error#code.
  OK = 0
  EINVAL = -1
  ENOMEM = -2
  ERANGE = -3
  EPARSE = -4
  EUNDEFINED = -5
  ETRANSITION = -6
  ESUPPRESSED = -7
  ENOTFOUND = -8
  EINCOMPATIBLE = -9
  EBUFSIZE = -10
  ETYPE = -11
  EEXIST = -12
  ESTATE = -13

  # A libsqlscore call failed.  #code is the library's negative status,
  # #message the detail it recorded (sqlscore_error_message()), e.g. a rules
  # file's "rules:3:14: unknown keyword 'tresh'".
  class Error < StandardError
    attr_reader :code
    # For a rejected batch: the position of the first bad element, else nil.
    attr_accessor :index

    def initialize(message = nil, code = nil)
      @code = code || self.class.const_get(:CODE)
      super(message)
    end

    CODE = nil
  end

  # Each status has its own class; rescue Error for all of them.
  class InvalidArgument < Error; CODE = EINVAL; end
  class OutOfMemory < Error; CODE = ENOMEM; end
  class OutOfRange < Error; CODE = ERANGE; end
  class ParseError < Error; CODE = EPARSE; end
  class UndefinedRatio < Error; CODE = EUNDEFINED; end
  class TransitionNotAllowed < Error; CODE = ETRANSITION; end
  class Suppressed < Error; CODE = ESUPPRESSED; end
  class NotFound < Error; CODE = ENOTFOUND; end
  class Incompatible < Error; CODE = EINCOMPATIBLE; end
  class BufferTooSmall < Error; CODE = EBUFSIZE; end
  class WrongType < Error; CODE = ETYPE; end
  class AlreadyExists < Error; CODE = EEXIST; end
  class InvalidState < Error; CODE = ESTATE; end
  # The object was closed (freed); using it again is refused.
  class ClosedError < InvalidState; end

  ERROR_CLASSES = [InvalidArgument, OutOfMemory, OutOfRange, ParseError,
                   UndefinedRatio, TransitionNotAllowed, Suppressed, NotFound,
                   Incompatible, BufferTooSmall, WrongType, AlreadyExists,
                   InvalidState].to_h { |c| [c::CODE, c] }.freeze

  # The exception class for a status code (Error for unknown codes).
  def self.error_class(code)
    ERROR_CLASSES.fetch(code, Error)
  end
end
