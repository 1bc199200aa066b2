# frozen_string_literal: true

# Allocation failures through the binding's entry points (issue 9).
#
# The binding does not offer the allocator hook as API, so this test installs
# one itself through the raw FFI: FFI::Function callbacks that count every
# allocation the library asks for, pass it on to the process's malloc(),
# realloc() and free(), and make one of them fail.  For each entry point the
# walk fails the k-th allocation for k = 1, 2, ... until the call succeeds,
# twice: only that allocation, then that one and every later one.  At every
# step:
#
# - the binding raised SQLScore::OutOfMemory (status ENOMEM, an "out of
#   memory" detail), never another exception, a crash or a value;
# - the objects the call was given are as they were (for calls that intern
#   identifiers in earlier library calls: what they counted is) and no block
#   stayed allocated while they live;
# - the same call, repeated without a failure, gives what it gives on fresh
#   objects, so the handles stay usable;
# - once every object of the step is closed, the live blocks are back to
#   their count before the step.
#
# Rules of sqlscore_allocator_set() respected here: every handle a walk uses
# is created after the hook is installed and closed before it is removed
# (the fixture is built inside each step), and the garbage collector is off
# during a test, so no finalizer of another test's object runs through the
# hook.  The hook hands out the process's own malloc() blocks, so a handle
# made before it and freed late would still be released correctly.

require 'minitest'
require 'sqlscore'

module OomTest
  # The malloc of the process (dlopen(NULL)), which the library itself uses
  # by default, also when a sanitizer runtime is preloaded.
  module LibC
    extend FFI::Library
    ffi_lib FFI::CURRENT_PROCESS
    attach_function :malloc, [:size_t], :pointer
    attach_function :realloc, %i[pointer size_t], :pointer
    attach_function :free, [:pointer], :void
  end

  # malloc/realloc/free for sqlscore_allocator_set(), counting blocks.  The
  # callbacks never raise: an exception cannot cross the library's C frames.
  class CountingAllocator
    attr_reader :attempts

    def initialize
      @blocks = {}
      @attempts = 0
      @fail_at = nil
      @sticky = false
      # Kept referenced: the library calls them for as long as installed.
      @fns = [FFI::Function.new(:pointer, [:size_t]) { |n| allocate(n) },
              FFI::Function.new(:pointer, %i[pointer size_t]) { |p, n| reallocate(p, n) },
              FFI::Function.new(:void, [:pointer]) { |p| release(p) }]
    end

    def live
      @blocks.size
    end

    def install
      SQLScore::Library.check(SQLScore::Library.sqlscore_allocator_set(*@fns))
    end

    def restore
      SQLScore::Library.check(SQLScore::Library.sqlscore_allocator_set(nil, nil, nil))
    end

    def arm(k, sticky)
      @attempts = 0
      @fail_at = k
      @sticky = sticky
    end

    def disarm
      @fail_at = nil
      @attempts
    end

    # Stop tracking the blocks of earlier tests: one that leaked and is
    # freed late must not upset the counts of the next.
    def forget
      @blocks.clear
    end

    private

    def fail?
      @attempts += 1
      return false if @fail_at.nil?

      @attempts == @fail_at || (@sticky && @attempts > @fail_at)
    end

    def allocate(size)
      return FFI::Pointer::NULL if fail?

      p = LibC.malloc(size)
      @blocks[p.address] = true unless p.null?
      p
    end

    def reallocate(ptr, size)
      return allocate(size) if ptr.null?
      return FFI::Pointer::NULL if fail?

      q = LibC.realloc(ptr, size)
      if !q.null? && @blocks.delete(ptr.address)
        @blocks[q.address] = true
      end
      q
    end

    def release(ptr)
      @blocks.delete(ptr.address)
      LibC.free(ptr)
    end
  end

  ALLOC = CountingAllocator.new
  T0 = 1_767_225_600 # 2026-01-01T00:00:00Z
  DAY = 86_400
  MAX_STEPS = 5000

  RULES = <<~RULES
    criteria "oom" version 3
    group "web" cap 10
    fit "Big" if employees >= 1000 or title contains "chief" then +30 points and +2 grades
    fit "Region" if country in ("DE", "FR", "Köln") then +5 points
    engagement "View" in group "web" on page_view if value >= 30 then +1 points max 5 per 7d
    disqualify "Student" if title contains "student"
    gate "Budget" if budget is met
    mql at score 10 and grade D
    sql at score 40
  RULES

  FUNNEL_RULES = <<~RULES
    funnel "sales"
      stage new
      stage working sla 1w
      stage qualified
      stage won
      side disqualified
      sql_stage qualified
    end
  RULES

  module_function

  def close_all(fx)
    fx.each_value do |v|
      # Not Array(v): a Lead is Enumerable (its attributes).
      (v.is_a?(Array) ? v : [v]).each { |h| h.close if h.is_a?(SQLScore::Handle) }
    end
  end

  def make_lead(i)
    lead = SQLScore::Lead.new("lead-#{i}-é")
    lead['employees'] = 400 + (900 * i)
    lead['title'] = i.odd? ? 'Chief Revenue Officer' : 'Engineer'
    lead['country'] = %w[DE FR US][i % 3]
    lead['budget_eur'] = SQLScore::Money.new(250_000 * (i + 1), 'EUR')
    lead.set_check('budget', i.even?)
    (i + 2).times do |d|
      lead.add_event('page_view', T0 + (d * DAY), value: 20 + (7 * d), campaign: "web-#{d % 2}")
    end
    lead
  end

  # Everything the lead's getters show.
  def lead_state(lead)
    [lead.id, lead.attribute_types.sort, lead.to_h.sort, lead.framework, lead.checklist,
     lead.events, lead.stage_history]
  end

  def result_state(r)
    [r.verdict, r.score, r.grade, r.fit_points, r.engagement_points, r.gates_failed,
     r.points_to_sql, r.lead_id, r.rules, r.explain]
  end

  def scores(s)
    [s.scores, s.grades, s.verdicts]
  end

  def metrics_state(m)
    (0...9).map { |stage| (0...10).map { |what| m.count(stage, what) } }
  end

  def enps_state(r)
    return [r.n, r.skipped, r.suppressed?] if r.suppressed? || r.n.zero?

    [r.n, r.skipped, false, r.counts, r.score, r.rounded, r.interval]
  end

  def make_survey(salt)
    s = SQLScore::Survey.new(period: SQLScore::PERIOD_MONTH, threshold: 3)
    24.times do |i|
      s.add(((i * 7) + salt) % 11, segment: i.odd? ? 'Sales' : 'Engineering', time: T0 + (i * 3 * DAY))
    end
    s
  end

  def new_pulse
    questions = [['enps', 'Would you recommend us?', SQLScore::QUESTION_ENPS],
                 ['growth', 'I can grow here', SQLScore::QUESTION_LIKERT]]
    SQLScore::Pulse.new(SQLScore::PULSE_MONTHLY, threshold: 3, questions: questions)
  end

  def fill_pulse(p)
    p.set_invited('Sales', T0, 12)
    6.times { |i| p.add_response('Sales', T0 + (i * DAY), [(i * 3) % 11, 1 + (i % 5)]) }
    p
  end

  def moved_lead(funnel, i)
    lead = SQLScore::Lead.new("m#{i}")
    lead.add_event('webinar', T0, campaign: "camp-#{i % 2}")
    lead.move(funnel, 'inquiry', T0 + (i * DAY))
    lead.move(funnel, 'mql', T0 + ((i + 2) * DAY))
    lead.move(funnel, 'sql', T0 + ((i + 5) * DAY)) if i.even?
    lead
  end

  def log_events(salt)
    ent = []
    stg = []
    tim = []
    8.times do |e|
      (1 + ((e + salt) % 4)).times do |s|
        ent << ((100 * salt) + e)
        stg << s
        tim << (T0 + ((e + (s * 3)) * DAY))
      end
    end
    [ent, stg, tim]
  end

  def make_attribution
    a = SQLScore::Attribution.new(model: SQLScore::MODEL_W_SHAPED)
    6.times do |i|
      3.times do |t|
        a.add_touch("l#{i}", "c#{(i + t) % 4}", T0 + ((i + t) * DAY), t == 1 ? SQLScore::TOUCH_LEAD_CREATION : 0)
      end
      a.add_conversion("l#{i}", T0 + ((i + 5) * DAY)) unless i % 3 == 2
    end
    a
  end

  def attribution_state(a, r)
    [r.conversions, r.attributed, r.credits, (0...a.sizes.touches).map { |i| r.touch(i) }]
  end

  def make_campaign(i)
    c = SQLScore::Campaign.new("camp-#{i}", 'EUR', name: "Campaign #{i}")
    c.add_spend(150_000 + (1000 * i), category: SQLScore::SPEND_MARKETING, time: T0)
    c.add_spend(9900, category: SQLScore::SPEND_SALES, time: T0 + DAY, currency: 'USD')
    c
  end

  def make_rates
    SQLScore::Rates.new.set('USD', 'EUR', 0, '0.9222')
  end
end

class TestAllocationFailures < Minitest::Test
  include OomTest

  NOTHING = ->(_fx) {}
  EMPTY = -> { {} }

  def setup
    GC.start
    GC.disable
    ALLOC.forget
    ALLOC.install
  end

  # Runs even when the test failed: the default allocator is back before
  # the next test.
  def teardown
    ALLOC.disarm
    ALLOC.restore
    GC.enable
  end

  # Fail the k-th allocation of run(fixture) for k = 1, 2, ..., once only
  # and then from k on.  setup builds a fresh fixture (a Hash of handles and
  # data) with allocations succeeding; run makes the call and returns its
  # outcome as plain values, closing any handle it made; state describes
  # the fixture.  keeps: for a call made of several library calls where a
  # failure in a later one keeps what earlier ones did (interned
  # identifiers), the part of the state a failure must still leave alone.
  # Returns the number of allocations of the successful call.
  def walk(name, setup, run, state: NOTHING, keeps: nil, min_allocs: 1)
    n = walk_mode(name, setup, run, state, keeps, min_allocs, false)
    assert_equal n, walk_mode("#{name} (sticky)", setup, run, state, keeps, min_allocs, true), name
    puts "# oom walk #{name}: #{n} allocations, #{n + 1} steps each way"
    n
  end

  # assert_equal, also for nil (what a call returning nothing returns).
  def assert_value(want, got, msg)
    if want.nil?
      assert_nil got, msg
    else
      assert_equal want, got, msg
    end
  end

  def walk_mode(name, setup, run, state, keeps, min_allocs, sticky)
    live0 = ALLOC.live
    fx = setup.call
    want = run.call(fx)
    want_state = state.call(fx)
    close_all(fx)
    assert_value live0, ALLOC.live, "#{name}: blocks left after a plain call"
    (1..MAX_STEPS).each do |k|
      fx = setup.call
      live_fx = ALLOC.live
      before = state.call(fx)
      kept = keeps&.call(fx)
      ALLOC.arm(k, sticky)
      err = nil
      begin
        got = run.call(fx)
      rescue SQLScore::OutOfMemory => e
        err = e
      rescue StandardError => e
        ALLOC.disarm
        close_all(fx)
        flunk "#{name}, allocation #{k} failing: raised #{e.class}: #{e.message} instead of OutOfMemory"
      end
      attempts = ALLOC.disarm
      if err.nil?
        assert_value want, got, "#{name}: a successful step (k=#{k}) gave another value"
        assert_value want_state, state.call(fx), name
        close_all(fx)
        assert_value live0, ALLOC.live, "#{name}: blocks leaked after success"
        assert_value k - 1, attempts, "#{name}: the successful call allocated #{attempts} times " \
                                      "after #{k - 1} failing steps"
        assert_operator attempts, :>=, min_allocs, "#{name}: the walk exercised nothing"
        return attempts
      end
      where = "#{name}, allocation #{k} failing"
      assert_value SQLScore::ENOMEM, err.code, where
      assert_includes err.message, 'out of memory', where
      if keeps.nil?
        assert_value live_fx, ALLOC.live, "#{where}: #{ALLOC.live - live_fx} blocks leaked"
        assert_value before, state.call(fx), "#{where}: the objects changed"
      else
        assert_value kept, keeps.call(fx), "#{where}: the objects changed"
      end
      # Still usable: the same call now gives what it gives on fresh objects.
      assert_value want, run.call(fx), "#{where}: the retry differs"
      assert_value want_state, state.call(fx), "#{where}: the retry's effect differs"
      close_all(fx)
      assert_value live0, ALLOC.live, "#{where}: #{ALLOC.live - live0} blocks leaked after closing"
    end
    flunk "#{name} never succeeded in #{MAX_STEPS} steps"
  end

  # ---- qualification -----------------------------------------------------

  def test_criteria_parse
    run = lambda do |_fx|
      c = SQLScore::Criteria.parse(RULES, 'oom.rules')
      begin
        [c.name, c.version, c.framework]
      ensure
        c.close
      end
    end
    walk('Criteria.parse', EMPTY, run, min_allocs: 5)
  end

  def test_criteria_write
    walk('Criteria.write', -> { { c: SQLScore::Criteria.parse(RULES) } }, ->(fx) { fx[:c].write })
  end

  def test_criteria_built_by_methods
    run = lambda do |_fx|
      SQLScore::Criteria.open('built', 2) do |c|
        c.add_group('web', 10).add_fit('Big', 'employees >= 1000', points: 30, grade_steps: 2)
        c.add_engagement('View', 'page_view', 1, value: 'value >= 30', limit: 5, window: 7 * DAY, group: 'web')
        c.add_gate('Budget', 'budget is met').set_mql(10).set_sql(40).build
        c.write
      end
    end
    walk('Criteria.new/add_*/build', EMPTY, run)
  end

  def test_evaluate
    setup = -> { { c: SQLScore::Criteria.parse(RULES), lead: make_lead(3) } }
    run = lambda do |fx|
      r = fx[:c].evaluate(fx[:lead], T0 + (10 * DAY))
      begin
        result_state(r)
      ensure
        r.close
      end
    end
    walk('Criteria#evaluate', setup, run, state: ->(fx) { lead_state(fx[:lead]) })
  end

  def test_evaluate_batch
    setup = -> { { c: SQLScore::Criteria.parse(RULES), leads: (0...5).map { |i| make_lead(i) } } }
    walk('Criteria#evaluate_batch', setup, ->(fx) { scores(fx[:c].evaluate_batch(fx[:leads], T0 + (10 * DAY))) },
         state: ->(fx) { fx[:leads].map { |l| lead_state(l) } })
  end

  def test_evaluate_columns
    columns = { 'employees' => [50, 5000, 1200, 10, 800], 'revenue' => [1.5, nil, 3.0, nil, 7.25],
                'title' => ['CTO', nil, 'Chief of Staff', 'student', 'VP Sales'],
                'country' => ['DE', 'FR', nil, 'Köln', 'US'] }
    setup = -> { { c: SQLScore::Criteria.parse(RULES) } }
    # Text columns go to sqlscore_criteria_evaluate_coded, numbers only to
    # sqlscore_criteria_evaluate_columns.
    walk('Criteria#evaluate_columns (text)', setup, ->(fx) { scores(fx[:c].evaluate_columns(columns)) })
    numbers = columns.slice('employees', 'revenue')
    walk('Criteria#evaluate_columns (numbers)', setup, ->(fx) { scores(fx[:c].evaluate_columns(numbers)) },
         min_allocs: 0)
    coded = { 'employees' => columns['employees'],
              'title' => SQLScore::Coded.new([2, -1, 0, 1, 2], ['student', 'Chief of Staff', nil]),
              'country' => SQLScore::Coded.new([0, 1, 1, 2, -1], %w[DE Köln US]) }
    walk('Criteria#evaluate_columns (Coded)', setup, ->(fx) { scores(fx[:c].evaluate_columns(coded)) })
  end

  # ---- leads -------------------------------------------------------------

  def lead_walk(name, min_allocs: 1, &call)
    walk(name, -> { { lead: make_lead(2) } }, ->(fx) { call.call(fx[:lead]) && nil },
         state: ->(fx) { lead_state(fx[:lead]) }, min_allocs: min_allocs)
  end

  def test_lead_new_and_clone
    walk('Lead.new', EMPTY, ->(_fx) { SQLScore::Lead.open('Zoë', &:id) })
    clone = lambda do |fx|
      c = fx[:lead].clone
      begin
        lead_state(c)
      ensure
        c.close
      end
    end
    walk('Lead#clone', -> { { lead: make_lead(2) } }, clone, state: ->(fx) { lead_state(fx[:lead]) }, min_allocs: 4)
  end

  def test_lead_set_attributes
    lead_walk('Lead#set_text (new)') { |l| l.set_text('industry', 'Manufacturing') }
    lead_walk('Lead#set_text (replace)') { |l| l.set_text('title', 'Chief Revenue Officer, EMEA and APAC') }
    lead_walk('Lead#set_number') { |l| l.set_number('revenue', 12.5) }
    lead_walk('Lead#set_integer') { |l| l.set_integer('seats', -7) }
    lead_walk('Lead#set_boolean') { |l| l.set_boolean('student', false) }
    lead_walk('Lead#set_time') { |l| l.set_time('signed_up', T0 - 5) }
    lead_walk('Lead#set_money') { |l| l.set_money('deal', -250, 'JPY') }
    lead_walk('Lead#[]= (Money)') { |l| l['contract'] = SQLScore::Money.new(1, 'USD') }
    lead_walk('Lead#set_checklist') do |l|
      l.set_checklist('MEDDIC', %w[metrics economic_buyer budget decision_criteria champion])
    end
  end

  def test_lead_events
    # Earlier than every event: goes first in the ledger.
    lead_walk('Lead#add_event') { |l| l.add_event('unsubscribe', T0 - DAY, value: -3, campaign: 'news') }
  end

  # ---- funnels -----------------------------------------------------------

  def test_funnel_transitions
    state = ->(fx) { lead_state(fx[:lead]) }
    later = lambda do
      f = SQLScore::Funnel.default
      { f: f, lead: moved_lead(f, 1) }
    end
    walk('Lead#move', later, ->(fx) { fx[:lead].move(fx[:f], 'sql', T0 + (9 * DAY), reason: 'ready').stage },
         state: state, min_allocs: 0)
    first = -> { { f: SQLScore::Funnel.default, lead: SQLScore::Lead.new('fresh') } }
    walk('Lead#move (first)', first, ->(fx) { fx[:lead].move(fx[:f], 'mql', T0).stage }, state: state)
    gated = lambda do
      f = SQLScore::Funnel.default
      lead = make_lead(3)
      lead.move(f, 'sal', T0)
      { f: f, c: SQLScore::Criteria.parse(RULES), lead: lead }
    end
    move = lambda do |fx|
      fx[:lead].move(fx[:f], 'sql', T0 + (5 * DAY),
                     flags: SQLScore::MOVE_OVERRIDE, reason: 'exec sponsor', criteria: fx[:c])
      fx[:lead].stage
    end
    walk('Lead#move (gated)', gated, move, state: state)
  end

  def test_funnel_new_and_parse
    built = lambda do |_fx|
      SQLScore::Funnel.open('sales', stages: ['new', ['working', 7 * DAY], 'qualified', 'won'],
                                     sql_stage: 'qualified', &:write)
    end
    walk('Funnel.new(stages:)', EMPTY, built, min_allocs: 3)
    parsed = lambda do |_fx|
      f = SQLScore::Funnel.parse(FUNNEL_RULES, 'f.rules')
      begin
        f.stages
      ensure
        f.close
      end
    end
    walk('Funnel.parse', EMPTY, parsed)
  end

  def metrics_setup
    f = SQLScore::Funnel.default
    { f: f, m: SQLScore::FunnelMetrics.new(f, T0, T0 + (60 * DAY)), leads: (0...4).map { |i| moved_lead(f, i) } }
  end

  def test_funnel_metrics
    fresh = lambda do |fx|
      m = SQLScore::FunnelMetrics.new(fx[:f], T0, T0 + (30 * DAY))
      begin
        metrics_state(m)
      ensure
        m.close
      end
    end
    walk('FunnelMetrics.new', -> { { f: SQLScore::Funnel.default } }, fresh)
    setup = -> { metrics_setup }
    st = ->(fx) { metrics_state(fx[:m]) }
    walk('FunnelMetrics#add_lead', setup, ->(fx) { fx[:m].add_lead(fx[:leads][0]) && nil }, state: st)
    walk('FunnelMetrics#add_leads', setup, ->(fx) { fx[:m].add_leads(fx[:leads]) && nil }, state: st)
    walk('FunnelMetrics#add_log', setup, ->(fx) { fx[:m].add_log(*log_events(1)) && nil }, state: st)
    merge_setup = lambda do
      fx = metrics_setup
      fx[:m].add_leads(fx[:leads][0, 2])
      fx[:m].add_log(*log_events(1))
      fx[:o] = SQLScore::FunnelMetrics.new(fx[:f], T0, T0 + (60 * DAY))
      fx[:o].add_leads(fx[:leads][2..])
      fx[:o].add_log(*log_events(2))
      fx
    end
    walk('FunnelMetrics#merge', merge_setup, ->(fx) { fx[:m].merge(fx[:o]) && nil },
         state: ->(fx) { [metrics_state(fx[:m]), metrics_state(fx[:o])] })
    durations = lambda do
      fx = metrics_setup
      fx[:m].add_log(*log_events(3))
      fx
    end
    walk('FunnelMetrics#time_in_stage', durations, ->(fx) { (0...3).map { |s| fx[:m].time_in_stage(s) } },
         state: st)
  end

  # ---- campaigns and attribution -------------------------------------------

  def test_campaign_metrics
    setup = lambda do
      f = SQLScore::Funnel.default
      { f: f, c: make_campaign(0), rates: make_rates, leads: (0...5).map { |i| moved_lead(f, i) } }
    end
    state = ->(fx) { [fx[:c].counts, fx[:c].spends] }
    walk('Campaign#count_leads', setup, ->(fx) { fx[:c].count_leads(fx[:f], fx[:leads]) && nil },
         state: state, min_allocs: 0)
    counted = lambda do
      fx = setup.call
      fx[:c].count_leads(fx[:f], fx[:leads])
      fx
    end
    metrics = lambda do |fx|
      c = fx[:c]
      r = fx[:rates]
      [[0, 1, 2, 4, 5, 6, 7].map { |m| c.metric(m, rates: r) }, c.metric_rounded(SQLScore::METRIC_CPSQL, rates: r),
       c.cpsql(rates: r), c.spend(SQLScore::SPEND_ALL, rates: r)]
    end
    # Exact ratios need no memory: the first step already succeeds.
    walk('Campaign#metric', counted, metrics, state: state, min_allocs: 0)
    build = lambda do |_fx|
      SQLScore::Campaign.open('new', 'EUR', name: 'Spring') do |c|
        c.add_spend(1000).add_spend(2000, category: SQLScore::SPEND_SALES, time: T0)
        c.spends
      end
    end
    walk('Campaign.new/add_spend', EMPTY, build)
  end

  def test_portfolio
    setup = lambda do
      cs = (0...3).map { |i| make_campaign(i) }
      cs.each_with_index { |c, i| c.set_counts(leads: 10 + i, mqls: 5, sqls: 2 + i, opportunities: 1) }
      { cs: cs, rates: make_rates }
    end
    run = lambda do |fx|
      SQLScore::Portfolio.open('EUR', fx[:cs]) do |p|
        p.compute(rates: fx[:rates])
        [p.rows, p.total, p.cpsql]
      end
    end
    walk('Portfolio.new(campaigns)/compute', setup, run)
  end

  def test_attribution_run
    setup = -> { { a: make_attribution } }
    run = lambda do |fx|
      r = fx[:a].run
      begin
        attribution_state(fx[:a], r)
      ensure
        r.close
      end
    end
    walk('Attribution#run', setup, run, state: ->(fx) { fx[:a].sizes })
    touches = lambda do |fx|
      fx[:a].add_touches(['l1', 'new-lead', 'l9'], ['c0', 'new-camp', 'c2'], [T0, T0 + DAY, T0 + (2 * DAY)]) && nil
    end
    # New identifiers are interned by separate calls before the batch (and
    # stay); touches, conversions and credits must not change.
    walk('Attribution#add_touches', setup, touches,
         state: ->(fx) { fx[:a].sizes }, keeps: ->(fx) { [fx[:a].sizes.to_a[2..], run.call(fx)] })
    add_lead = lambda do
      f = SQLScore::Funnel.default
      { a: make_attribution, f: f, lead: moved_lead(f, 2) }
    end
    walk('Attribution#add_lead', add_lead, ->(fx) { fx[:a].add_lead(fx[:lead], fx[:f]) && nil },
         state: ->(fx) { fx[:a].sizes })
  end

  def test_other_constructors
    walk('EnpsResult.new', EMPTY, ->(_fx) { SQLScore::EnpsResult.open(3, 4, 9, level: 0.9) { |r| enps_state(r) } })
    rates = lambda do |_fx|
      SQLScore::Rates.open do |r|
        r.set('EUR', 'USD', T0, '1.0843').set('GBP', 'EUR', 0, [117, 100])
        [r.convert(10_000, 'USD', 'EUR', T0), r.convert(333, 'GBP', 'EUR', T0)]
      end
    end
    walk('Rates.new/set', EMPTY, rates)
    survey = lambda do |_fx|
      SQLScore::Survey.open(scale: [1, 10, 6, 9], threshold: 4, period: SQLScore::PERIOD_DAYS, days: 14,
                            dedup: true) do |s|
        s.add(9, segment: 'Ops', time: T0, respondent: 'a')
        s.serialize
      end
    end
    walk('Survey.new(**config)', EMPTY, survey)
    attribution = lambda do |_fx|
      SQLScore::Attribution.open(weights: [1, 0, 0, 1, 2], half_life: 3 * DAY, lookback: 90 * DAY) do |a|
        a.add_touch('l', 'c', T0).add_conversion('l', T0 + DAY)
        r = a.run
        begin
          attribution_state(a, r)
        ensure
          r.close
        end
      end
    end
    walk('Attribution.new(**config)', EMPTY, attribution)
    clone = lambda do |fx|
      c = fx[:c].clone
      begin
        [c.id, c.name, c.currency, c.spends, c.counts]
      ensure
        c.close
      end
    end
    walk('Campaign#clone', -> { { c: make_campaign(4) } }, clone, state: ->(fx) { fx[:c].spends })
  end

  # ---- surveys -----------------------------------------------------------

  def test_survey_add
    setup = -> { { s: make_survey(0) } }
    state = ->(fx) { fx[:s].serialize }
    walk('Survey#add (new segment)', setup,
         ->(fx) { fx[:s].add(10, segment: 'Support', time: T0 + (100 * DAY), respondent: 'r-1') && nil },
         state: state)
    walk('Survey#add_missing', setup, ->(fx) { fx[:s].add_missing(segment: 'Sales', time: T0 + (40 * DAY)) && nil },
         state: state, min_allocs: 0)
  end

  def test_survey_add_batch
    answers = [9, 10, 3, nil, 7, 0, 8, 10, 6, 9]
    segs = %w[Sales Ops Ops Legal Sales Legal Ops HR HR Sales]
    times = (0...10).map { |i| T0 + (i * 17 * DAY) }
    resp = (0...10).map { |i| (i % 3).zero? ? nil : "p#{i}" }
    setup = -> { { s: make_survey(2) } }
    state = ->(fx) { fx[:s].serialize }
    counted = lambda do |fx|
      s = fx[:s]
      [nil, 'Sales', 'Engineering'].map do |seg|
        r = s.result(seg)
        begin
          enps_state(r)
        ensure
          r.close
        end
      end + [s.periods]
    end
    # New segment names are interned (one call each) before the batch and
    # stay; what was counted must not change.
    walk('Survey#add_batch', setup,
         ->(fx) { fx[:s].add_batch(answers, segments: segs, times: times, respondents: resp) && nil },
         state: state, keeps: counted)
    by_index = lambda do
      fx = setup.call
      fx[:idx] = segs.map { |x| fx[:s].segment(x) }
      fx
    end
    walk('Survey#add_batch (indices)', by_index,
         ->(fx) { fx[:s].add_batch(answers, segments: fx[:idx], times: times) && nil }, state: state)
  end

  def test_survey_merge_serialize_parse
    setup = lambda do
      fx = { s: make_survey(0), o: make_survey(5) }
      fx[:o].add(10, segment: 'Support', time: T0)
      fx
    end
    walk('Survey#merge', setup, ->(fx) { fx[:s].merge(fx[:o]) && nil },
         state: ->(fx) { [fx[:s].serialize, fx[:o].serialize] })
    walk('Survey#serialize', setup, ->(fx) { fx[:s].serialize })
    parse_setup = lambda do
      fx = setup.call
      fx[:data] = fx[:o].serialize
      fx
    end
    parse = lambda do |fx|
      copy = SQLScore::Survey.parse(fx[:data])
      begin
        copy.serialize
      ensure
        copy.close
      end
    end
    walk('Survey.parse', parse_setup, parse)
  end

  def test_survey_results
    run = lambda do |fx|
      s = fx[:s]
      rs = []
      begin
        rs << s.result('Sales', period: T0 + (10 * DAY))
        rs << s.result
        rs << s.result_range(T0, T0 + (60 * DAY), segment: 'Engineering')
        rs.map { |r| enps_state(r) } + [s.trend(1).to_a]
      ensure
        rs.each(&:close)
      end
    end
    walk('Survey#result/result_range/trend', -> { { s: make_survey(1) } }, run, state: ->(fx) { fx[:s].serialize })
  end

  def test_pulse
    build = lambda do |_fx|
      p = new_pulse
      begin
        fill_pulse(p)
        [p.questions, p.response_rate('Sales', T0)]
      ensure
        p.close
      end
    end
    walk('Pulse.new(questions:)/set_invited/add_response', EMPTY, build, min_allocs: 5)
    setup = -> { { p: fill_pulse(new_pulse) } }
    pstate = ->(fx) { [fx[:p].response_rate('Sales', T0), fx[:p].question('growth', nil, T0)] }
    walk('Pulse#add_response', setup, ->(fx) { fx[:p].add_response('Ops', T0 + (40 * DAY), { 'enps' => 9 }) && nil },
         state: pstate)
    read = lambda do |fx|
      p = fx[:p]
      r = p.enps('enps', 'Sales', T0)
      begin
        [enps_state(r), p.question('growth', 'Sales', T0), p.response_rate(nil, T0)]
      ensure
        r.close
      end
    end
    walk('Pulse#enps/question/response_rate', setup, read, state: pstate, min_allocs: 0)
  end
end
