# frozen_string_literal: true

module SQLScore
  SPEND_MARKETING = 1
  SPEND_SALES = 2
  SPEND_ALL = 3
  METRIC_CPL = 0
  METRIC_CPMQL = 1
  METRIC_CPSQL = 2
  METRIC_CPO = 3
  METRIC_LEAD_TO_MQL = 4
  METRIC_MQL_TO_SQL = 5
  METRIC_LEAD_TO_SQL = 6
  METRIC_SQL_TO_OPP = 7
  TOUCH_LEAD_CREATION = 1
  TOUCH_OPPORTUNITY_CREATION = 2
  MODEL_FIRST_TOUCH = 0
  MODEL_LAST_TOUCH = 1
  MODEL_LINEAR = 2
  MODEL_TIME_DECAY = 3
  MODEL_POSITION_BASED = 4
  MODEL_U_SHAPED = 5
  MODEL_W_SHAPED = 6
  MODEL_FULL_PATH = 7
  MODEL_CUSTOM = 8
  CREDIT_ONE = 1_000_000
  COUNT_DIRECT = 0
  COUNT_PERIOD = 1
  COUNT_COHORT = 2

  # Campaigns, rates, ratios, attribution and portfolios (cpsql module).
  # Exact ratios come back as Rational.
  module Library
    fn :sqlscore_ratio_round, %i[int64 int64 int64 int32 pointer], :int
    fn :sqlscore_ratio_compare, %i[int64 int64 int64 int64 pointer], :int
    fn :sqlscore_rates_new, [:pointer], :int
    fn :sqlscore_rates_free, [:pointer], :void
    fn :sqlscore_rates_set, %i[pointer string string int64 int64 int64], :int
    fn :sqlscore_rates_set_text, %i[pointer string string int64 string], :int
    fn :sqlscore_rates_convert, %i[pointer int64 string string int64 int32 pointer], :int
    fn :sqlscore_campaign_new, %i[pointer string string string], :int
    fn :sqlscore_campaign_count_leads, %i[pointer pointer string string pointer size_t], :int
    fn :sqlscore_attribution_add_lead, %i[pointer pointer pointer], :int
    fn :sqlscore_campaign_free, [:pointer], :void
    fn :sqlscore_campaign_clone, %i[pointer pointer], :int
    fn :sqlscore_campaign_id, %i[pointer pointer], :int
    fn :sqlscore_campaign_name, %i[pointer pointer], :int
    fn :sqlscore_campaign_currency, %i[pointer pointer], :int
    fn :sqlscore_campaign_add_spend, %i[pointer int64 string int32 int64], :int
    fn :sqlscore_campaign_spend_count, %i[pointer pointer], :int
    fn :sqlscore_campaign_spend_get, %i[pointer size_t pointer pointer pointer pointer], :int
    fn :sqlscore_campaign_set_counts, %i[pointer int64 int64 int64 int64], :int
    fn :sqlscore_campaign_counts, %i[pointer pointer pointer pointer pointer], :int
    fn :sqlscore_campaign_spend, %i[pointer int32 pointer int32 pointer], :int
    fn :sqlscore_campaign_metric, %i[pointer int32 pointer int32 pointer pointer], :int
    fn :sqlscore_campaign_metric_rounded, %i[pointer int32 pointer int32 pointer], :int
    fn :sqlscore_attribution_new, [:pointer], :int
    fn :sqlscore_attribution_free, [:pointer], :void
    fn :sqlscore_attribution_campaign, %i[pointer string pointer], :int
    fn :sqlscore_attribution_lead, %i[pointer string pointer], :int
    fn :sqlscore_attribution_find_campaign, %i[pointer string pointer], :int
    fn :sqlscore_attribution_find_lead, %i[pointer string pointer], :int
    fn :sqlscore_attribution_campaign_id, %i[pointer int32 pointer], :int
    fn :sqlscore_attribution_sizes, %i[pointer pointer pointer pointer pointer], :int
    fn :sqlscore_attribution_add_touch, %i[pointer string string int64 int32], :int
    fn :sqlscore_attribution_add_touches, %i[pointer size_t pointer pointer pointer pointer], :int
    fn :sqlscore_attribution_add_conversion, %i[pointer string int64], :int
    fn :sqlscore_attribution_add_conversions, %i[pointer size_t pointer pointer], :int
    fn :sqlscore_attribution_set_model, %i[pointer int32], :int
    fn :sqlscore_attribution_set_weights, %i[pointer int64 int64 int64 int64 int64], :int
    fn :sqlscore_attribution_set_half_life, %i[pointer int64], :int
    fn :sqlscore_attribution_set_lookback, %i[pointer int64], :int
    fn :sqlscore_attribution_run, %i[pointer pointer], :int
    fn :sqlscore_attribution_result_free, [:pointer], :void
    fn :sqlscore_attribution_result_summary, %i[pointer pointer pointer], :int
    fn :sqlscore_attribution_result_credit, %i[pointer int32 pointer], :int
    fn :sqlscore_attribution_result_credits, %i[pointer size_t pointer], :int
    fn :sqlscore_attribution_result_touch, %i[pointer size_t pointer pointer], :int
    fn :sqlscore_attribution_cpsql, %i[pointer pointer pointer pointer int32 int64 pointer pointer], :int
    fn :sqlscore_attribution_campaign_counts, %i[pointer pointer int32 pointer pointer], :int
    fn :sqlscore_portfolio_new, %i[pointer string], :int
    fn :sqlscore_portfolio_free, [:pointer], :void
    fn :sqlscore_portfolio_add, %i[pointer pointer], :int
    fn :sqlscore_portfolio_size, %i[pointer pointer], :int
    fn :sqlscore_portfolio_compute, %i[pointer pointer pointer int32 int64 int64 pointer int32], :int
    fn :sqlscore_portfolio_row, %i[pointer size_t pointer pointer pointer pointer pointer], :int
    fn :sqlscore_portfolio_total, %i[pointer pointer pointer pointer pointer], :int
    fn :sqlscore_portfolio_cpsql, %i[pointer size_t int64 pointer pointer], :int

    # [num, den] of a Rational, an Integer or a [num, den] pair.
    def self.ratio(value, what)
      case value
      when Array then [i64(value[0], what), i64(value[1], what)]
      when Rational, Integer then [i64(value.numerator, what), i64(value.denominator, what)]
      else raise TypeError, "#{what} must be a Rational, an Integer or a [num, den] pair"
      end
    end

    def self.rational(fn, *args)
      num, den = outs(%i[int64 int64]) { |a, b| check(send(fn, *args, a, b)) }
      Rational(num, den)
    end

    def self.rates_ptr(rates)
      return nil if rates.nil?
      raise TypeError, 'rates must be a SQLScore::Rates or nil' unless rates.is_a?(Rates)

      rates.to_ptr
    end
  end

  # Round ratio x scale to an Integer exactly (ties by rounding):
  # ratio_round(Rational(100000, 3)) == 33333.
  def self.ratio_round(ratio, scale = 1, rounding = ROUND_HALF_EVEN)
    num, den = Library.ratio(ratio, 'ratio')
    Library.outs([:int64]) do |o|
      Library.check(Library.sqlscore_ratio_round(num, den, Library.i64(scale, 'scale'),
                                                 Library.i32(rounding, 'rounding'), o))
    end.first
  end

  # -1, 0 or 1 as a < b, a == b, a > b; exact for every int64 pair.
  def self.ratio_compare(a, b)
    an, ad = Library.ratio(a, 'a')
    bn, bd = Library.ratio(b, 'b')
    Library.outs([:int32]) { |o| Library.check(Library.sqlscore_ratio_compare(an, ad, bn, bd, o)) }.first
  end

  # Exchange rates: 1 unit of A = rate units of B from a time on; a pair
  # also serves the other direction, inverted exactly.
  class Rates < Handle
    def self.free_function
      Library.method(:sqlscore_rates_free)
    end

    def initialize
      super()
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_rates_new(out))
      adopt(out.read_pointer)
    end

    # rate: exact decimal text ("1.0843"), a Rational, an Integer or [num, den].
    def set(from, to, since, rate)
      since = Library.seconds(since, 'since')
      if rate.is_a?(String)
        Library.check(Library.sqlscore_rates_set_text(to_ptr, Library.text(from, 'from'), Library.text(to, 'to'),
                                                      since, rate))
      else
        raise TypeError, 'rate must be exact: a String, Rational or Integer, not Float' if rate.is_a?(Float)

        num, den = Library.ratio(rate, 'rate')
        Library.check(Library.sqlscore_rates_set(to_ptr, Library.text(from, 'from'), Library.text(to, 'to'),
                                                 since, num, den))
      end
      self
    end

    # amount (minor units of from) in minor units of to, at time.
    def convert(amount, from, to, time, rounding = ROUND_HALF_EVEN)
      Library.outs([:int64]) do |o|
        Library.check(Library.sqlscore_rates_convert(to_ptr, Library.i64(amount, 'amount'), Library.text(from, 'from'),
                                                     Library.text(to, 'to'), Library.seconds(time),
                                                     Library.i32(rounding, 'rounding'), o))
      end.first
    end
  end

  Spend = Struct.new(:amount, :currency, :category, :time)
  FunnelCounts = Struct.new(:leads, :mqls, :sqls, :opportunities)

  # A campaign: identifier, name, currency, spend entries and counts.
  class Campaign < Handle
    def self.free_function
      Library.method(:sqlscore_campaign_free)
    end

    def initialize(id, currency, name: nil)
      super()
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_campaign_new(out, Library.text(id, 'id'), Library.optional_text(name, 'name'),
                                                  Library.text(currency, 'currency')))
      adopt(out.read_pointer)
    end

    def clone
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_campaign_clone(out, to_ptr))
      Campaign.wrap(out.read_pointer)
    end
    alias dup clone

    def id
      str(:sqlscore_campaign_id)
    end

    def name
      str(:sqlscore_campaign_name)
    end

    def currency
      str(:sqlscore_campaign_currency)
    end

    def inspect
      closed? ? '#<SQLScore::Campaign (closed)>' : "#<SQLScore::Campaign #{id.inspect} #{currency}>"
    end

    # Record spend: minor units (of currency, default the campaign's) or a Money.
    def add_spend(amount, category: SPEND_MARKETING, time: 0, currency: nil)
      amount, currency = amount.minor, amount.currency if amount.is_a?(Money)
      Library.check(Library.sqlscore_campaign_add_spend(to_ptr, Library.i64(amount, 'amount'),
                                                        Library.optional_text(currency, 'currency'),
                                                        Library.i32(category, 'category'), Library.seconds(time)))
      self
    end

    # The spend entries in the order added.
    def spends
      n = Library.outs([:size_t]) { |o| Library.check(Library.sqlscore_campaign_spend_count(to_ptr, o)) }.first
      (0...n).map do |i|
        amount = FFI::MemoryPointer.new(:int64)
        cur = FFI::MemoryPointer.new(:pointer)
        cat = FFI::MemoryPointer.new(:int32)
        t = FFI::MemoryPointer.new(:int64)
        Library.check(Library.sqlscore_campaign_spend_get(to_ptr, i, amount, cur, cat, t))
        Spend.new(amount.read(:int64), Library.out_string(cur), cat.read(:int32), t.read(:int64))
      end
    end

    def set_counts(leads: 0, mqls: 0, sqls: 0, opportunities: 0)
      Library.check(Library.sqlscore_campaign_set_counts(to_ptr, Library.i64(leads, 'leads'), Library.i64(mqls, 'mqls'),
                                                         Library.i64(sqls, 'sqls'),
                                                         Library.i64(opportunities, 'opportunities')))
      self
    end

    def counts
      FunnelCounts.new(*Library.outs(%i[int64 int64 int64 int64]) do |a, b, c, d|
        Library.check(Library.sqlscore_campaign_counts(to_ptr, a, b, c, d))
      end)
    end

    # Set the counts from the campaign's leads' stage histories in one call:
    # all are leads; MQLs, SQLs and opportunities are those whose history
    # entered mql_stage ("mql"), the funnel's SQL stage and
    # opportunity_stage ("opportunity").
    def count_leads(funnel, leads, mql_stage: nil, opportunity_stage: nil)
      raise TypeError, 'count_leads needs a Funnel' unless funnel.is_a?(Funnel)

      ptr, n, _keep = Arrays.handles(leads, Lead, 'leads')
      Library.check(Library.sqlscore_campaign_count_leads(to_ptr, funnel.to_ptr,
                                                          Library.optional_text(mql_stage, 'mql_stage'),
                                                          Library.optional_text(opportunity_stage, 'opportunity_stage'),
                                                          ptr, n))
      self
    end

    # Total spend of the categories, minor units of the campaign's currency.
    def spend(categories = SPEND_ALL, rates: nil, rounding: ROUND_HALF_EVEN)
      Library.outs([:int64]) do |o|
        Library.check(Library.sqlscore_campaign_spend(to_ptr, Library.i32(categories, 'categories'),
                                                      Library.rates_ptr(rates), Library.i32(rounding, 'rounding'), o))
      end.first
    end

    # A METRIC_* as an exact Rational (costs in minor units); UndefinedRatio
    # when the count dividing is 0.
    def metric(metric, rates: nil, rounding: ROUND_HALF_EVEN)
      Library.rational(:sqlscore_campaign_metric, to_ptr, Library.i32(metric, 'metric'), Library.rates_ptr(rates),
                       Library.i32(rounding, 'rounding'))
    end

    # Costs rounded to minor units, rates to parts per million.
    def metric_rounded(metric, rates: nil, rounding: ROUND_HALF_EVEN)
      Library.outs([:int64]) do |o|
        Library.check(Library.sqlscore_campaign_metric_rounded(to_ptr, Library.i32(metric, 'metric'),
                                                               Library.rates_ptr(rates),
                                                               Library.i32(rounding, 'rounding'), o))
      end.first
    end

    # Spend / SQLs as Money rounded to minor units.
    def cpsql(rates: nil, rounding: ROUND_HALF_EVEN)
      Money.new(metric_rounded(METRIC_CPSQL, rates: rates, rounding: rounding), currency)
    end

    private

    def str(fn)
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.send(fn, to_ptr, out))
      Library.out_string(out)
    end
  end

  Sizes = Struct.new(:campaigns, :leads, :touches, :conversions)
  TouchCredit = Struct.new(:ppm, :conversion)

  # Credits of one attribution run (immutable).
  class AttributionResult < Handle
    attr_accessor :campaign_count

    def self.free_function
      Library.method(:sqlscore_attribution_result_free)
    end

    def conversions
      summary[0]
    end

    # Conversions with at least one eligible touch.
    def attributed
      summary[1]
    end

    # SQL credit of a campaign index in ppm (CREDIT_ONE = one SQL).
    def credit(campaign)
      Library.outs([:int64]) do |o|
        Library.check(Library.sqlscore_attribution_result_credit(to_ptr, Library.i32(campaign, 'campaign'), o))
      end.first
    end

    # Credits of campaigns 0..n-1 (default: all at run time).
    def credits(n = campaign_count || 0)
      ptr = FFI::MemoryPointer.new(:int64, [n, 1].max)
      Library.check(Library.sqlscore_attribution_result_credits(to_ptr, n, ptr))
      ptr.get_array_of_int64(0, n)
    end

    # [ppm, conversion number or nil] of a touch.
    def touch(index)
      ppm, conv = Library.outs(%i[int64 int64]) do |a, b|
        Library.check(Library.sqlscore_attribution_result_touch(to_ptr, index, a, b))
      end
      TouchCredit.new(ppm, conv.negative? ? nil : conv)
    end

    private

    def summary
      Library.outs(%i[size_t size_t]) { |a, b| Library.check(Library.sqlscore_attribution_result_summary(to_ptr, a, b)) }
    end
  end

  # Touches, SQL conversions and an attribution model.
  class Attribution < Handle
    def self.free_function
      Library.method(:sqlscore_attribution_free)
    end

    def initialize(model: nil, half_life: nil, lookback: nil, weights: nil)
      super()
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_attribution_new(out))
      adopt(out.read_pointer)
      @lead_cache = {}
      @campaign_cache = {}
      begin
        set_weights(*weights) if weights
        self.model = model unless model.nil?
        self.half_life = half_life unless half_life.nil?
        self.lookback = lookback unless lookback.nil?
      rescue StandardError
        close
        raise
      end
    end

    # Intern a campaign identifier; its index.
    def campaign(id)
      index(:sqlscore_attribution_campaign, id, 'campaign')
    end

    # Intern a lead identifier; its index.
    def lead(id)
      index(:sqlscore_attribution_lead, id, 'lead')
    end

    def find_campaign(id)
      index(:sqlscore_attribution_find_campaign, id, 'campaign')
    end

    def find_lead(id)
      index(:sqlscore_attribution_find_lead, id, 'lead')
    end

    def campaign_id(index)
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_attribution_campaign_id(to_ptr, Library.i32(index, 'index'), out))
      Library.out_string(out)
    end

    def sizes
      Sizes.new(*Library.outs(%i[size_t size_t size_t size_t]) do |a, b, c, d|
        Library.check(Library.sqlscore_attribution_sizes(to_ptr, a, b, c, d))
      end)
    end

    def add_touch(lead, campaign, time, flags = 0)
      Library.check(Library.sqlscore_attribution_add_touch(to_ptr, Library.text(lead, 'lead'),
                                                           Library.text(campaign, 'campaign'),
                                                           Library.seconds(time), Library.i32(flags, 'flags')))
      self
    end

    # Many touches in one library call, all or nothing: leads and campaigns
    # as identifiers (interned once each) or indices.
    def add_touches(leads, campaigns, times, flags: nil)
      ld, n = Arrays.int32s(indices(leads, :lead, @lead_cache), 'leads')
      cp, m = Arrays.int32s(indices(campaigns, :campaign, @campaign_cache), 'campaigns')
      tm, k = Arrays.int64s(Arrays.list(times, 'times').map { |t| Library.seconds(t, 'times') }, 'times')
      fl, f = flags.nil? ? [nil, n] : Arrays.int32s(flags, 'flags')
      raise ArgumentError, "touch arrays differ in length (#{n}, #{m}, #{k}, #{f})" unless [m, k, f].all?(n)

      Library.check(Library.sqlscore_attribution_add_touches(to_ptr, n, ld, cp, tm, fl))
      self
    end

    # A lead handle's campaign events as touches and its first SQL entry (in
    # funnel) as the conversion.
    def add_lead(lead, funnel)
      raise TypeError, 'add_lead needs a Lead and a Funnel' unless lead.is_a?(Lead) && funnel.is_a?(Funnel)

      Library.check(Library.sqlscore_attribution_add_lead(to_ptr, lead.to_ptr, funnel.to_ptr))
      self
    end

    # The lead reached SQL at time.
    def add_conversion(lead, time)
      Library.check(Library.sqlscore_attribution_add_conversion(to_ptr, Library.text(lead, 'lead'),
                                                                Library.seconds(time)))
      self
    end

    def add_conversions(leads, times)
      ld, n = Arrays.int32s(indices(leads, :lead, @lead_cache), 'leads')
      tm, k = Arrays.int64s(Arrays.list(times, 'times').map { |t| Library.seconds(t, 'times') }, 'times')
      raise ArgumentError, "times has #{k} entries for #{n} conversions" unless k == n

      Library.check(Library.sqlscore_attribution_add_conversions(to_ptr, n, ld, tm))
      self
    end

    def model=(model)
      Library.check(Library.sqlscore_attribution_set_model(to_ptr, Library.i32(model, 'model')))
    end

    # Custom anchor weights (selects MODEL_CUSTOM).
    def set_weights(first, lead_creation, opportunity_creation, last, middle)
      Library.check(Library.sqlscore_attribution_set_weights(
                      to_ptr, Library.i64(first, 'first'), Library.i64(lead_creation, 'lead_creation'),
                      Library.i64(opportunity_creation, 'opportunity_creation'), Library.i64(last, 'last'),
                      Library.i64(middle, 'middle')
                    ))
      self
    end

    def half_life=(seconds)
      Library.check(Library.sqlscore_attribution_set_half_life(to_ptr, Library.i64(seconds, 'half_life')))
    end

    def lookback=(seconds)
      Library.check(Library.sqlscore_attribution_set_lookback(to_ptr, Library.i64(seconds, 'lookback')))
    end

    # Attribute every conversion with the current model.
    def run
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_attribution_run(to_ptr, out))
      res = AttributionResult.wrap(out.read_pointer)
      res.campaign_count = sizes.campaigns
      res
    end

    # Campaign spend / its SQL credit as an exact Rational of minor units;
    # below min_credit ppm the CPSQL is undefined (UndefinedRatio).
    def cpsql(result, campaign, rates: nil, rounding: ROUND_HALF_EVEN, min_credit: 0)
      raise TypeError, 'cpsql needs an AttributionResult and a Campaign' unless
        result.is_a?(AttributionResult) && campaign.is_a?(Campaign)

      Library.rational(:sqlscore_attribution_cpsql, to_ptr, result.to_ptr, campaign.to_ptr,
                       Library.rates_ptr(rates), Library.i32(rounding, 'rounding'),
                       Library.i64(min_credit, 'min_credit'))
    end

    # [distinct leads touched, influenced SQLs] of a campaign index or id.
    def campaign_counts(result, campaign)
      campaign = find_campaign(campaign) if campaign.is_a?(String)
      Library.outs(%i[int64 int64]) do |a, b|
        Library.check(Library.sqlscore_attribution_campaign_counts(to_ptr, result.to_ptr,
                                                                   Library.i32(campaign, 'campaign'), a, b))
      end
    end

    private

    def index(fn, id, what)
      Library.outs([:int32]) { |o| Library.check(Library.send(fn, to_ptr, Library.text(id, what), o)) }.first
    end

    def indices(ids, kind, cache)
      Arrays.list(ids, kind.to_s).map { |x| x.is_a?(Integer) ? x : (cache[x] ||= send(kind, x)) }
    end
  end

  PortfolioRow = Struct.new(:campaign_id, :spend, :leads, :sqls, :sql_credit_ppm)
  PortfolioTotal = Struct.new(:spend, :leads, :sqls, :sql_credit_ppm)

  # Many campaigns reported in one currency: a table and totals.
  class Portfolio < Handle
    SIZE_MAX = (2**(8 * FFI::Pointer.size)) - 1

    def self.free_function
      Library.method(:sqlscore_portfolio_free)
    end

    attr_reader :currency

    def initialize(currency, campaigns = [])
      super()
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_portfolio_new(out, Library.text(currency, 'currency')))
      adopt(out.read_pointer)
      @currency = currency
      begin
        campaigns.each { |c| add(c) }
      rescue StandardError
        # Like every constructor: a failure frees the handle at once rather
        # than whenever the garbage collector runs the finalizer.
        close
        raise
      end
    end

    # Add a copy of a campaign as the next row.
    def add(campaign)
      raise TypeError, 'add needs a Campaign' unless campaign.is_a?(Campaign)

      Library.check(Library.sqlscore_portfolio_add(to_ptr, campaign.to_ptr))
      self
    end
    alias << add

    def size
      Library.outs([:size_t]) { |o| Library.check(Library.sqlscore_portfolio_size(to_ptr, o)) }.first
    end
    alias length size

    # Compute rows and totals; period [start, end) for PERIOD and COHORT.
    def compute(counting: COUNT_DIRECT, attribution: nil, result: nil, start: 0, end_: 1, rates: nil,
                rounding: ROUND_HALF_EVEN)
      Library.check(Library.sqlscore_portfolio_compute(to_ptr, attribution&.to_ptr, result&.to_ptr,
                                                       Library.i32(counting, 'counting'), Library.seconds(start),
                                                       Library.seconds(end_), Library.rates_ptr(rates),
                                                       Library.i32(rounding, 'rounding')))
      self
    end

    def rows
      (0...size).map do |i|
        id = FFI::MemoryPointer.new(:pointer)
        vals = Array.new(4) { FFI::MemoryPointer.new(:int64) }
        Library.check(Library.sqlscore_portfolio_row(to_ptr, i, id, *vals))
        PortfolioRow.new(Library.out_string(id), *vals.map { |v| v.read(:int64) })
      end
    end

    def total
      PortfolioTotal.new(*Library.outs(%i[int64 int64 int64 int64]) do |a, b, c, d|
        Library.check(Library.sqlscore_portfolio_total(to_ptr, a, b, c, d))
      end)
    end

    # CPSQL of a row (nil: the total) as an exact Rational of minor units.
    def cpsql(row = nil, min_credit: 0)
      raise NotFound.new("portfolio row #{row} does not exist", ENOTFOUND) if row&.negative?

      Library.rational(:sqlscore_portfolio_cpsql, to_ptr, row.nil? ? SIZE_MAX : row,
                       Library.i64(min_credit, 'min_credit'))
    end
  end
end
