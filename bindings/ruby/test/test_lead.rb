# frozen_string_literal: true

# Leads through the binding (qualification module).

require 'minitest'
require 'sqlscore'

class TestLead < Minitest::Test
  def setup
    @lead = SQLScore::Lead.new('lead-1')
  end

  def teardown
    @lead.close
  end

  def test_id_and_inspect
    assert_equal 'lead-1', @lead.id
    assert_equal '#<SQLScore::Lead "lead-1">', @lead.inspect
    seen = nil
    SQLScore::Lead.open('Zoë') { |l| seen = l.id }
    assert_equal 'Zoë', seen
  end

  def test_bad_id
    e = assert_raises(SQLScore::InvalidArgument) { SQLScore::Lead.new('') }
    assert_includes e.message, 'sqlscore_lead_new'
    assert_raises(SQLScore::InvalidArgument) { SQLScore::Lead.new("\xFF".b.force_encoding('UTF-8')) }
    assert_raises(TypeError) { SQLScore::Lead.new(42) }
  end

  def test_typed_attributes_by_ruby_class
    when_ = Time.utc(2026, 3, 1, 12, 0, 0)
    values = { 'title' => 'CTO', 'score' => 2.5, 'employees' => 250, 'student' => false,
               'signed_up' => when_, 'budget' => SQLScore::Money.new(5_000_000, 'USD') }
    values.each { |k, v| @lead[k] = v }
    assert_equal({ 'budget' => SQLScore::ATTR_MONEY, 'employees' => SQLScore::ATTR_INTEGER,
                   'score' => SQLScore::ATTR_NUMBER, 'signed_up' => SQLScore::ATTR_TIME,
                   'student' => SQLScore::ATTR_BOOLEAN, 'title' => SQLScore::ATTR_TEXT },
                 @lead.attribute_types)
    values.each do |k, v|
      assert_equal v, @lead[k], k
      assert_equal v.class, @lead[k].class, k
    end
    # 2026-03-01T12:00Z = 20513 days * 86400 + 12 h.
    assert_equal 20_513 * 86_400 + 43_200, @lead.get_time('signed_up')
    assert_equal %w[budget employees score signed_up student title], @lead.keys
    assert_equal 250, @lead.to_h['employees']
  end

  def test_explicit_setters_and_type_errors
    @lead.set_time('created', 1_700_000_000)
    assert_equal SQLScore::ATTR_TIME, @lead.attr_type('created')
    @lead.set_money('deal', 1999, 'EUR')
    assert_equal SQLScore::Money.new(1999, 'EUR'), @lead.get_money('deal')
    @lead.set_number('ratio', 3)
    assert_equal 3.0, @lead.get_number('ratio')
    e = assert_raises(SQLScore::WrongType) { @lead.get_text('ratio') }
    assert_equal SQLScore::ETYPE, e.code
    @lead['n'] = 5
    assert_raises(SQLScore::WrongType) { @lead.get_number('n') }
  end

  def test_bad_values
    e = assert_raises(SQLScore::InvalidArgument) { @lead['x'] = Float::NAN }
    assert_includes e.message, 'NaN'
    assert_raises(SQLScore::InvalidArgument) { @lead.set_number('x', Float::INFINITY) }
    assert_raises(SQLScore::InvalidArgument) { @lead.set_money('x', 1, 'usd') }
    assert_raises(SQLScore::InvalidArgument) { @lead[''] = 1 }
    assert_raises(TypeError) { @lead['x'] = [1, 2] }
    assert_raises(SQLScore::OutOfRange) { @lead['x'] = 2**63 }
    assert_raises(SQLScore::OutOfRange) { @lead.set_check('budget', 2**32 + 1) }
    assert_equal [], @lead.keys
  end

  def test_missing_and_unset
    e = assert_raises(SQLScore::NotFound) { @lead['nope'] }
    assert_equal SQLScore::ENOTFOUND, e.code
    assert_nil @lead.fetch('nope', nil)
    assert_equal 'dflt', @lead.fetch('nope') { 'dflt' }
    refute @lead.key?('nope')
    @lead['a'] = 'x'
    assert @lead.key?('a')
    @lead.delete('a')
    refute @lead.include?('a')
    assert_raises(SQLScore::NotFound) { @lead.unset('a') }
  end

  def test_checklist
    assert_equal 'BANT', @lead.framework
    assert_equal({ 'budget' => 0, 'authority' => 0, 'need' => 0, 'timeline' => 0 }, @lead.checklist)
    assert_equal %w[budget authority need timeline], @lead.checklist.keys
    @lead.set_check('budget', true)
    @lead.set_check('need', SQLScore::CHECK_NOT_MET)
    assert_equal SQLScore::CHECK_MET, @lead.get_check('budget')
    assert_equal SQLScore::CHECK_NOT_MET, @lead.get_check('need')
    @lead.set_check('need', nil)
    assert_equal SQLScore::CHECK_UNKNOWN, @lead.get_check('need')
    assert_raises(SQLScore::NotFound) { @lead.set_check('champion', true) }
    assert_raises(SQLScore::InvalidArgument) { @lead.set_check('budget', 7) }
    @lead.set_checklist('ANUM', %w[authority need urgency money budget])
    assert_equal 'ANUM', @lead.framework
    assert_equal({ 'authority' => 0, 'need' => 0, 'urgency' => 0, 'money' => 0, 'budget' => 1 }, @lead.checklist)
    assert_raises(SQLScore::AlreadyExists) { @lead.set_checklist('X', %w[a a]) }
    assert_raises(SQLScore::InvalidArgument) { @lead.set_checklist('X', []) }
    assert_equal 'ANUM', @lead.framework
  end

  def test_events_kept_in_time_order
    @lead.add_event('visit', 300, value: 42.5)
    @lead.add_event('demo_request', 100, campaign: 'webinar-7')
    @lead.add_event('visit', 300)
    @lead.add_event('form', Time.utc(1970, 1, 1, 0, 3, 20))
    assert_equal 4, @lead.event_count
    assert_equal [SQLScore::Event.new('demo_request', 100, nil, 'webinar-7'),
                  SQLScore::Event.new('form', 200, nil, nil),
                  SQLScore::Event.new('visit', 300, 42.5, nil),
                  SQLScore::Event.new('visit', 300, nil, nil)], @lead.events
    assert_raises(SQLScore::InvalidArgument) { @lead.add_event('visit', 1, value: Float::NAN) }
    assert_raises(SQLScore::InvalidArgument) { @lead.add_event('visit', 1, campaign: '') }
    assert_equal 4, @lead.event_count
  end

  def test_clone_is_deep
    @lead['a'] = 1
    @lead.add_event('visit', 5)
    twin = @lead.clone
    twin['a'] = 2
    twin.add_event('visit', 6)
    assert_equal [1, 1], [@lead['a'], @lead.event_count]
    assert_equal [2, 2, 'lead-1'], [twin['a'], twin.event_count, twin.id]
    twin.close
  end

  def test_closed_lead_refuses_every_call
    lead = SQLScore::Lead.new('gone')
    lead.close
    assert_equal '#<SQLScore::Lead (closed)>', lead.inspect
    [-> { lead.id }, -> { lead['a'] }, -> { lead['a'] = 1 }, -> { lead.events },
     -> { lead.clone }, -> { lead.checklist }].each do |call|
      assert_raises(SQLScore::ClosedError) { call.call }
    end
    lead.close
  end

  def test_many_leads_collected
    2000.times { |i| SQLScore::Lead.new("l#{i}")['x'] = i }
    GC.start
  end
end
