# frozen_string_literal: true

# Money through the binding (cpsql module): digits, parsing, formatting.

require 'minitest'
require 'sqlscore'

class TestMoney < Minitest::Test
  def test_currency_digits
    { 'JPY' => 0, 'USD' => 2, 'EUR' => 2, 'KWD' => 3, 'CLF' => 4 }.each do |code, digits|
      assert_equal digits, SQLScore.currency_digits(code), code
    end
  end

  def test_currency_errors
    e = assert_raises(SQLScore::InvalidArgument) { SQLScore.currency_digits('usd') }
    assert_equal SQLScore::EINVAL, e.code
    assert_raises(SQLScore::NotFound) { SQLScore.currency_digits('XXX') }
    assert_raises(TypeError) { SQLScore.currency_digits(840) }
  end

  def test_parse
    [['1234.5', 'USD', 123_450], ['1,234.56', 'USD', 123_456], ['-3', 'USD', -300],
     ['+3', 'JPY', 3], ['0.001', 'KWD', 1], ['-0', 'EUR', 0]].each do |text, cur, want|
      assert_equal want, SQLScore.parse_money(text, cur), text
    end
  end

  def test_rounding_ties
    assert_equal 12, SQLScore.parse_money('0.125', 'USD')
    assert_equal 13, SQLScore.parse_money('0.125', 'USD', SQLScore::ROUND_HALF_UP)
    assert_equal(-12, SQLScore.parse_money('-0.125', 'USD'))
    assert_equal(-13, SQLScore.parse_money('-0.125', 'USD', SQLScore::ROUND_HALF_UP))
    assert_equal 13, SQLScore.parse_money('0.1251', 'USD')
  end

  def test_parse_errors
    e = assert_raises(SQLScore::ParseError) { SQLScore.parse_money('1,23.4', 'USD') }
    assert_equal SQLScore::EPARSE, e.code
    assert_includes e.message, 'position 5'
    ['.5', '5.', '1e3', ' 5', '', '0,500'].each do |bad|
      assert_raises(SQLScore::ParseError, bad) { SQLScore.parse_money(bad, 'USD') }
    end
    assert_raises(SQLScore::OutOfRange) { SQLScore.parse_money('92233720368547758.08', 'USD') }
    assert_raises(SQLScore::InvalidArgument) { SQLScore.parse_money('1', 'USD', 7) }
    # A byte that is not UTF-8 is outside the grammar like any other.
    e = assert_raises(SQLScore::ParseError) { SQLScore.parse_money("1\xFF".b.force_encoding('UTF-8'), 'USD') }
    assert_includes e.message, 'position 2'
  end

  def test_format
    assert_equal '-1234.56', SQLScore.format_money(-123_456, 'USD')
    assert_equal '5', SQLScore.format_money(5, 'JPY')
    assert_equal '0.001', SQLScore.format_money(1, 'KWD')
    lo = -2**63
    assert_equal '-92233720368547758.08', SQLScore.format_money(lo, 'USD')
    assert_equal lo, SQLScore.parse_money(SQLScore.format_money(lo, 'USD'), 'USD')
    assert_raises(SQLScore::NotFound) { SQLScore.format_money(1, 'XXX') }
  end

  def test_buffer_grows_when_too_small
    assert_equal '-1234.56', SQLScore::Library.buffer_text(:sqlscore_money_format, 1, -123_456, 'USD')
  end

  def test_error_detail_is_per_thread
    failures = Queue.new
    threads = Array.new(8) do |k|
      Thread.new do
        300.times do |i|
          bad = "#{k}.#{i}.9" # two decimal points
          begin
            SQLScore.parse_money(bad, 'USD')
            failures << [bad, 'no error']
          rescue SQLScore::ParseError => e
            failures << [bad, e.message] unless e.message.include?("'#{bad}'")
          end
        end
      end
    end
    threads.each(&:join)
    assert_equal 0, failures.size
  end

  def test_money_value
    m = SQLScore::Money.parse('1,234.56', 'USD')
    assert_equal SQLScore::Money.new(123_456, 'USD'), m
    assert_equal '1234.56 USD', m.to_s
    assert_equal '1234.56', m.text
    assert_equal Rational(123_456, 100), m.to_r
    assert m.frozen?
  end
end
