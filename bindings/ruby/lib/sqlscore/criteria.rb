# frozen_string_literal: true

module SQLScore
  GRADE_NONE = -1
  GRADE_F = 0
  GRADE_D_MINUS = 1
  GRADE_D = 2
  GRADE_D_PLUS = 3
  GRADE_C_MINUS = 4
  GRADE_C = 5
  GRADE_C_PLUS = 6
  GRADE_B_MINUS = 7
  GRADE_B = 8
  GRADE_B_PLUS = 9
  GRADE_A_MINUS = 10
  GRADE_A = 11
  GRADE_A_PLUS = 12
  DECAY_NONE = 0
  DECAY_HALF_LIFE = 1
  DECAY_LINEAR = 2
  DECAY_WINDOW = 3
  VERDICT_UNQUALIFIED = 0
  VERDICT_MQL = 1
  VERDICT_SQL = 2
  VERDICT_DISQUALIFIED = 3
  RULE_FIT = 1
  RULE_ENGAGEMENT = 2
  RULE_DISQUALIFIER = 3
  RULE_GATE = 4
  CROSS_MQL_UP = 1
  CROSS_MQL_DOWN = 2
  CROSS_SQL_UP = 4
  CROSS_SQL_DOWN = 8
  CROSS_DISQUALIFIED = 16
  CROSS_REQUALIFIED = 32
  CROSSINGS = { mql_up: CROSS_MQL_UP, mql_down: CROSS_MQL_DOWN, sql_up: CROSS_SQL_UP,
                sql_down: CROSS_SQL_DOWN, disqualified: CROSS_DISQUALIFIED,
                requalified: CROSS_REQUALIFIED }.freeze

  # Criteria, evaluation and results (qualification module).
  module Library
    fn :sqlscore_criteria_new, %i[pointer string int32], :int
    fn :sqlscore_criteria_free, [:pointer], :void
    fn :sqlscore_criteria_set_framework, %i[pointer string pointer size_t], :int
    fn :sqlscore_criteria_add_group, %i[pointer string double], :int
    fn :sqlscore_criteria_set_total_cap, %i[pointer double], :int
    fn :sqlscore_criteria_add_fit, %i[pointer string string double int32 string], :int
    fn :sqlscore_criteria_add_engagement,
       %i[pointer string string string double int32 int64 int32 int64 double string], :int
    fn :sqlscore_criteria_add_disqualifier, %i[pointer string string], :int
    fn :sqlscore_criteria_add_gate, %i[pointer string string], :int
    fn :sqlscore_criteria_set_mql, %i[pointer double int32], :int
    fn :sqlscore_criteria_set_sql, %i[pointer double int32], :int
    fn :sqlscore_criteria_build, [:pointer], :int
    fn :sqlscore_criteria_parse, %i[pointer pointer size_t string], :int
    fn :sqlscore_criteria_write, %i[pointer pointer], :int
    fn :sqlscore_criteria_name, %i[pointer pointer pointer], :int
    fn :sqlscore_criteria_framework, %i[pointer pointer pointer], :int
    fn :sqlscore_criteria_framework_item, %i[pointer size_t pointer], :int
    fn :sqlscore_criteria_evaluate, %i[pointer pointer pointer int64], :int
    fn :sqlscore_criteria_evaluate_batch, %i[pointer pointer size_t int64 pointer pointer pointer], :int
    fn :sqlscore_criteria_evaluate_columns,
       %i[pointer size_t size_t pointer pointer pointer size_t pointer pointer pointer pointer pointer], :int
    fn :sqlscore_criteria_evaluate_coded,
       %i[pointer size_t size_t pointer pointer pointer size_t pointer pointer pointer pointer pointer pointer
          pointer], :int
    fn :sqlscore_result_free, [:pointer], :void
    fn :sqlscore_result_verdict, %i[pointer pointer], :int
    fn :sqlscore_result_score, %i[pointer pointer], :int
    fn :sqlscore_result_grade, %i[pointer pointer], :int
    fn :sqlscore_result_fit_points, %i[pointer pointer], :int
    fn :sqlscore_result_engagement_points, %i[pointer pointer], :int
    fn :sqlscore_result_gates_failed, %i[pointer pointer], :int
    fn :sqlscore_result_points_to_sql, %i[pointer pointer], :int
    fn :sqlscore_result_source, %i[pointer pointer pointer pointer pointer], :int
    fn :sqlscore_result_explain, %i[pointer pointer], :int
    fn :sqlscore_result_crossings, %i[pointer pointer pointer], :int
    fn :sqlscore_result_rule_count, %i[pointer pointer], :int
    fn :sqlscore_result_rule_at, %i[pointer size_t pointer pointer pointer pointer pointer], :int
    fn :sqlscore_grade_name, %i[int32 pointer], :int
    fn :sqlscore_verdict_name, %i[int32 pointer], :int
  end

  # "A+" .. "F" for a GRADE_* value.
  def self.grade_name(grade)
    out = FFI::MemoryPointer.new(:pointer)
    Library.check(Library.sqlscore_grade_name(Library.i32(grade, 'grade'), out))
    Library.out_string(out)
  end

  # "unqualified", "MQL", "SQL" or "disqualified".
  def self.verdict_name(verdict)
    out = FFI::MemoryPointer.new(:pointer)
    Library.check(Library.sqlscore_verdict_name(Library.i32(verdict, 'verdict'), out))
    Library.out_string(out)
  end

  # What one rule did in an evaluation (declaration order).
  RuleOutcome = Struct.new(:name, :kind, :fired, :points, :grade_steps)

  # Batch output: one entry per lead or row.
  Scores = Struct.new(:scores, :grades, :verdicts)

  # A dictionary-encoded text column for Criteria#evaluate_columns: codes
  # (Integers, one per row; a negative code is a missing cell) index
  # categories (Strings, nil: missing).
  Coded = Struct.new(:codes, :categories)

  # The outcome of scoring one lead: verdict, score, grade and why.
  class Result < Handle
    def self.free_function
      Library.method(:sqlscore_result_free)
    end

    def verdict
      get(:sqlscore_result_verdict, :int32)
    end

    def verdict_name
      SQLScore.verdict_name(verdict)
    end

    # The total score after caps.
    def score
      get(:sqlscore_result_score, :double)
    end

    # A GRADE_* value, F (0) .. A+ (12).
    def grade
      get(:sqlscore_result_grade, :int32)
    end

    def grade_name
      SQLScore.grade_name(grade)
    end

    def fit_points
      get(:sqlscore_result_fit_points, :double)
    end

    def engagement_points
      get(:sqlscore_result_engagement_points, :double)
    end

    def gates_failed
      get(:sqlscore_result_gates_failed, :int32)
    end

    # Points missing to the SQL threshold (0 when reached).
    def points_to_sql
      get(:sqlscore_result_points_to_sql, :double)
    end

    def criteria_name
      source[0]
    end

    def criteria_version
      source[1]
    end

    def lead_id
      source[2]
    end

    # The evaluation time, Integer Unix seconds.
    def as_of
      source[3]
    end

    # A RuleOutcome per rule of the criteria, in declaration order.
    def rules
      n = Library.outs([:size_t]) { |o| Library.check(Library.sqlscore_result_rule_count(to_ptr, o)) }.first
      (0...n).map do |i|
        name = FFI::MemoryPointer.new(:pointer)
        kind, fired, points, steps = Library.outs(%i[int32 int32 double int32]) do |k, f, p, g|
          Library.check(Library.sqlscore_result_rule_at(to_ptr, i, name, k, f, p, g))
        end
        RuleOutcome.new(Library.out_string(name), kind, fired != 0, points, steps)
      end
    end

    # Why the lead got its verdict, one fact per line.
    def explain
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_result_explain(to_ptr, out))
      Library.take_string(out.read_pointer)
    end
    alias to_s explain

    # The thresholds crossed since before (nil: never scored), as symbols
    # (:mql_up, :sql_up, :sql_down, :mql_down, :disqualified, :requalified).
    def crossings(before = nil)
      raise TypeError, 'before must be a Result or nil' unless before.nil? || before.is_a?(Result)

      out = FFI::MemoryPointer.new(:int32)
      Library.check(Library.sqlscore_result_crossings(before&.to_ptr, to_ptr, out))
      bits = out.read(:int32)
      CROSSINGS.select { |_name, bit| bits.anybits?(bit) }.keys
    end

    def inspect
      return '#<SQLScore::Result (closed)>' if closed?

      format('#<SQLScore::Result %s: %s, score %g, grade %s>', lead_id.inspect, verdict_name, score, grade_name)
    end

    private

    def get(fn, type)
      out = FFI::MemoryPointer.new(type)
      Library.check(Library.send(fn, to_ptr, out))
      out.read(type)
    end

    def source
      crit = FFI::MemoryPointer.new(:pointer)
      ver = FFI::MemoryPointer.new(:int32)
      lead = FFI::MemoryPointer.new(:pointer)
      as_of = FFI::MemoryPointer.new(:int64)
      Library.check(Library.sqlscore_result_source(to_ptr, crit, ver, lead, as_of))
      [Library.out_string(crit), ver.read(:int32), Library.out_string(lead), as_of.read(:int64)]
    end
  end

  # A qualification rule set: build it with the methods below and #build, or
  # read it from rules text with Criteria.parse / Criteria.load (format:
  # sqlscore-rules(5)).  Once built it is immutable and thread-safe.
  class Criteria < Handle
    def self.free_function
      Library.method(:sqlscore_criteria_free)
    end

    def initialize(name, version = 1)
      super()
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_criteria_new(out, Library.text(name, 'name'), Library.i32(version, 'version')))
      adopt(out.read_pointer)
    end

    # A built criteria from rules text; a syntax error raises ParseError
    # whose message reads "FILENAME:LINE:COL: what was expected".
    def self.parse(rules, filename = nil)
      parse_rules(Library.method(:sqlscore_criteria_parse), rules, filename)
    end

    # A built criteria from a rules file (errors name the file).
    def self.load(path)
      parse(File.binread(path), path.to_s)
    end

    # ---- building -------------------------------------------------------

    def set_framework(name, items)
      ptr, n, _keep = Arrays.strings(items, 'items')
      Library.check(Library.sqlscore_criteria_set_framework(to_ptr, Library.text(name, 'name'), ptr, n))
      self
    end

    def add_group(name, cap)
      Library.check(Library.sqlscore_criteria_add_group(to_ptr, Library.text(name, 'name'), Float(cap)))
      self
    end

    def total_cap=(cap)
      Library.check(Library.sqlscore_criteria_set_total_cap(to_ptr, Float(cap)))
    end

    # When predicate holds, add points and/or grade steps.
    def add_fit(name, predicate, points: 0.0, grade_steps: 0, group: nil)
      Library.check(Library.sqlscore_criteria_add_fit(to_ptr, Library.text(name, 'name'),
                                                      Library.text(predicate, 'predicate'), Float(points),
                                                      Library.i32(grade_steps, 'grade_steps'),
                                                      group.nil? ? nil : Library.text(group, 'group')))
      self
    end

    # Points per occurrence of event_type; value: a predicate on the
    # event's value ("value >= 60"); times in seconds.
    def add_engagement(name, event_type, points, value: nil, limit: 0, window: 0, decay: DECAY_NONE,
                       decay_period: 0, decay_percent: 0.0, group: nil)
      Library.check(Library.sqlscore_criteria_add_engagement(
                      to_ptr, Library.text(name, 'name'), Library.text(event_type, 'event_type'),
                      value.nil? ? nil : Library.text(value, 'value'), Float(points), Library.i32(limit, 'limit'),
                      Library.i64(window, 'window'), Library.i32(decay, 'decay'),
                      Library.i64(decay_period, 'decay_period'), Float(decay_percent),
                      group.nil? ? nil : Library.text(group, 'group')
                    ))
      self
    end

    def add_disqualifier(name, predicate)
      Library.check(Library.sqlscore_criteria_add_disqualifier(to_ptr, Library.text(name, 'name'),
                                                               Library.text(predicate, 'predicate')))
      self
    end

    def add_gate(name, predicate)
      Library.check(Library.sqlscore_criteria_add_gate(to_ptr, Library.text(name, 'name'),
                                                       Library.text(predicate, 'predicate')))
      self
    end

    def set_mql(score, min_grade = GRADE_NONE)
      Library.check(Library.sqlscore_criteria_set_mql(to_ptr, Float(score), Library.i32(min_grade, 'min_grade')))
      self
    end

    def set_sql(score, min_grade = GRADE_NONE)
      Library.check(Library.sqlscore_criteria_set_sql(to_ptr, Float(score), Library.i32(min_grade, 'min_grade')))
      self
    end

    # Validate and freeze; returns self.
    def build
      Library.check(Library.sqlscore_criteria_build(to_ptr))
      self
    end

    # ---- reading --------------------------------------------------------

    # Rules text that parses back to an equal criteria.
    def write
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_criteria_write(to_ptr, out))
      Library.take_string(out.read_pointer)
    end
    alias to_s write

    def name
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_criteria_name(to_ptr, out, nil))
      Library.out_string(out)
    end

    def version
      out = FFI::MemoryPointer.new(:int32)
      Library.check(Library.sqlscore_criteria_name(to_ptr, nil, out))
      out.read(:int32)
    end

    # [framework name, [items]]; give leads the same checklist.
    def framework
      name = FFI::MemoryPointer.new(:pointer)
      n = FFI::MemoryPointer.new(:size_t)
      Library.check(Library.sqlscore_criteria_framework(to_ptr, name, n))
      item = FFI::MemoryPointer.new(:pointer)
      items = (0...n.read(:size_t)).map do |i|
        Library.check(Library.sqlscore_criteria_framework_item(to_ptr, i, item))
        Library.out_string(item)
      end
      [Library.out_string(name), items]
    end

    def inspect
      closed? ? '#<SQLScore::Criteria (closed)>' : "#<SQLScore::Criteria #{name.inspect} version #{version}>"
    end

    # ---- scoring --------------------------------------------------------

    # Score one lead as of a time (Integer seconds or Time).
    def evaluate(lead, as_of)
      raise TypeError, "evaluate needs a Lead, not #{lead.class}" unless lead.is_a?(Lead)

      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_criteria_evaluate(out, to_ptr, lead.to_ptr, Library.seconds(as_of, 'as_of')))
      Result.wrap(out.read_pointer)
    end

    # Score many leads in one library call; returns Scores of Arrays.
    def evaluate_batch(leads, as_of)
      ptr, n, _keep = Arrays.handles(leads, Lead, 'leads')
      outputs(n) do |s, g, v|
        Library.check(Library.sqlscore_criteria_evaluate_batch(to_ptr, ptr, n, Library.seconds(as_of, 'as_of'),
                                                               s, g, v))
      end
    end

    # Score a table given as columns, in one library call.  +columns+ maps
    # attribute names to Arrays: Numeric cells (nil: missing) make number
    # attributes, String cells (nil: missing) text attributes, and so does
    # a SQLScore::Coded column (codes into a list of categories, as
    # Arrow or pandas hold low-cardinality text).  Text columns are always
    # handed to the library dictionary-encoded
    # (sqlscore_criteria_evaluate_coded(3)): a column of Strings is encoded
    # here first, so each distinct string crosses the FFI once.  Rows have
    # no events and an unknown checklist.  Returns Scores.
    def evaluate_columns(columns)
      nums = []
      txts = []
      rows = nil
      columns.each do |name, values|
        what = "column #{name}"
        if values.is_a?(Coded)
          codes = Arrays.list(values.codes, "#{what} codes")
          txts << [name.to_s, codes, Arrays.list(values.categories, "#{what} categories")]
          list = codes
        else
          list = Arrays.list(values, what)
          if list.any? { |v| v.is_a?(String) }
            txts << [name.to_s, *encode_text(list, what)]
          else
            nums << [name.to_s, list]
          end
        end
        rows ||= list.size
        raise ArgumentError, "column #{name.inspect} has #{list.size} rows, expected #{rows}" if list.size != rows
      end
      rows ||= 0
      keep = []
      num_names, = keep_strings(nums.map(&:first), keep)
      txt_names, = keep_strings(txts.map(&:first), keep)
      num_ptrs = FFI::MemoryPointer.new(:pointer, [nums.size, 1].max)
      miss_ptrs = FFI::MemoryPointer.new(:pointer, [nums.size, 1].max)
      nums.each_with_index do |(name, list), i|
        col, = Arrays.doubles(list.map { |v| v.nil? ? 0.0 : v }, "column #{name}")
        keep << col
        num_ptrs.put_pointer(i * FFI::Pointer.size, col)
        mask = FFI::Pointer::NULL
        if list.any?(&:nil?)
          mask, = Arrays.bytes(list.map(&:nil?), 'missing')
          keep << mask
        end
        miss_ptrs.put_pointer(i * FFI::Pointer.size, mask)
      end
      if txts.empty?
        return outputs(rows) do |s, g, v|
          Library.check(Library.sqlscore_criteria_evaluate_columns(to_ptr, rows, nums.size, num_names, num_ptrs,
                                                                   miss_ptrs, 0, txt_names, nil, s, g, v))
        end
      end
      code_ptrs = FFI::MemoryPointer.new(:pointer, txts.size)
      dict_ptrs = FFI::MemoryPointer.new(:pointer, txts.size)
      sizes = FFI::MemoryPointer.new(:size_t, txts.size)
      txts.each_with_index do |(name, codes, categories), i|
        col, = Arrays.int32s(codes, "column #{name} codes")
        dict, n, strs = Arrays.strings(categories, "column #{name} categories", allow_nil: true)
        keep << col << dict << strs
        code_ptrs.put_pointer(i * FFI::Pointer.size, col)
        dict_ptrs.put_pointer(i * FFI::Pointer.size, dict)
        sizes.put(:size_t, i * FFI.type_size(:size_t), n)
      end
      result = outputs(rows) do |s, g, v|
        Library.check(Library.sqlscore_criteria_evaluate_coded(to_ptr, rows, nums.size, num_names, num_ptrs,
                                                               miss_ptrs, txts.size, txt_names, code_ptrs, sizes,
                                                               dict_ptrs, s, g, v))
      end
      keep.clear
      result
    end

    private

    # A column of Strings (nil: missing) as codes and its distinct strings.
    def encode_text(list, what)
      index = {}
      codes = list.map do |v|
        next -1 if v.nil?
        raise TypeError, "#{what}: cells must be String or nil, not #{v.class}" unless v.is_a?(String)

        index[v] ||= index.size
      end
      [codes, index.keys]
    end

    def keep_strings(names, keep)
      ptr, n, strs = Arrays.strings(names, 'names')
      keep << ptr << strs
      [ptr, n]
    end

    def outputs(n)
      s = FFI::MemoryPointer.new(:double, [n, 1].max)
      g = FFI::MemoryPointer.new(:int32, [n, 1].max)
      v = FFI::MemoryPointer.new(:int32, [n, 1].max)
      yield s, g, v
      Scores.new(s.get_array_of_double(0, n), g.get_array_of_int32(0, n), v.get_array_of_int32(0, n))
    end
  end
end
