# frozen_string_literal: true

# eNPS and pulse surveys through the binding (survey module).

require 'minitest'
require 'sqlscore'

Z95 = 1.959963984540054

# eNPS, variance, SE and Wald bounds from the definitions (GUIDE section 3).
def wald(d, pa, p)
  n = d + pa + p
  pp = p.to_f / n
  dd = d.to_f / n
  var = pp + dd - ((pp - dd)**2)
  se = 100 * Math.sqrt(var / n)
  e = 100 * (pp - dd)
  [e, var, se, [e - (Z95 * se), -100.0].max, [e + (Z95 * se), 100.0].min]
end

class TestEnpsResult < Minitest::Test
  def test_from_counts
    r = SQLScore::EnpsResult.new(2, 3, 5)
    _e, _var, se, lo, hi = wald(2, 3, 5)
    assert_equal [10, 0, false], [r.n, r.skipped, r.suppressed?]
    assert_equal SQLScore::Counts.new(2, 3, 5), r.counts
    assert_in_delta 30.0, r.score, 1e-12
    assert_equal 30, r.rounded
    assert_in_delta 0.61, r.variance, 1e-12
    assert_in_delta se, r.se, 1e-10
    assert_in_delta Z95 * se, r.margin, 1e-10
    low, high = r.interval
    assert_in_delta lo, low, 1e-10
    assert_in_delta hi, high, 1e-10
    assert_equal '#<SQLScore::EnpsResult n=10 enps=+30.00>', r.inspect
    r.close
  end

  def test_adjusted_wald
    _e, _var, _se, lo, hi = wald(2.75, 4.5, 5.75)
    low, high = SQLScore::EnpsResult.new(2, 3, 5).interval(SQLScore::ADJUSTED_WALD)
    assert_in_delta lo, low, 1e-10
    assert_in_delta hi, high, 1e-10
    allp = SQLScore::EnpsResult.new(0, 0, 4)
    assert_equal [100.0, 100.0], allp.interval
    assert_operator allp.interval(SQLScore::ADJUSTED_WALD)[0], :<, 100.0
  end

  def test_rounding_ties
    assert_equal 50, SQLScore::EnpsResult.new(0, 99, 101).rounded
    assert_equal 51, SQLScore::EnpsResult.new(0, 99, 101, rounding: SQLScore::ROUND_HALF_UP).rounded
    assert_equal(-50, SQLScore::EnpsResult.new(101, 99, 0).rounded)
    assert_equal(-51, SQLScore::EnpsResult.new(101, 99, 0, rounding: SQLScore::ROUND_HALF_UP).rounded)
  end

  def test_empty_and_bad
    r = SQLScore::EnpsResult.new(0, 0, 0)
    assert_equal 0, r.n
    assert_raises(SQLScore::UndefinedRatio) { r.score }
    assert_raises(SQLScore::OutOfRange) { SQLScore::EnpsResult.new(1, 1, 1, level: 1.0) }
    assert_raises(SQLScore::OutOfRange) { SQLScore::EnpsResult.new(-1, 1, 1) }
    assert_raises(SQLScore::InvalidArgument) { SQLScore::EnpsResult.new(1, 1, 1, level: Float::NAN) }
    assert_raises(SQLScore::InvalidArgument) { SQLScore::EnpsResult.new(1, 1, 1).interval(5) }
  end

  def test_compare
    a = SQLScore::EnpsResult.new(2, 3, 5)
    b = SQLScore::EnpsResult.new(5, 3, 2)
    c = a.compare(b)
    se = 100 * Math.sqrt((0.61 / 10) + (0.61 / 10))
    assert_in_delta 60.0, c.diff, 1e-10
    assert_in_delta se, c.se, 1e-10
    assert_in_delta 60 - (Z95 * se), c.low, 1e-10
    assert_in_delta Math.erfc((60 / se).abs / Math.sqrt(2)), c.p_value, 1e-12
    assert_equal c, a - b
    assert_raises(SQLScore::Incompatible) { a.compare(SQLScore::EnpsResult.new(1, 1, 1, level: 0.9)) }
  end
end

class TestSurvey < Minitest::Test
  def team_survey(**config)
    s = SQLScore::Survey.new(**config)
    [10, 9, 9, 7, 3, 0].each { |a| s.add(a, segment: 'Sales') }
    [9, 9, 8, 8, 6].each { |a| s.add(a, segment: 'Engineering') }
    [10, 2].each { |a| s.add(a, segment: 'Legal') }
    s.add(nil, segment: 'Sales')
    s
  end

  def test_segments_and_scores
    s = team_survey
    assert_equal %w[Sales Engineering Legal], s.segments
    sales = s.result('Sales')
    assert_equal SQLScore::Counts.new(2, 1, 3), sales.counts
    assert_equal [6, 1], [sales.n, sales.skipped]
    assert_in_delta 100.0 / 6, sales.score, 1e-12
    assert_equal 17, sales.rounded
    assert_equal [4, 3, 6], s.result.counts.to_a
  end

  def test_anonymity_with_complementary_suppression
    s = team_survey
    legal = s.result('Legal')
    assert legal.suppressed?
    assert_equal 2, legal.n
    e = assert_raises(SQLScore::Suppressed) { legal.score }
    assert_equal SQLScore::ESUPPRESSED, e.code
    assert s.result('Engineering').suppressed?
    refute s.result('Sales').suppressed?
    assert_raises(SQLScore::NotFound) { s.result('Marketing') }
  end

  def test_configuration
    s = SQLScore::Survey.new(scale: [1, 5, 2, 5], threshold: 3, rounding: SQLScore::ROUND_HALF_UP)
    [5, 5, 4, 1].each { |a| s.add(a) }
    assert_equal [1, 1, 2], s.result.counts.to_a
    assert_raises(SQLScore::InvalidState) { s.threshold = 4 }
    assert_raises(SQLScore::InvalidArgument) { s.add(6) }
    assert_raises(SQLScore::InvalidArgument) { s.add(4.5) }
    assert_raises(SQLScore::OutOfRange) { SQLScore::Survey.new(threshold: 2) }
    assert_raises(SQLScore::OutOfRange) { SQLScore::Survey.new(scale: [0, 10, 9, 6]) }
    assert_equal 4, s.result.n
  end

  def test_batch_matches_one_by_one
    answers = [10, 9, 3, 7, nil, 8, 0, 10]
    teams = %w[A B A A B B A B]
    one = SQLScore::Survey.new(threshold: 3)
    answers.zip(teams).each { |a, t| one.add(a, segment: t) }
    [answers, answers.map { |a| a || 255 }.pack('C*')].each do |buf|
      many = SQLScore::Survey.new(threshold: 3)
      many.add_batch(buf, segments: teams)
      ['A', 'B', nil].each do |team|
        assert_equal [one.result(team).counts, one.result(team).skipped],
                     [many.result(team).counts, many.result(team).skipped]
      end
    end
    idx = SQLScore::Survey.new(threshold: 3)
    a = idx.segment('A')
    b = idx.segment('B')
    idx.add_batch([10, 0, 9, 9, 0, 0], segments: [a, b, a, a, b, b])
    assert_equal [0, 0, 3], idx.result('A').counts.to_a
  end

  # Indices go to the library as 1, 2 or 4 bytes, the narrowest that
  # holds them: 3 and 300 segments count what one answer at a time counts,
  # and an index never interned is reported by the call that got it.
  def test_batch_index_widths
    [3, 300, 70_000].each do |nseg|
      one = SQLScore::Survey.new(threshold: 3)
      many = SQLScore::Survey.new(threshold: 3)
      names = (0...nseg).map { |i| "t#{i}" }
      names.each { |t| one.segment(t) && many.segment(t) }
      answers = (0...900).map { |i| i % 13 == 0 ? nil : (i * 7) % 11 }
      teams = (0...900).map { |i| (i * 37) % 3 + (nseg - 3) * (i % 2) }
      answers.zip(teams).each { |a, t| one.add(a, segment: names[t]) }
      many.add_batch(answers, segments: teams)
      [names[0], names[1], names[2], names[nseg - 1], nil].uniq.each do |team|
        assert_equal [one.result(team).counts.to_a, one.result(team).skipped],
                     [many.result(team).counts.to_a, many.result(team).skipped], "#{nseg}: #{team}"
      end
      e = assert_raises(SQLScore::InvalidArgument) { many.add_batch([9, 9], segments: [0, nseg]) }
      assert_equal 1, e.index
      assert_includes e.message, nseg > 65_535 ? 'sqlscore_survey_add_batch:' : 'sqlscore_survey_add_batch_width:'
    end
  end

  def test_batch_all_or_nothing
    s = SQLScore::Survey.new
    e = assert_raises(SQLScore::InvalidArgument) { s.add_batch([9, 11, 3], segments: 'Sales') }
    assert_equal 1, e.index
    assert_equal 0, s.result.n
    assert_raises(ArgumentError) { s.add_batch([9, 9], times: [1]) }
    s.add_batch([9, 9], segments: 'Sales', respondents: ['r1', nil])
    assert_equal 2, s.result('Sales').n
    # arguments the binding refuses register no segment name
    before = s.segments
    [{ segments: %w[New1 New2], times: [1] }, { segments: %w[New1 New2], respondents: ['r'] },
     { segments: %w[New1 New2 New3] }].each do |kwargs|
      assert_raises(ArgumentError) { s.add_batch([9, 9], **kwargs) }
      assert_equal before, s.segments
    end
  end

  def test_periods_and_trend
    s = SQLScore::Survey.new(period: SQLScore::PERIOD_MONTH, threshold: 3)
    oct = Time.utc(2026, 10, 5)
    nov = Time.utc(2026, 11, 20)
    [10, 10, 0, 7].each { |a| s.add(a, time: oct) }
    [10, 10, 10, 9, 3].each { |a| s.add(a, time: nov) }
    assert_equal [Time.utc(2026, 10, 1).to_i, Time.utc(2026, 11, 1).to_i], s.periods
    assert_equal [Time.utc(2026, 11, 1).to_i, Time.utc(2026, 12, 1).to_i], s.period_of(nov)
    assert_in_delta 25.0, s.result(period: oct).score, 1e-12
    assert_in_delta 60.0, s.result(period: Time.utc(2026, 11, 1).to_i).score, 1e-12
    t = s.trend(1)
    assert_in_delta 35.0, t.change, 1e-10
    c = s.result(period: nov).compare(s.result(period: oct))
    assert_in_delta c.p_value, t.p_value, 1e-12
    assert_equal c.p_value < 0.05, t.significant
    assert_raises(SQLScore::UndefinedRatio) { s.trend(0) }
    assert_equal 9, s.result_range(Time.utc(2026, 10, 1), Time.utc(2026, 12, 1)).n
    assert_equal s.result(period: nov).counts, s.result_range(Time.utc(2026, 11, 1), Time.utc(2026, 12, 1)).counts
    assert_raises(SQLScore::InvalidArgument) { s.result_range(Time.utc(2026, 12, 1), Time.utc(2026, 11, 1)) }
    assert_raises(SQLScore::InvalidArgument) { s.add(9) }
  end

  def test_merge_and_serialize
    whole = team_survey
    a = SQLScore::Survey.new
    b = SQLScore::Survey.new
    [10, 9, 9].each { |x| a.add(x, segment: 'Sales') }
    [7, 3, 0].each { |x| b.add(x, segment: 'Sales') }
    [9, 9, 8, 8, 6].each { |x| b.add(x, segment: 'Engineering') }
    a.add(10, segment: 'Legal')
    b.add(2, segment: 'Legal')
    a.add(nil, segment: 'Sales')
    a << b
    ['Sales', 'Engineering', 'Legal', nil].each do |seg|
      r1 = whole.result(seg)
      r2 = a.result(seg)
      assert_equal [r1.n, r1.skipped, r1.suppressed?], [r2.n, r2.skipped, r2.suppressed?]
    end
    data = a.serialize
    assert_equal Encoding::BINARY, data.encoding
    back = SQLScore::Survey.parse(data)
    assert_equal [2, 1, 3], back.result('Sales').counts.to_a
    assert_equal data, back.serialize
    bad = data.dup
    bad.setbyte(bad.bytesize / 2, bad.getbyte(bad.bytesize / 2) ^ 0xFF)
    assert_raises(SQLScore::ParseError) { SQLScore::Survey.parse(bad) }
    assert_raises(SQLScore::ParseError) { SQLScore::Survey.parse(data[0...-3]) }
    assert_raises(SQLScore::Incompatible) { a.merge(SQLScore::Survey.new(threshold: 7)) }
    assert_raises(SQLScore::InvalidArgument) { a.merge(a) }
  end

  def test_block_form
    n = SQLScore::Survey.open(threshold: 3) do |s|
      s.add_batch([9, 9, 9])
      s.result.n
    end
    assert_equal 3, n
  end
end

class TestPulse < Minitest::Test
  T = 1_793_577_600 # 2026-11-01T00:00Z

  def make
    SQLScore::Pulse.new(SQLScore::PULSE_MONTHLY, threshold: 3,
                                                 questions: [['enps', 'Would you recommend us?', SQLScore::QUESTION_ENPS],
                                                             ['growth', 'I can grow here', SQLScore::QUESTION_LIKERT]])
  end

  def test_questions_rates_and_stats
    p = make
    assert_equal [SQLScore::Question.new('enps', 'Would you recommend us?', SQLScore::QUESTION_ENPS),
                  SQLScore::Question.new('growth', 'I can grow here', SQLScore::QUESTION_LIKERT)], p.questions
    p.set_invited('A', T, 8)
    p.add_response('A', T, [10, 5])
    p.add_response('A', T + 60, [9, 4])
    p.add_response('A', T + 120, { 'enps' => 3, 'growth' => 2 })
    p.add_response('A', T + 180, [nil, nil])
    assert_equal SQLScore::ResponseRate.new(4, 8, 0.5), p.response_rate('A', T)
    g = p.question('growth', 'A', T)
    assert_equal 3, g.n
    assert_in_delta 11.0 / 3, g.mean, 1e-12
    assert_in_delta 200.0 / 3, g.favorable, 1e-10
    assert_equal [1, 0, 2], p.enps('enps', 'A', T).counts.to_a
    assert_raises(SQLScore::WrongType) { p.enps('growth', 'A', T) }
  end

  def test_limits
    p = SQLScore::Pulse.new(SQLScore::PULSE_WEEKLY)
    10.times { |i| p.add_question("q#{i}", "Question #{i}") }
    assert_raises(SQLScore::OutOfRange) { p.add_question('q10', 'One too many') }
    assert_equal 10, p.questions.size
    assert_raises(SQLScore::AlreadyExists) { SQLScore::Pulse.new(questions: [%w[a x], %w[a y]]) }
    q = make
    assert_raises(SQLScore::InvalidArgument) { q.add_response('A', T, [10]) }
    assert_raises(SQLScore::InvalidArgument) { q.add_response('A', T, [10, 6]) }
    assert_raises(SQLScore::NotFound) { q.add_response('A', T, { 'nope' => 1 }) }
    q.add_response('A', T, [10, 5])
    assert_raises(SQLScore::Suppressed) { q.question('growth', 'A', T) }
    assert_raises(SQLScore::UndefinedRatio) { q.response_rate('A', T) }
  end
end
