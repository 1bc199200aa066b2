# frozen_string_literal: true

module SQLScore
  MISSING_SKIP = 0
  MISSING_PASSIVE = 1
  PERIOD_NONE = 0
  PERIOD_ISO_WEEK = 1
  PERIOD_MONTH = 2
  PERIOD_QUARTER = 3
  PERIOD_DAYS = 4
  # "No time" / "all periods together" (SQLSCORE_SURVEY_ALL_TIME).
  ALL_TIME = -2**63
  MISSING_U8 = 255
  WALD = 0
  ADJUSTED_WALD = 1
  PULSE_WEEKLY = 0
  PULSE_BIWEEKLY = 1
  PULSE_MONTHLY = 2
  PULSE_QUARTERLY = 3
  QUESTION_ENPS = 0
  QUESTION_LIKERT = 1
  PULSE_SKIPPED = -1
  PULSE_MAX_QUESTIONS = 10

  # eNPS and pulse surveys (survey module).
  module Library
    fn :sqlscore_survey_new, [:pointer], :int
    fn :sqlscore_survey_free, [:pointer], :void
    fn :sqlscore_survey_set_scale, %i[pointer int32 int32 int32 int32], :int
    fn :sqlscore_survey_set_threshold, %i[pointer int32], :int
    fn :sqlscore_survey_set_missing, %i[pointer int32], :int
    fn :sqlscore_survey_set_confidence, %i[pointer double], :int
    fn :sqlscore_survey_set_rounding, %i[pointer int32], :int
    fn :sqlscore_survey_set_period, %i[pointer int32 int32], :int
    fn :sqlscore_survey_set_dedup, %i[pointer int32], :int
    fn :sqlscore_survey_segment, %i[pointer string pointer], :int
    fn :sqlscore_survey_add, %i[pointer double string int64 string], :int
    fn :sqlscore_survey_add_missing, %i[pointer string int64 string], :int
    fn :sqlscore_survey_add_batch, %i[pointer pointer size_t pointer pointer pointer pointer], :int
    fn :sqlscore_survey_add_batch_width, %i[pointer pointer size_t pointer size_t pointer pointer pointer], :int
    fn :sqlscore_survey_segment_count, %i[pointer pointer], :int
    fn :sqlscore_survey_segment_name, %i[pointer size_t pointer], :int
    fn :sqlscore_survey_period_count, %i[pointer pointer], :int
    fn :sqlscore_survey_period_at, %i[pointer size_t pointer], :int
    fn :sqlscore_survey_period_of, %i[pointer int64 pointer pointer], :int
    fn :sqlscore_survey_result, %i[pointer string int64 pointer], :int
    fn :sqlscore_survey_result_range, %i[pointer string int64 int64 pointer], :int
    fn :sqlscore_survey_trend, %i[pointer string size_t pointer pointer pointer], :int
    fn :sqlscore_survey_merge, %i[pointer pointer], :int
    fn :sqlscore_survey_serialize, %i[pointer pointer pointer], :int
    fn :sqlscore_survey_parse, %i[pointer pointer size_t], :int
    fn :sqlscore_enps_result_new, %i[pointer uint64 uint64 uint64 double int32], :int
    fn :sqlscore_enps_result_free, [:pointer], :void
    fn :sqlscore_enps_result_n, %i[pointer pointer pointer pointer], :int
    fn :sqlscore_enps_result_counts, %i[pointer pointer pointer pointer], :int
    fn :sqlscore_enps_result_score, %i[pointer pointer pointer], :int
    fn :sqlscore_enps_result_spread, %i[pointer pointer pointer pointer], :int
    fn :sqlscore_enps_result_interval, %i[pointer int32 pointer pointer], :int
    fn :sqlscore_enps_compare, %i[pointer pointer pointer pointer pointer pointer pointer], :int
    fn :sqlscore_pulse_new, %i[pointer int32], :int
    fn :sqlscore_pulse_free, [:pointer], :void
    fn :sqlscore_pulse_set_threshold, %i[pointer int32], :int
    fn :sqlscore_pulse_add_question, %i[pointer string string int32], :int
    fn :sqlscore_pulse_question_count, %i[pointer pointer], :int
    fn :sqlscore_pulse_question_at, %i[pointer size_t pointer pointer pointer], :int
    fn :sqlscore_pulse_set_invited, %i[pointer string int64 int64], :int
    fn :sqlscore_pulse_add_response, %i[pointer string int64 pointer size_t], :int
    fn :sqlscore_pulse_response_rate, %i[pointer string int64 pointer pointer pointer], :int
    fn :sqlscore_pulse_question, %i[pointer string string int64 pointer pointer pointer], :int
    fn :sqlscore_pulse_enps, %i[pointer string string int64 pointer], :int

    UINT64 = (0..(2**64) - 1).freeze

    def self.u64(value, what)
      raise TypeError, "#{what} must be an Integer, not #{value.class}" unless value.is_a?(Integer)
      raise OutOfRange.new("#{what}: #{value} does not fit in uint64_t", ERANGE) unless UINT64.cover?(value)

      value
    end

    # nil means no time (ALL_TIME); else Integer seconds or a Time.
    def self.time_or_all(value, what = 'time')
      value.nil? ? ALL_TIME : seconds(value, what)
    end
  end

  Counts = Struct.new(:detractors, :passives, :promoters)
  Comparison = Struct.new(:diff, :se, :low, :high, :p_value)
  Trend = Struct.new(:change, :p_value, :significant)
  ResponseRate = Struct.new(:responses, :invited, :rate)
  Question = Struct.new(:id, :text, :type)
  QuestionStats = Struct.new(:n, :mean, :favorable)

  # An immutable eNPS result: counts, score, spread and intervals.  n,
  # skipped and suppressed? are always readable; every other figure of a
  # suppressed result raises Suppressed, of an empty one UndefinedRatio.
  class EnpsResult < Handle
    def self.free_function
      Library.method(:sqlscore_enps_result_free)
    end

    def initialize(detractors, passives, promoters, level: 0.95, rounding: ROUND_HALF_EVEN)
      super()
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_enps_result_new(out, Library.u64(detractors, 'detractors'),
                                                     Library.u64(passives, 'passives'),
                                                     Library.u64(promoters, 'promoters'),
                                                     Float(level), Library.i32(rounding, 'rounding')))
      adopt(out.read_pointer)
    end

    def n
      n_skipped_suppressed[0]
    end

    def skipped
      n_skipped_suppressed[1]
    end

    def suppressed?
      n_skipped_suppressed[2]
    end

    def counts
      Counts.new(*Library.outs(%i[uint64 uint64 uint64]) do |d, p, pr|
        Library.check(Library.sqlscore_enps_result_counts(to_ptr, d, p, pr))
      end)
    end

    # The unrounded eNPS, -100..100.
    def score
      score_pair[0]
    end

    # The eNPS rounded exactly with the result's rounding mode.
    def rounded
      score_pair[1]
    end

    def variance
      spread[0]
    end

    def se
      spread[1]
    end

    def margin
      spread[2]
    end

    # [low, high], clamped to -100..100.
    def interval(method = WALD)
      Library.outs(%i[double double]) do |lo, hi|
        Library.check(Library.sqlscore_enps_result_interval(to_ptr, Library.i32(method, 'method'), lo, hi))
      end
    end

    # Compare with another result, assuming independent samples.
    def compare(other)
      raise TypeError, "compare needs an EnpsResult, not #{other.class}" unless other.is_a?(EnpsResult)

      Comparison.new(*Library.outs(%i[double double double double double]) do |*o|
        Library.check(Library.sqlscore_enps_compare(to_ptr, other.to_ptr, *o))
      end)
    end
    alias - compare

    def inspect
      return '#<SQLScore::EnpsResult (closed)>' if closed?

      n, _skipped, sup = n_skipped_suppressed
      return "#<SQLScore::EnpsResult n=#{n} suppressed>" if sup
      return "#<SQLScore::EnpsResult n=0>" if n.zero?

      format('#<SQLScore::EnpsResult n=%d enps=%+.2f>', n, score)
    end

    private

    def n_skipped_suppressed
      n, skipped, sup = Library.outs(%i[uint64 uint64 int32]) do |a, b, c|
        Library.check(Library.sqlscore_enps_result_n(to_ptr, a, b, c))
      end
      [n, skipped, sup != 0]
    end

    def score_pair
      Library.outs(%i[double int32]) do |e, r|
        Library.check(Library.sqlscore_enps_result_score(to_ptr, e, r))
      end
    end

    def spread
      Library.outs(%i[double double double]) do |v, s, m|
        Library.check(Library.sqlscore_enps_result_spread(to_ptr, v, s, m))
      end
    end
  end

  # An eNPS aggregator: answers per segment and period.
  #
  #   SQLScore::Survey.open(threshold: 5, period: SQLScore::PERIOD_MONTH) do |s|
  #     s.add(9, segment: "Sales", time: Time.utc(2026, 11, 3))
  #     puts s.result("Sales").score
  #   end
  class Survey < Handle
    def self.free_function
      Library.method(:sqlscore_survey_free)
    end

    def initialize(scale: nil, threshold: nil, missing: nil, confidence: nil, rounding: nil,
                   period: nil, days: 0, dedup: nil)
      super()
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_survey_new(out))
      adopt(out.read_pointer)
      @segment_cache = {}
      begin
        set_scale(*scale) if scale
        self.threshold = threshold unless threshold.nil?
        self.missing = missing unless missing.nil?
        self.confidence = confidence unless confidence.nil?
        self.rounding = rounding unless rounding.nil?
        set_period(period, days) unless period.nil?
        self.dedup = dedup unless dedup.nil?
      rescue StandardError
        close
        raise
      end
    end

    def self.wrap(ptr, owner = nil)
      obj = super
      obj.instance_variable_set(:@segment_cache, {})
      obj
    end

    # A survey from bytes written by #serialize.
    def self.parse(data)
      data = data.to_s.b
      buf = FFI::MemoryPointer.new(:uint8, [data.bytesize, 1].max)
      buf.put_bytes(0, data)
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_survey_parse(out, buf, data.bytesize))
      wrap(out.read_pointer)
    end

    # ---- configuration (before the first answer) ------------------------

    def set_scale(min, max, detractor_max, promoter_min)
      Library.check(Library.sqlscore_survey_set_scale(to_ptr, Library.i32(min, 'min'), Library.i32(max, 'max'),
                                                      Library.i32(detractor_max, 'detractor_max'),
                                                      Library.i32(promoter_min, 'promoter_min')))
    end

    def threshold=(value)
      Library.check(Library.sqlscore_survey_set_threshold(to_ptr, Library.i32(value, 'threshold')))
    end

    def missing=(mode)
      Library.check(Library.sqlscore_survey_set_missing(to_ptr, Library.i32(mode, 'mode')))
    end

    def confidence=(level)
      Library.check(Library.sqlscore_survey_set_confidence(to_ptr, Float(level)))
    end

    def rounding=(mode)
      Library.check(Library.sqlscore_survey_set_rounding(to_ptr, Library.i32(mode, 'mode')))
    end

    def set_period(kind, days = 0)
      Library.check(Library.sqlscore_survey_set_period(to_ptr, Library.i32(kind, 'kind'), Library.i32(days, 'days')))
    end

    def dedup=(enabled)
      Library.check(Library.sqlscore_survey_set_dedup(to_ptr, enabled ? 1 : 0))
    end

    # ---- answers --------------------------------------------------------

    # The index of a segment (created when new), for add_batch.
    def segment(name)
      out = FFI::MemoryPointer.new(:uint32)
      Library.check(Library.sqlscore_survey_segment(to_ptr, Library.text(name, 'segment'), out))
      out.read(:uint32)
    end

    # Count one answer (nil: a missing answer).
    def add(answer, segment: nil, time: nil, respondent: nil)
      return add_missing(segment: segment, time: time, respondent: respondent) if answer.nil?
      raise TypeError, "answer must be Numeric, not #{answer.class}" unless answer.is_a?(Numeric)

      Library.check(Library.sqlscore_survey_add(to_ptr, Float(answer), Library.optional_text(segment, 'segment'),
                                                Library.time_or_all(time),
                                                Library.optional_text(respondent, 'respondent')))
    end

    def add_missing(segment: nil, time: nil, respondent: nil)
      Library.check(Library.sqlscore_survey_add_missing(to_ptr, Library.optional_text(segment, 'segment'),
                                                        Library.time_or_all(time),
                                                        Library.optional_text(respondent, 'respondent')))
    end

    # Count many answers in one library call, all or nothing.  answers: an
    # Array of Integers (nil = missing) or a binary String of bytes (255 =
    # missing); segments: one name for all, or an Array of names or of
    # indices from #segment; times: Integers/Times or nil; respondents: ids
    # (nil entries anonymous) or nil.  A bad element rejects the batch; the
    # exception's #index gives its position.
    def add_batch(answers, segments: nil, times: nil, respondents: nil)
      bytes = answers.is_a?(String) ? answers.b.bytes : Arrays.list(answers, 'answers').map { |a| a.nil? ? MISSING_U8 : a }
      n = bytes.size
      ans = FFI::MemoryPointer.new(:uint8, [n, 1].max)
      bytes.each { |b| raise RangeError, "answers: #{b} does not fit in a byte" unless b.is_a?(Integer) && b.between?(0, 255) }
      ans.put_array_of_uint8(0, bytes)
      tim = nil
      unless times.nil?
        t = Arrays.list(times, 'times').map { |x| Library.seconds(x, 'times') }
        raise ArgumentError, "times has #{t.size} entries for #{n} answers" unless t.size == n

        tim, = Arrays.int64s(t, 'times')
      end
      resp = keep = nil
      unless respondents.nil?
        resp, m, keep = Arrays.strings(respondents, 'respondents', allow_nil: true)
        raise ArgumentError, "respondents has #{m} entries for #{n} answers" unless m == n
      end
      # Names are registered last, once everything checked here is good;
      # a batch the library refuses leaves new names listed, with no answers.
      seg, width = segments.nil? ? [nil, 4] : segment_indices(segments, n)
      bad = FFI::MemoryPointer.new(:size_t)
      bad.write(:size_t, 2**64 - 1)
      rc = if width == 4
             Library.sqlscore_survey_add_batch(to_ptr, ans, n, seg, tim, resp, bad)
           else
             Library.sqlscore_survey_add_batch_width(to_ptr, ans, n, seg, width, tim, resp, bad)
           end
      keep = nil # the respondent strings were needed until here
      return rc unless rc.negative?

      err = Library.error_for(rc)
      index = bad.read(:size_t)
      err.index = index unless index == 2**64 - 1
      raise err
    end

    # ---- reading --------------------------------------------------------

    # Segment names in index order.
    def segments
      n = FFI::MemoryPointer.new(:size_t)
      Library.check(Library.sqlscore_survey_segment_count(to_ptr, n))
      name = FFI::MemoryPointer.new(:pointer)
      (0...n.read(:size_t)).map do |i|
        Library.check(Library.sqlscore_survey_segment_name(to_ptr, i, name))
        Library.out_string(name)
      end
    end

    # Start times (Unix seconds) of the periods holding answers, ascending.
    def periods
      n = FFI::MemoryPointer.new(:size_t)
      Library.check(Library.sqlscore_survey_period_count(to_ptr, n))
      start = FFI::MemoryPointer.new(:int64)
      (0...n.read(:size_t)).map do |i|
        Library.check(Library.sqlscore_survey_period_at(to_ptr, i, start))
        start.read(:int64)
      end
    end

    # [start, end) of the period containing time.
    def period_of(time)
      Library.outs(%i[int64 int64]) do |a, b|
        Library.check(Library.sqlscore_survey_period_of(to_ptr, Library.seconds(time), a, b))
      end
    end

    # A snapshot of one segment (nil: all) in one period (nil: all).
    def result(segment = nil, period: nil)
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_survey_result(to_ptr, Library.optional_text(segment, 'segment'),
                                                   Library.time_or_all(period, 'period'), out))
      EnpsResult.wrap(out.read_pointer)
    end

    # A result over the periods starting in [start, end): a rolling window.
    def result_range(start, end_, segment: nil)
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_survey_result_range(to_ptr, Library.optional_text(segment, 'segment'),
                                                         Library.seconds(start), Library.seconds(end_), out))
      EnpsResult.wrap(out.read_pointer)
    end

    # Change of the eNPS from period index-1 to period index.
    def trend(index, segment: nil)
      raise NotFound.new("trend: index #{index} is negative", ENOTFOUND) if index.negative?

      change, p, sig = Library.outs(%i[double double int32]) do |a, b, c|
        Library.check(Library.sqlscore_survey_trend(to_ptr, Library.optional_text(segment, 'segment'), index, a, b, c))
      end
      Trend.new(change, p, sig != 0)
    end

    # ---- distribution ---------------------------------------------------

    # Add everything counted by other (same configuration) into this one.
    def merge(other)
      raise TypeError, "merge needs a Survey, not #{other.class}" unless other.is_a?(Survey)

      Library.check(Library.sqlscore_survey_merge(to_ptr, other.to_ptr))
      self
    end
    alias << merge

    # The portable byte format (a binary String).
    def serialize
      buf = FFI::MemoryPointer.new(:pointer)
      size = FFI::MemoryPointer.new(:size_t)
      Library.check(Library.sqlscore_survey_serialize(to_ptr, buf, size))
      ptr = buf.read_pointer
      begin
        ptr.read_bytes(size.read(:size_t))
      ensure
        Library.sqlscore_buffer_free(ptr)
      end
    end
    alias to_bytes serialize

    def inspect
      closed? ? '#<SQLScore::Survey (closed)>' : "#<SQLScore::Survey segments=#{segments.inspect}>"
    end

    private

    def segment_indices(segments, n)
      list = if segments.is_a?(String) || segments.is_a?(Symbol)
               [segment(segments.to_s)] * n
             else
               given = Arrays.list(segments, 'segments')
               raise ArgumentError, "segments has #{given.size} entries for #{n} answers" unless given.size == n

               given.map { |s| s.is_a?(Integer) ? s : (@segment_cache[s] ||= segment(s)) }
             end

      # The narrowest index type that holds them all (1 byte an answer for
      # up to 256 segments): less to build here and less for the library
      # to read.
      lo, hi = list.minmax
      return pack_indices(list, n, :uint32, 4) if lo.nil? || lo.negative? || hi > 65_535

      hi > 255 ? pack_indices(list, n, :uint16, 2) : pack_indices(list, n, :uint8, 1)
    end

    def pack_indices(list, n, type, width)
      ptr = FFI::MemoryPointer.new(type, [n, 1].max)
      ptr.send(:"put_array_of_#{type}", 0, list)
      [ptr, width]
    end
  end

  # A pulse survey: up to 10 questions asked on a cadence.
  class Pulse < Handle
    def self.free_function
      Library.method(:sqlscore_pulse_free)
    end

    def initialize(cadence = PULSE_MONTHLY, threshold: nil, questions: [])
      super()
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_pulse_new(out, Library.i32(cadence, 'cadence')))
      adopt(out.read_pointer)
      begin
        self.threshold = threshold unless threshold.nil?
        questions.each { |q| add_question(*q) }
      rescue StandardError
        close
        raise
      end
    end

    def threshold=(value)
      Library.check(Library.sqlscore_pulse_set_threshold(to_ptr, Library.i32(value, 'threshold')))
    end

    def add_question(id, question, type = QUESTION_LIKERT)
      Library.check(Library.sqlscore_pulse_add_question(to_ptr, Library.text(id, 'id'),
                                                        Library.text(question, 'question'),
                                                        Library.i32(type, 'type')))
      nil
    end

    # The questions in order, as Question(id, text, type).
    def questions
      n = Library.outs([:size_t]) { |o| Library.check(Library.sqlscore_pulse_question_count(to_ptr, o)) }.first
      (0...n).map do |i|
        id = FFI::MemoryPointer.new(:pointer)
        text = FFI::MemoryPointer.new(:pointer)
        type = Library.outs([:int32]) do |t|
          Library.check(Library.sqlscore_pulse_question_at(to_ptr, i, id, text, t))
        end.first
        Question.new(Library.out_string(id), Library.out_string(text), type)
      end
    end

    def set_invited(segment, time, invited)
      Library.check(Library.sqlscore_pulse_set_invited(to_ptr, Library.optional_text(segment, 'segment'),
                                                       Library.seconds(time), Library.i64(invited, 'invited')))
    end

    # answers: one per question in order, or a Hash id => answer; nil
    # (or PULSE_SKIPPED) for a skipped question.
    def add_response(segment, time, answers)
      if answers.is_a?(Hash)
        ids = questions.map(&:id)
        unknown = answers.keys - ids
        raise NotFound.new("add_response: no question #{unknown.first.inspect}", ENOTFOUND) unless unknown.empty?

        answers = ids.map { |q| answers[q] }
      end
      ptr, n = Arrays.int32s(answers.map { |a| a.nil? ? PULSE_SKIPPED : a }, 'answers')
      Library.check(Library.sqlscore_pulse_add_response(to_ptr, Library.optional_text(segment, 'segment'),
                                                        Library.seconds(time), ptr, n))
    end

    def response_rate(segment, time)
      ResponseRate.new(*Library.outs(%i[int64 int64 double]) do |r, i, x|
        Library.check(Library.sqlscore_pulse_response_rate(to_ptr, Library.optional_text(segment, 'segment'),
                                                           Library.seconds(time), r, i, x))
      end)
    end

    def question(question_id, segment, time)
      QuestionStats.new(*Library.outs(%i[int64 double double]) do |n, m, f|
        Library.check(Library.sqlscore_pulse_question(to_ptr, Library.text(question_id, 'question_id'),
                                                      Library.optional_text(segment, 'segment'),
                                                      Library.seconds(time), n, m, f))
      end)
    end

    def enps(question_id, segment, time)
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_pulse_enps(to_ptr, Library.text(question_id, 'question_id'),
                                                Library.optional_text(segment, 'segment'),
                                                Library.seconds(time), out))
      EnpsResult.wrap(out.read_pointer)
    end
  end
end
