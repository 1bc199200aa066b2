# frozen_string_literal: true

module SQLScore
  SIDE_NURTURE = 1
  SIDE_DISQUALIFIED = 2
  SIDE_LOST = 4
  SIDE_ALL = 7
  SKIP_ALLOWED = 0
  SKIP_FORBIDDEN = 1
  STAGE_KIND_MAIN = 0
  STAGE_KIND_WON = 1
  STAGE_KIND_NURTURE = 2
  STAGE_KIND_DISQUALIFIED = 3
  STAGE_KIND_LOST = 4
  MAX_STAGES = 32
  MOVE_RESET = 1
  MOVE_REOPEN = 2
  MOVE_OVERRIDE = 4
  MOVE_SKIPPED = 8
  MOVE_KIND_ENTER = 0
  MOVE_KIND_FORWARD = 1
  MOVE_KIND_RECYCLE = 2
  MOVE_KIND_RESET = 3
  MOVE_KIND_DISQUALIFY = 4
  MOVE_KIND_LOSE = 5
  MOVE_KIND_REOPEN = 6
  METRIC_ENTERED = 0
  METRIC_FORWARD = 1
  METRIC_RECYCLED = 2
  METRIC_RESET = 3
  METRIC_DISQUALIFIED = 4
  METRIC_LOST = 5
  METRIC_REOPENED = 6
  METRIC_IN_AT_END = 7
  METRIC_STALE = 8
  METRIC_COHORT = 9
  COHORT = 0
  PERIOD = 1

  # Funnels, stage moves on leads and funnel metrics (funnel module).
  module Library
    fn :sqlscore_funnel_new, %i[pointer string], :int
    fn :sqlscore_funnel_new_default, [:pointer], :int
    fn :sqlscore_funnel_free, [:pointer], :void
    fn :sqlscore_funnel_add_stage, %i[pointer string int64], :int
    fn :sqlscore_funnel_set_side_stages, %i[pointer int32], :int
    fn :sqlscore_funnel_set_skip, %i[pointer int32], :int
    fn :sqlscore_funnel_set_sql_stage, %i[pointer string], :int
    fn :sqlscore_funnel_build, [:pointer], :int
    fn :sqlscore_funnel_name, %i[pointer pointer], :int
    fn :sqlscore_funnel_stage_count, %i[pointer pointer], :int
    fn :sqlscore_funnel_stage_find, %i[pointer string pointer], :int
    fn :sqlscore_funnel_stage_name, %i[pointer int32 pointer], :int
    fn :sqlscore_funnel_stage_kind, %i[pointer int32 pointer pointer], :int
    fn :sqlscore_funnel_info, %i[pointer pointer pointer pointer], :int
    fn :sqlscore_funnel_metrics_new, %i[pointer pointer int64 int64 int64], :int
    fn :sqlscore_funnel_metrics_free, [:pointer], :void
    fn :sqlscore_funnel_metrics_add_log, %i[pointer pointer pointer pointer size_t int32 pointer], :int
    fn :sqlscore_funnel_metrics_merge, %i[pointer pointer], :int
    fn :sqlscore_funnel_metrics_count, %i[pointer int32 int32 pointer], :int
    fn :sqlscore_funnel_metrics_conversion, %i[pointer int32 int32 int32 pointer pointer pointer], :int
    fn :sqlscore_funnel_metrics_lead_to_sql, %i[pointer int32 pointer pointer pointer], :int
    fn :sqlscore_funnel_metrics_time_in_stage, %i[pointer int32 pointer pointer pointer pointer], :int
    fn :sqlscore_funnel_metrics_velocity, %i[pointer pointer pointer pointer pointer], :int
    fn :sqlscore_funnel_metrics_add_lead, %i[pointer pointer], :int
    fn :sqlscore_funnel_metrics_add_leads, %i[pointer pointer size_t], :int
    fn :sqlscore_lead_stage_move, %i[pointer pointer string int64 int32 int32 string], :int
    fn :sqlscore_lead_stage_current, %i[pointer pointer pointer], :int
    fn :sqlscore_lead_stage_history_count, %i[pointer pointer], :int
    fn :sqlscore_lead_stage_history_get, %i[pointer size_t pointer pointer pointer pointer pointer pointer pointer],
       :int
    fn :sqlscore_lead_stage_stale, %i[pointer pointer int64 pointer], :int
    fn :sqlscore_lead_stage_move_gated, %i[pointer pointer pointer string int64 int32 int32 string], :int
    fn :sqlscore_funnel_parse, %i[pointer pointer size_t string], :int
    fn :sqlscore_funnel_write, %i[pointer pointer], :int
  end

  Stage = Struct.new(:index, :name, :kind, :max_dwell)
  # One record of a lead's stage history (from_stage nil for the first).
  Move = Struct.new(:from_stage, :to_stage, :time, :kind, :flags, :reason_code, :reason)
  CurrentStage = Struct.new(:index, :since)
  Conversion = Struct.new(:converted, :base, :rate)
  # Seconds: number of stays (or leads), median, mean, 90th percentile.
  Durations = Struct.new(:count, :median, :mean, :p90)

  # A funnel: main stages in order, side stages, skip policy, SQL stage.
  # Funnel.default is the demand waterfall; a custom one is built at once
  # when stages are given:
  #   SQLScore::Funnel.new("sales", stages: ["new", ["working", 7 * 86_400], "qualified", "won"],
  #                        sql_stage: "qualified")
  class Funnel < Handle
    def self.free_function
      Library.method(:sqlscore_funnel_free)
    end

    def self.default
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_funnel_new_default(out))
      wrap(out.read_pointer)
    end

    # The built funnel of the "funnel ... end" block of rules text; NotFound
    # without a block, ParseError (FILE:LINE:COL) for a malformed one.
    def self.parse(rules, filename = nil)
      parse_rules(Library.method(:sqlscore_funnel_parse), rules, filename)
    end

    # The funnel block of a rules file (errors name the file).
    def self.load(path)
      parse(File.binread(path), path.to_s)
    end

    def initialize(name, stages: nil, side_stages: nil, skip: nil, sql_stage: nil)
      super()
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_funnel_new(out, Library.text(name, 'name')))
      adopt(out.read_pointer)
      begin
        self.side_stages = side_stages unless side_stages.nil?
        self.skip = skip unless skip.nil?
        self.sql_stage = sql_stage unless sql_stage.nil?
        unless stages.nil?
          stages.each { |s| s.is_a?(Array) ? add_stage(*s) : add_stage(s) }
          build
        end
      rescue StandardError
        close
        raise
      end
    end

    # Append a main stage; max_dwell: SLA in seconds (0: none).
    def add_stage(name, max_dwell = 0)
      Library.check(Library.sqlscore_funnel_add_stage(to_ptr, Library.text(name, 'stage'),
                                                      Library.i64(max_dwell, 'max_dwell')))
      self
    end

    def side_stages=(mask)
      Library.check(Library.sqlscore_funnel_set_side_stages(to_ptr, Library.i32(mask, 'mask')))
    end

    def skip=(policy)
      Library.check(Library.sqlscore_funnel_set_skip(to_ptr, Library.i32(policy, 'policy')))
    end

    def sql_stage=(name)
      Library.check(Library.sqlscore_funnel_set_sql_stage(to_ptr, Library.text(name, 'sql_stage')))
    end

    def build
      Library.check(Library.sqlscore_funnel_build(to_ptr))
      self
    end

    def name
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_funnel_name(to_ptr, out))
      Library.out_string(out)
    end

    # The funnel as a rules-file block that parses back to an equal funnel.
    def write
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_funnel_write(to_ptr, out))
      Library.take_string(out.read_pointer)
    end
    alias to_s write

    def size
      Library.outs([:int32]) { |o| Library.check(Library.sqlscore_funnel_stage_count(to_ptr, o)) }.first
    end
    alias length size

    # The index of a stage (case-insensitive); NotFound if none.
    def find(name)
      Library.outs([:int32]) do |o|
        Library.check(Library.sqlscore_funnel_stage_find(to_ptr, Library.text(name, 'stage'), o))
      end.first
    end

    # The Stage at an index (or of a name).
    def stage(index)
      index = find(index) if index.is_a?(String)
      name = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_funnel_stage_name(to_ptr, Library.i32(index, 'index'), name))
      kind, dwell = Library.outs(%i[int32 int64]) do |k, d|
        Library.check(Library.sqlscore_funnel_stage_kind(to_ptr, index, k, d))
      end
      Stage.new(index, Library.out_string(name), kind, dwell)
    end

    def stages
      (0...size).map { |i| stage(i) }
    end

    # Index of the SQL stage.
    def sql_stage
      info[0]
    end

    def skip
      info[1]
    end

    def side_stages
      info[2]
    end

    def inspect
      closed? ? '#<SQLScore::Funnel (closed)>' : "#<SQLScore::Funnel #{name.inspect}>"
    end

    private

    def info
      Library.outs(%i[int32 int32 int32]) { |a, b, c| Library.check(Library.sqlscore_funnel_info(to_ptr, a, b, c)) }
    end
  end

  # Stage moves: methods the funnel module adds to Lead.
  class Lead
    # Move the lead to a stage by the funnel's rules; a refused move raises
    # TransitionNotAllowed saying why and changes nothing.  With criteria:,
    # entering the SQL stage also needs the verdict at time to be SQL,
    # unless flags has MOVE_OVERRIDE and a reason is given.
    def move(funnel, stage, time, flags: 0, reason_code: 0, reason: nil, criteria: nil)
      raise TypeError, "move needs a Funnel, not #{funnel.class}" unless funnel.is_a?(Funnel)
      raise TypeError, 'criteria must be a Criteria or nil' unless criteria.nil? || criteria.is_a?(Criteria)

      args = [Library.text(stage, 'stage'), Library.seconds(time), Library.i32(flags, 'flags'),
              Library.i32(reason_code, 'reason_code'), Library.optional_text(reason, 'reason')]
      if criteria.nil?
        Library.check(Library.sqlscore_lead_stage_move(to_ptr, funnel.to_ptr, *args))
      else
        Library.check(Library.sqlscore_lead_stage_move_gated(to_ptr, funnel.to_ptr, criteria.to_ptr, *args))
      end
      self
    end

    # The current stage as CurrentStage(index, since), or nil before the first move.
    def stage
      idx, since = Library.outs(%i[int32 int64]) do |a, b|
        Library.check(Library.sqlscore_lead_stage_current(to_ptr, a, b))
      end
      CurrentStage.new(idx, since)
    rescue NotFound
      nil
    end

    # The stage history, oldest first, as Move records.
    def stage_history
      n = Library.outs([:size_t]) { |o| Library.check(Library.sqlscore_lead_stage_history_count(to_ptr, o)) }.first
      (0...n).map do |i|
        reason = FFI::MemoryPointer.new(:pointer)
        f, t, tm, k, fl, rc = Library.outs(%i[int32 int32 int64 int32 int32 int32]) do |*o|
          Library.check(Library.sqlscore_lead_stage_history_get(to_ptr, i, *o, reason))
        end
        Move.new(f.negative? ? nil : f, t, tm, k, fl, rc, Library.out_string(reason))
      end
    end

    # True when the lead has stayed in its stage past the stage's SLA.
    def stale?(funnel, as_of)
      Library.outs([:int32]) do |o|
        Library.check(Library.sqlscore_lead_stage_stale(to_ptr, funnel.to_ptr, Library.seconds(as_of), o))
      end.first != 0
    end
  end

  # Funnel metrics over many leads for a window [start, end) seen at as_of.
  class FunnelMetrics < Handle
    def self.free_function
      Library.method(:sqlscore_funnel_metrics_free)
    end

    def initialize(funnel, start, end_, as_of: nil)
      super()
      raise TypeError, 'FunnelMetrics needs a Funnel' unless funnel.is_a?(Funnel)

      start = Library.seconds(start, 'start')
      end_ = Library.seconds(end_, 'end')
      as_of = as_of.nil? ? end_ : Library.seconds(as_of, 'as_of')
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_funnel_metrics_new(out, funnel.to_ptr, start, end_, as_of))
      adopt(out.read_pointer)
      @stages = funnel.stages.to_h { |s| [s.name.downcase, s.index] }
    end

    def add_lead(lead)
      Library.check(Library.sqlscore_funnel_metrics_add_lead(to_ptr, lead.to_ptr))
      self
    end
    alias << add_lead

    # Add many leads in one library call (all or nothing).
    def add_leads(leads)
      ptr, n, _keep = Arrays.handles(leads, Lead, 'leads')
      Library.check(Library.sqlscore_funnel_metrics_add_leads(to_ptr, ptr, n))
      self
    end

    # Add an event log in one call: entity i entered stage i (index or
    # name) at time i.  A bad event raises with Error#index set.
    def add_log(entities, stages, times, flags: 0)
      ent, n = Arrays.int64s(entities, 'entities')
      stg, m = Arrays.int32s(Arrays.list(stages, 'stages').map { |s| stage_index(s) }, 'stages')
      tim, k = Arrays.int64s(Arrays.list(times, 'times').map { |t| Library.seconds(t, 'times') }, 'times')
      raise ArgumentError, "entities, stages and times differ in length (#{n}, #{m}, #{k})" unless m == n && k == n

      bad = FFI::MemoryPointer.new(:size_t)
      bad.write(:size_t, SIZE_MAX)
      rc = Library.sqlscore_funnel_metrics_add_log(to_ptr, ent, stg, tim, n, Library.i32(flags, 'flags'), bad)
      if rc.negative?
        err = Library.error_for(rc)
        err.index = bad.read(:size_t) unless bad.read(:size_t) == SIZE_MAX
        raise err
      end
      self
    end

    def merge(other)
      Library.check(Library.sqlscore_funnel_metrics_merge(to_ptr, other.to_ptr))
      self
    end

    # A METRIC_* counter of a stage (index or name).
    def count(stage, what)
      Library.outs([:int64]) do |o|
        Library.check(Library.sqlscore_funnel_metrics_count(to_ptr, stage_index(stage), Library.i32(what, 'what'), o))
      end.first
    end

    def conversion(from_stage, to_stage, basis: COHORT)
      Conversion.new(*Library.outs(%i[int64 int64 double]) do |c, b, r|
        Library.check(Library.sqlscore_funnel_metrics_conversion(to_ptr, stage_index(from_stage), stage_index(to_stage),
                                                                 Library.i32(basis, 'basis'), c, b, r))
      end)
    end

    def lead_to_sql(basis: COHORT)
      Conversion.new(*Library.outs(%i[int64 int64 double]) do |c, b, r|
        Library.check(Library.sqlscore_funnel_metrics_lead_to_sql(to_ptr, Library.i32(basis, 'basis'), c, b, r))
      end)
    end

    def time_in_stage(stage)
      Durations.new(*Library.outs(%i[int64 double double double]) do |n, med, mean, p90|
        Library.check(Library.sqlscore_funnel_metrics_time_in_stage(to_ptr, stage_index(stage), n, med, mean, p90))
      end)
    end

    def velocity
      Durations.new(*Library.outs(%i[int64 double double double]) do |n, med, mean, p90|
        Library.check(Library.sqlscore_funnel_metrics_velocity(to_ptr, n, med, mean, p90))
      end)
    end

    SIZE_MAX = (2**(8 * FFI::Pointer.size)) - 1
    private_constant :SIZE_MAX

    private

    def stage_index(stage)
      return Library.i32(stage, 'stage') unless stage.is_a?(String) || stage.is_a?(Symbol)

      @stages.fetch(stage.to_s.downcase) do
        raise NotFound.new("no stage #{stage.to_s.inspect} in the metrics' funnel", ENOTFOUND)
      end
    end
  end
end
