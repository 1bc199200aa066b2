# frozen_string_literal: true

module SQLScore
  # Exact money: ISO 4217 minor units, parsing and formatting (cpsql module).
  module Library
    fn :sqlscore_currency_digits, %i[string pointer], :int
    fn :sqlscore_money_parse, %i[pointer string string int32], :int
    fn :sqlscore_money_format, %i[pointer size_t pointer int64 string], :int
  end

  # Minor-unit digits of an ISO 4217 code: 2 for "USD", 0 for "JPY".
  def self.currency_digits(currency)
    out = FFI::MemoryPointer.new(:int32)
    Library.check(Library.sqlscore_currency_digits(Library.text(currency, 'currency'), out))
    out.read(:int32)
  end

  # Decimal text ("1,234.56", "-3", "0.125") as exact minor units; extra
  # digits are rounded half-even (or half away from zero with ROUND_HALF_UP).
  def self.parse_money(amount, currency, rounding = ROUND_HALF_EVEN)
    out = FFI::MemoryPointer.new(:int64)
    Library.check(Library.sqlscore_money_parse(out, Library.text(amount, 'amount'),
                                               Library.text(currency, 'currency'),
                                               Library.i32(rounding, 'rounding')))
    out.read(:int64)
  end

  # Minor units as plain decimal text: format_money(-123456, "USD") == "-1234.56".
  def self.format_money(minor, currency)
    Library.buffer_text(:sqlscore_money_format, 32, Library.i64(minor, 'minor'),
                        Library.text(currency, 'currency'))
  end

  # An exact amount: +minor+ units of an ISO 4217 +currency+.
  #   SQLScore::Money.parse("1,234.56", "USD") == SQLScore::Money.new(123456, "USD")
  #   SQLScore::Money.new(123456, "USD").to_s == "1234.56 USD"
  Money = Struct.new(:minor, :currency) do
    def initialize(minor, currency)
      super(Integer(minor), currency.to_s.dup.freeze)
      freeze
    end

    def self.parse(amount, currency, rounding = ROUND_HALF_EVEN)
      new(SQLScore.parse_money(amount, currency, rounding), currency)
    end

    # The amount alone as decimal text, e.g. "1234.56".
    def text
      SQLScore.format_money(minor, currency)
    end

    # The amount in major units as an exact Rational.
    def to_r
      Rational(minor, 10**SQLScore.currency_digits(currency))
    end

    def to_s
      "#{text} #{currency}"
    end
  end
end
