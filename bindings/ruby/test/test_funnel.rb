# frozen_string_literal: true

# Funnels, stage moves and funnel metrics through the binding (funnel
# module); the figures are worked out in bindings/python/tests/test_funnel.py.

require 'minitest'
require 'sqlscore'

class TestFunnel < Minitest::Test
  DAY = 86_400

  def journeys(funnel)
    a = SQLScore::Lead.new('A').move(funnel, 'inquiry', 0).move(funnel, 'mql', 100).move(funnel, 'sql', 300)
    b = SQLScore::Lead.new('B').move(funnel, 'inquiry', 50).move(funnel, 'mql', 150)
    b.move(funnel, 'nurture', 400, reason: 'no budget this year')
    c = SQLScore::Lead.new('C').move(funnel, 'inquiry', 500).move(funnel, 'disqualified', 800)
    d = SQLScore::Lead.new('D').move(funnel, 'inquiry', 1500)
    [a, b, c, d]
  end

  def check_numbers(m)
    assert_equal 3, m.count('inquiry', SQLScore::METRIC_ENTERED)
    assert_equal 2, m.count('inquiry', SQLScore::METRIC_FORWARD)
    assert_equal 1, m.count('inquiry', SQLScore::METRIC_DISQUALIFIED)
    assert_equal 1, m.count('mql', SQLScore::METRIC_RECYCLED)
    assert_equal 1, m.count('sal', SQLScore::METRIC_ENTERED)
    assert_equal 1, m.count(3, SQLScore::METRIC_IN_AT_END)
    assert_equal [2, 3, 2.0 / 3], m.conversion('inquiry', 'mql').to_a
    assert_equal [1, 3, 1.0 / 3], m.lead_to_sql.to_a
    t = m.time_in_stage('inquiry')
    assert_equal [3, 100.0, 300.0], [t.count, t.median, t.p90]
    assert_in_delta 500.0 / 3, t.mean, 1e-10
    assert_equal [2, 225.0, 225.0, 250.0], m.time_in_stage('mql').to_a
    assert_equal [1, 300.0, 300.0, 300.0], m.velocity.to_a
  end

  def test_default_funnel
    f = SQLScore::Funnel.default
    assert_equal 'default', f.name
    assert_equal %w[inquiry mql sal sql opportunity customer nurture disqualified lost], f.stages.map(&:name)
    assert_equal [3, SQLScore::SKIP_ALLOWED, 7], [f.sql_stage, f.skip, f.side_stages]
    assert_equal 1, f.find('MQL')
    assert_equal SQLScore::STAGE_KIND_WON, f.stage('customer').kind
    assert_raises(SQLScore::NotFound) { f.find('won') }
  end

  def test_custom_funnel_and_sla
    f = SQLScore::Funnel.new('sales', stages: ['new', ['working', 7 * DAY], 'qualified', 'won'],
                                      sql_stage: 'qualified', skip: SQLScore::SKIP_FORBIDDEN)
    lead = SQLScore::Lead.new('L').move(f, 'new', 0)
    assert_raises(SQLScore::TransitionNotAllowed) { lead.move(f, 'qualified', 10) }
    lead.move(f, 'working', DAY)
    refute lead.stale?(f, 8 * DAY)
    assert lead.stale?(f, (8 * DAY) + 1)
    assert_raises(SQLScore::InvalidState) { f.add_stage('late') }
    assert_raises(SQLScore::InvalidArgument) { SQLScore::Funnel.new('x', stages: ['a']) }
  end

  def test_moves_and_history
    f = SQLScore::Funnel.default
    a, b, c, d = journeys(f)
    assert_nil SQLScore::Lead.new('new').stage
    assert_equal SQLScore::CurrentStage.new(3, 300), a.stage
    assert_equal [SQLScore::Move.new(nil, 0, 0, SQLScore::MOVE_KIND_ENTER, 0, 0, ''),
                  SQLScore::Move.new(0, 1, 100, SQLScore::MOVE_KIND_FORWARD, 0, 0, ''),
                  SQLScore::Move.new(1, 2, 300, SQLScore::MOVE_KIND_FORWARD, SQLScore::MOVE_SKIPPED, 0, ''),
                  SQLScore::Move.new(2, 3, 300, SQLScore::MOVE_KIND_FORWARD, 0, 0, '')], a.stage_history
    assert_equal 'no budget this year', b.stage_history.last.reason
    e = assert_raises(SQLScore::TransitionNotAllowed) { a.move(f, 'mql', 400) }
    assert_includes e.message, 'SQLSCORE_MOVE_RESET'
    a.move(f, 'mql', 400, flags: SQLScore::MOVE_RESET, reason_code: 7, reason: 're-check')
    assert_equal [SQLScore::MOVE_KIND_RESET, SQLScore::MOVE_RESET, 7, 're-check'], a.stage_history.last.to_a[3..]
    assert_raises(SQLScore::InvalidState) { a.move(f, 'sql', 399) }
    assert_raises(SQLScore::TransitionNotAllowed) { c.move(f, 'mql', 900) }
    other = SQLScore::Funnel.new('other', stages: %w[x y z], sql_stage: 'y')
    assert_raises(SQLScore::Incompatible) { d.move(other, 'y', 2000) }
    assert_equal 1, d.stage_history.size
  end

  def test_metrics_three_ways
    f = SQLScore::Funnel.default
    leads = journeys(f)
    one = SQLScore::FunnelMetrics.new(f, 0, 1000, as_of: 2000)
    leads.each { |l| one << l }
    check_numbers(one)
    check_numbers(SQLScore::FunnelMetrics.new(f, 0, 1000, as_of: 2000).add_leads(leads))
    merged = SQLScore::FunnelMetrics.new(f, 0, 1000, as_of: 2000).add_leads(leads[0, 2])
    merged.merge(SQLScore::FunnelMetrics.new(f, 0, 1000, as_of: 2000).add_leads(leads[2..]))
    check_numbers(merged)
    log = SQLScore::FunnelMetrics.new(f, 0, 1000, as_of: 2000)
    log.add_log([0, 0, 0, 1, 1, 1, 2, 2, 3], %w[inquiry mql sql inquiry mql nurture inquiry disqualified inquiry],
                [0, 100, 300, 50, 150, 400, 500, 800, 1500])
    check_numbers(log)
    bad = SQLScore::FunnelMetrics.new(f, 0, 1000, as_of: 2000)
    e = assert_raises(SQLScore::TransitionNotAllowed) { bad.add_log([0, 0], [3, 1], [0, 10]) }
    assert_equal 1, e.index
    assert_raises(SQLScore::UndefinedRatio) { bad.lead_to_sql }
    assert_raises(SQLScore::InvalidArgument) { SQLScore::FunnelMetrics.new(f, 10, 10) }
  end
end
