# frozen_string_literal: true

# Campaigns, rates, ratios, attribution and portfolios through the binding
# (cpsql module); the figures are worked out in bindings/python/tests/test_campaign.py.

require 'minitest'
require 'sqlscore'

class TestRatio < Minitest::Test
  def test_round_and_compare
    assert_equal 33_333, SQLScore.ratio_round(Rational(100_000, 3))
    assert_equal 125_000, SQLScore.ratio_round(Rational(1, 8), 1_000_000)
    assert_equal 2, SQLScore.ratio_round([5, 2])
    assert_equal 3, SQLScore.ratio_round([5, 2], 1, SQLScore::ROUND_HALF_UP)
    assert_equal(-3, SQLScore.ratio_round([-5, 2], 1, SQLScore::ROUND_HALF_UP))
    assert_raises(SQLScore::UndefinedRatio) { SQLScore.ratio_round([1, 0]) }
    assert_equal 0, SQLScore.ratio_compare(Rational(1, 3), [2, 6])
    assert_equal(-1, SQLScore.ratio_compare([1, 3], [1, 2]))
    assert_raises(TypeError) { SQLScore.ratio_compare(0.5, [1, 2]) }
  end
end

class TestCampaign < Minitest::Test
  def make
    SQLScore::Campaign.new('webinar-7', 'USD', name: 'Webinar 7')
                      .add_spend(100_000, category: SQLScore::SPEND_MARKETING, time: 1000)
                      .add_spend(SQLScore::Money.new(20_000, 'USD'), category: SQLScore::SPEND_SALES, time: 2000)
                      .set_counts(leads: 80, mqls: 20, sqls: 5, opportunities: 2)
  end

  def test_identity_and_metrics
    c = make
    assert_equal ['webinar-7', 'Webinar 7', 'USD'], [c.id, c.name, c.currency]
    assert_equal [80, 20, 5, 2], c.counts.to_a
    assert_equal 120_000, c.spend
    assert_equal 100_000, c.spend(SQLScore::SPEND_MARKETING)
    cpl = c.metric(SQLScore::METRIC_CPL)
    cpsql = c.metric(SQLScore::METRIC_CPSQL)
    r1 = c.metric(SQLScore::METRIC_LEAD_TO_MQL)
    r2 = c.metric(SQLScore::METRIC_MQL_TO_SQL)
    assert_equal [1500, 24_000, Rational(1, 4), Rational(1, 4)], [cpl, cpsql, r1, r2]
    assert_equal cpsql, cpl / (r1 * r2)
    assert_equal 250_000, c.metric_rounded(SQLScore::METRIC_LEAD_TO_MQL)
    assert_equal '240.00 USD', c.cpsql.to_s
    assert_equal [SQLScore::Spend.new(100_000, 'USD', 1, 1000), SQLScore::Spend.new(20_000, 'USD', 2, 2000)],
                 c.spends
  end

  def test_zero_sqls_and_bad_input
    c = SQLScore::Campaign.new('c', 'USD').set_counts(leads: 10, mqls: 2, sqls: 0)
    assert_equal 0, c.metric(SQLScore::METRIC_CPL)
    e = assert_raises(SQLScore::UndefinedRatio) { c.metric(SQLScore::METRIC_CPSQL) }
    assert_equal SQLScore::EUNDEFINED, e.code
    assert_raises(SQLScore::NotFound) { SQLScore::Campaign.new('c', 'XXX') }
    assert_raises(SQLScore::InvalidArgument) { c.add_spend(1, category: 7) }
    assert_raises(SQLScore::InvalidArgument) { c.set_counts(leads: -1) }
    assert_equal [], c.spends
  end

  def test_rates
    r = SQLScore::Rates.new.set('EUR', 'USD', 0, '1.0843').set('USD', 'JPY', 0, 150)
    assert_equal 10_843, r.convert(10_000, 'EUR', 'USD', 5)
    assert_equal 10_000, r.convert(10_843, 'USD', 'EUR', 5)
    assert_equal 150, r.convert(100, 'USD', 'JPY', 5)
    assert_raises(SQLScore::Incompatible) { r.convert(1, 'EUR', 'JPY', 5) }
    assert_raises(SQLScore::ParseError) { r.set('EUR', 'CHF', 0, '1,05') }
    assert_raises(TypeError) { r.set('EUR', 'CHF', 0, 1.05) }
    c = SQLScore::Campaign.new('c', 'USD').add_spend(10_000, currency: 'EUR', time: 50)
    assert_raises(SQLScore::Incompatible) { c.spend }
    assert_equal 10_843, c.spend(rates: r)
  end
end

class TestAttribution < Minitest::Test
  def three_touches(**kw)
    SQLScore::Attribution.new(**kw)
                         .add_touch('L1', 'c1', 1, SQLScore::TOUCH_LEAD_CREATION)
                         .add_touch('L1', 'c2', 2).add_touch('L1', 'c3', 3).add_touch('L1', 'c2', 20)
                         .add_conversion('L1', 10)
  end

  def test_linear_and_models
    a = three_touches
    r = a.run
    assert_equal [1, 1], [r.conversions, r.attributed]
    assert_equal [333_334, 333_333, 333_333], r.credits
    assert_equal 333_333, r.credit(a.find_campaign('c2'))
    assert_equal SQLScore::TouchCredit.new(0, nil), r.touch(3)
    assert_equal [3, 1, 4, 1], a.sizes.to_a
    assert_equal [1_000_000, 0, 0], three_touches(model: SQLScore::MODEL_U_SHAPED).run.credits
    assert_equal [400_000, 200_000, 400_000], three_touches(model: SQLScore::MODEL_POSITION_BASED).run.credits
    assert_equal [250_000, 500_000, 250_000], three_touches(weights: [1, 0, 0, 1, 2]).run.credits
    assert_raises(SQLScore::InvalidState) { SQLScore::Attribution.new(model: SQLScore::MODEL_CUSTOM) }
  end

  def test_batch_equals_one_by_one
    many = SQLScore::Attribution.new
                                .add_touches(%w[L1 L1 L1 L1], %w[c1 c2 c3 c2], [1, 2, 3, 20], flags: [1, 0, 0, 0])
                                .add_conversions(['L1'], [10])
    assert_equal three_touches.run.credits, many.run.credits
    assert_raises(SQLScore::InvalidArgument) { many.add_touches([0, 9], [0, 0], [1, 2]) }
    assert_equal 4, many.sizes.touches
  end

  def test_cpsql_with_fractional_credit
    a = three_touches
    r = a.run
    c1 = SQLScore::Campaign.new('c1', 'USD').add_spend(100_000)
    assert_equal Rational(100_000 * (10**6), 333_334), a.cpsql(r, c1)
    assert_raises(SQLScore::UndefinedRatio) { a.cpsql(r, c1, min_credit: 500_000) }
    assert_equal [1, 1], a.campaign_counts(r, 'c2')
    a.add_conversion('L2', 5)
    assert_raises(SQLScore::InvalidState) { a.cpsql(r, c1) }
  end
end

class TestPortfolio < Minitest::Test
  def test_direct_counting
    a = SQLScore::Campaign.new('a', 'USD').add_spend(100_000).set_counts(leads: 50, sqls: 4)
    b = SQLScore::Campaign.new('b', 'EUR').add_spend(10_000).set_counts(leads: 10, sqls: 1)
    rates = SQLScore::Rates.new.set('EUR', 'USD', 0, '1.1')
    p = SQLScore::Portfolio.new('USD', [a, b])
    assert_equal 2, p.size
    assert_raises(SQLScore::InvalidState) { p.total }
    p.compute(rates: rates)
    assert_equal [['a', 100_000, 50, 4, 4_000_000], ['b', 11_000, 10, 1, 1_000_000]], p.rows.map(&:to_a)
    assert_equal [111_000, 60, 5, 5_000_000], p.total.to_a
    assert_equal 25_000, p.cpsql(0)
    assert_equal Rational(111_000, 5), p.cpsql
    assert_raises(SQLScore::AlreadyExists) { p << a }
  end
end
