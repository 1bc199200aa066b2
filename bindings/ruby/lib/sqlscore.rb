# frozen_string_literal: true

# libsqlscore for Ruby: lead qualification, funnel stages, CPSQL and eNPS,
# through the ffi gem.  Every failing call raises a subclass of
# SQLScore::Error carrying the status code and the library's detail message.
# Objects owning library handles have block forms (Class.open { ... }) and
# are also freed by the garbage collector.
#
# The library is found through SQLSCORE_LIBRARY (a path), else the build
# tree these files sit in, else the system loader.

require_relative 'sqlscore/errors'
require_relative 'sqlscore/library'
require_relative 'sqlscore/handle'

module SQLScore
  # Rounding modes (SQLSCORE_ROUND_*).
  ROUND_HALF_EVEN = 0
  ROUND_HALF_UP = 1

  # The loaded library's version, "MAJOR.MINOR.PATCH".
  def self.library_version
    Library.sqlscore_version_string
  end

  # The loaded library's version as 0xMMmmpp.
  def self.library_version_number
    Library.sqlscore_version_number
  end

  # The name or path the shared library was loaded from.
  def self.library_path
    Library.path
  end

  # The library's short description of a status code.
  def self.strerror(code)
    Library.sqlscore_strerror(code)
  end
end

# One file per module of the library.
require_relative 'sqlscore/money'
require_relative 'sqlscore/lead'
require_relative 'sqlscore/survey'
require_relative 'sqlscore/campaign'
require_relative 'sqlscore/funnel'
require_relative 'sqlscore/criteria'
