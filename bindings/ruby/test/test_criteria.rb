# frozen_string_literal: true

# Criteria, evaluation and results through the binding (qualification
# module); the figures are worked out in bindings/python/tests/test_criteria.py.

require 'minitest'
require 'tmpdir'
require 'sqlscore'

DAY = 86_400
AS_OF = 1_793_577_600 # 2026-11-01T00:00Z

RULES = <<~RULES
  # The qualification rules used by these tests.
  criteria "demo" version 3
  group "web" cap 30
  fit "big" if employees >= 500 then +20 points and +3 grade
  fit "vp" in group "web" if title contains "VP" then +10 points
  engagement "demo" on "demo_request" then +40 points once
  engagement "visits" on "visit" if value >= 60 then +5 points decay half-life 1w
  disqualify "competitor" if domain ends with "rival.com"
  gate "authority" if authority is met
  mql at score 30
  sql at score 60 and grade C
RULES

class TestCriteria < Minitest::Test
  def built
    SQLScore::Criteria.new('demo', 3)
                      .add_group('web', 30)
                      .add_fit('big', 'employees >= 500', points: 20, grade_steps: 3)
                      .add_fit('vp', 'title contains "VP"', points: 10, group: 'web')
                      .add_engagement('demo', 'demo_request', 40, limit: 1)
                      .add_engagement('visits', 'visit', 5, value: 'value >= 60',
                                                            decay: SQLScore::DECAY_HALF_LIFE, decay_period: 7 * DAY)
                      .add_disqualifier('competitor', 'domain ends with "rival.com"')
                      .add_gate('authority', 'authority is met')
                      .set_mql(30).set_sql(60, SQLScore::GRADE_C).build
  end

  def vp_lead(authority: true, domain: 'acme.com')
    lead = SQLScore::Lead.new('L-1')
    lead['employees'] = 800
    lead['title'] = 'VP Sales'
    lead['domain'] = domain
    lead.add_event('demo_request', AS_OF - (3 * DAY))
    lead.add_event('demo_request', AS_OF - (2 * DAY))
    lead.add_event('visit', AS_OF - (7 * DAY), value: 90)
    lead.add_event('visit', AS_OF - DAY, value: 30)
    lead.add_event('visit', AS_OF + DAY, value: 90)
    lead.set_check('authority', true) if authority
    lead
  end

  def setup
    @crit = built
  end

  def test_sql_lead
    r = @crit.evaluate(vp_lead, AS_OF)
    assert_equal [SQLScore::VERDICT_SQL, 'SQL'], [r.verdict, r.verdict_name]
    assert_equal 72.5, r.score
    assert_equal [SQLScore::GRADE_C, 'C'], [r.grade, r.grade_name]
    assert_equal [30.0, 42.5], [r.fit_points, r.engagement_points]
    assert_equal [0, 0.0], [r.gates_failed, r.points_to_sql]
    assert_equal ['demo', 3, 'L-1', AS_OF], [r.criteria_name, r.criteria_version, r.lead_id, r.as_of]
    assert_equal '#<SQLScore::Result "L-1": SQL, score 72.5, grade C>', r.inspect
  end

  def test_rule_outcomes
    r = @crit.evaluate(vp_lead, AS_OF)
    o = SQLScore::RuleOutcome
    assert_equal [o.new('big', SQLScore::RULE_FIT, true, 20.0, 3), o.new('vp', SQLScore::RULE_FIT, true, 10.0, 0),
                  o.new('demo', SQLScore::RULE_ENGAGEMENT, true, 40.0, 0),
                  o.new('visits', SQLScore::RULE_ENGAGEMENT, true, 2.5, 0),
                  o.new('competitor', SQLScore::RULE_DISQUALIFIER, false, 0.0, 0),
                  o.new('authority', SQLScore::RULE_GATE, true, 0.0, 0)], r.rules
    refute @crit.evaluate(vp_lead(authority: false), AS_OF).rules.last.fired
  end

  def test_failed_gate_explained
    r = @crit.evaluate(vp_lead(authority: false), AS_OF)
    assert_equal [SQLScore::VERDICT_MQL, 1], [r.verdict, r.gates_failed]
    assert_includes r.explain, 'gate "authority" failed'
  end

  def test_crossings
    mql = @crit.evaluate(vp_lead(authority: false), AS_OF)
    sql = @crit.evaluate(vp_lead, AS_OF)
    assert_equal [:sql_up], sql.crossings(mql)
    assert_equal %i[mql_up sql_up], sql.crossings
    assert_equal [:sql_down], mql.crossings(sql)
    assert_equal [], sql.crossings(sql)
    dq = @crit.evaluate(vp_lead(domain: 'sales.rival.com'), AS_OF)
    assert_equal SQLScore::VERDICT_DISQUALIFIED, dq.verdict
    assert_equal %i[mql_down sql_down disqualified], dq.crossings(sql)
    assert_raises(SQLScore::Incompatible) { @crit.evaluate(SQLScore::Lead.new('other'), AS_OF).crossings(sql) }
  end

  def test_rules_text_round_trip
    parsed = SQLScore::Criteria.parse(RULES)
    assert_equal @crit.write, parsed.write
    assert_equal parsed.write, SQLScore::Criteria.parse(parsed.write).write
    assert_equal ['demo', 3], [parsed.name, parsed.version]
    assert_equal ['BANT', %w[budget authority need timeline]], parsed.framework
    assert_equal 72.5, parsed.evaluate(vp_lead, AS_OF).score
  end

  def test_parse_error_has_line_and_column
    bad = "criteria \"x\" version 1\nfit \"a\" iff employees > 5 then +1 points\n"
    e = assert_raises(SQLScore::ParseError) { SQLScore::Criteria.parse(bad, 'leads.rules') }
    assert_equal SQLScore::EPARSE, e.code
    assert e.message.start_with?('leads.rules:2:9: '), e.message
    Dir.mktmpdir do |tmp|
      path = File.join(tmp, 'demo.rules')
      File.write(path, RULES)
      assert_equal 'demo', SQLScore::Criteria.load(path).name
      File.write(path, "criteria \"x\" version 1\nfitt\n")
      e = assert_raises(SQLScore::ParseError) { SQLScore::Criteria.load(path) }
      assert_includes e.message, "#{path}:2:1:"
    end
  end

  def test_builder_errors
    c = SQLScore::Criteria.new('x')
    assert_raises(SQLScore::ParseError) { c.add_fit('a', 'employees >>= 5', points: 1) }
    c.add_fit('a', 'employees >= 5', points: 1)
    assert_raises(SQLScore::AlreadyExists) { c.add_fit('a', 'employees >= 6', points: 1) }
    assert_raises(SQLScore::NotFound) { c.add_fit('b', 'employees >= 6', points: 1, group: 'nope') }
    assert_raises(SQLScore::InvalidArgument) { c.build }
    c.set_mql(50).set_sql(40)
    assert_raises(SQLScore::InvalidArgument) { c.build }
    c.set_sql(60).build
    assert_raises(SQLScore::InvalidState) { c.add_gate('g', 'budget is met') }
  end

  def test_batch_equals_one_by_one
    leads = [vp_lead, vp_lead(authority: false), vp_lead(domain: 'rival.com'), SQLScore::Lead.new('empty')]
    out = @crit.evaluate_batch(leads, AS_OF)
    leads.each_with_index do |lead, i|
      r = @crit.evaluate(lead, AS_OF)
      assert_equal [r.score, r.grade, r.verdict], [out.scores[i], out.grades[i], out.verdicts[i]]
    end
    assert_equal [2, 1, 3, 0], out.verdicts
    assert_equal [], @crit.evaluate_batch([], AS_OF).scores
    assert_raises(TypeError) { @crit.evaluate_batch(['L-1'], AS_OF) }
  end

  def test_columns_equal_leads
    out = @crit.evaluate_columns('employees' => [800, nil, 600, 0],
                                 'title' => ['VP Sales', 'VP Ops', nil, 'Engineer'],
                                 'domain' => ['acme.com', 'rival.com', 'b.io', nil])
    # 800 employees: +20 and C; VP: +10; no events, no authority -> MQL.
    assert_equal [30.0, 10.0, 20.0, 0.0], out.scores
    assert_equal [1, 3, 0, 0], out.verdicts
    assert_raises(ArgumentError) { @crit.evaluate_columns('employees' => [1.0], 'title' => %w[a b]) }
    e = assert_raises(SQLScore::InvalidArgument) { @crit.evaluate_columns('employees' => [1.0, Float::NAN]) }
    assert_includes e.message, 'employees'
  end

  def test_coded_columns_equal_text_columns
    employees = [800, 100, 600, 0, 50, 900]
    plain = @crit.evaluate_columns('employees' => employees,
                                   'title' => ['VP Sales', 'VP Ops', nil, 'Engineer', 'VP Sales', nil])
    # 800 employees +20, VP +10; 100: VP only; 600: +20; ...
    assert_equal [30.0, 10.0, 20.0, 0.0, 10.0, 20.0], plain.scores
    # a duplicate category, a nil category and two kinds of negative codes
    cats = ['Engineer', 'VP Sales', 'VP Ops', 'VP Sales', nil]
    coded = @crit.evaluate_columns('employees' => employees,
                                   'title' => SQLScore::Coded.new([1, 2, -1, 0, 3, 4], cats))
    assert_equal plain.to_a, coded.to_a
    e = assert_raises(SQLScore::InvalidArgument) do
      @crit.evaluate_columns('employees' => employees, 'title' => SQLScore::Coded.new([0, 1, 2, 3, 4, 5], cats))
    end
    assert_includes e.message, "column 'title' row 5: code 5 is outside the dictionary (5 entries)"
    assert_raises(ArgumentError) do
      @crit.evaluate_columns('employees' => employees, 'title' => SQLScore::Coded.new([0, 1], cats))
    end
    assert_raises(TypeError) { @crit.evaluate_columns('title' => ['VP', 3]) }
  end

  def test_names
    assert_equal 'A+', SQLScore.grade_name(SQLScore::GRADE_A_PLUS)
    assert_equal 'disqualified', SQLScore.verdict_name(SQLScore::VERDICT_DISQUALIFIED)
    assert_raises(SQLScore::InvalidArgument) { SQLScore.grade_name(13) }
  end
end
