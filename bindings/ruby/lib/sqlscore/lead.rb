# frozen_string_literal: true

module SQLScore
  ATTR_TEXT = 1
  ATTR_NUMBER = 2
  ATTR_INTEGER = 3
  ATTR_BOOLEAN = 4
  ATTR_TIME = 5
  ATTR_MONEY = 6

  CHECK_UNKNOWN = 0
  CHECK_MET = 1
  CHECK_NOT_MET = 2

  # Leads (qualification module).
  module Library
    fn :sqlscore_lead_new, %i[pointer string], :int
    fn :sqlscore_lead_free, [:pointer], :void
    fn :sqlscore_lead_clone, %i[pointer pointer], :int
    fn :sqlscore_lead_id, %i[pointer pointer], :int
    fn :sqlscore_lead_set_text, %i[pointer string string], :int
    fn :sqlscore_lead_set_number, %i[pointer string double], :int
    fn :sqlscore_lead_set_integer, %i[pointer string int64], :int
    fn :sqlscore_lead_set_boolean, %i[pointer string int32], :int
    fn :sqlscore_lead_set_time, %i[pointer string int64], :int
    fn :sqlscore_lead_set_money, %i[pointer string int64 string], :int
    fn :sqlscore_lead_get_text, %i[pointer string pointer], :int
    fn :sqlscore_lead_get_number, %i[pointer string pointer], :int
    fn :sqlscore_lead_get_integer, %i[pointer string pointer], :int
    fn :sqlscore_lead_get_boolean, %i[pointer string pointer], :int
    fn :sqlscore_lead_get_time, %i[pointer string pointer], :int
    fn :sqlscore_lead_get_money, %i[pointer string pointer pointer], :int
    fn :sqlscore_lead_attr_type, %i[pointer string pointer], :int
    fn :sqlscore_lead_unset, %i[pointer string], :int
    fn :sqlscore_lead_attr_count, %i[pointer pointer], :int
    fn :sqlscore_lead_attr_at, %i[pointer size_t pointer pointer], :int
    fn :sqlscore_lead_checklist_set, %i[pointer string pointer size_t], :int
    fn :sqlscore_lead_checklist_framework, %i[pointer pointer], :int
    fn :sqlscore_lead_checklist_count, %i[pointer pointer], :int
    fn :sqlscore_lead_checklist_at, %i[pointer size_t pointer pointer], :int
    fn :sqlscore_lead_check_set, %i[pointer string int32], :int
    fn :sqlscore_lead_check_get, %i[pointer string pointer], :int
    fn :sqlscore_lead_event_add, %i[pointer string int64 pointer string], :int
    fn :sqlscore_lead_event_count, %i[pointer pointer], :int
    fn :sqlscore_lead_event_at, %i[pointer size_t pointer pointer pointer pointer pointer], :int
  end

  # One engagement event of a lead's ledger.
  Event = Struct.new(:type, :time, :value, :campaign)

  # A prospect: identifier, typed attributes, checklist and event ledger.
  #
  #   SQLScore::Lead.open("lead-1") do |lead|
  #     lead["employees"] = 250          # Integer -> integer attribute
  #     lead["signed_up"] = Time.now     # Time -> time attribute
  #     lead.add_event("demo_request", 1_700_000_000, campaign: "webinar")
  #   end
  #
  # A missing attribute raises NotFound, a read with the wrong type WrongType.
  class Lead < Handle
    include Enumerable

    def self.free_function
      Library.method(:sqlscore_lead_free)
    end

    def initialize(id)
      super()
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_lead_new(out, Library.text(id, 'id')))
      adopt(out.read_pointer)
    end

    # A deep copy (attributes, checklist, events, stage history).
    def clone
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_lead_clone(out, to_ptr))
      self.class.wrap(out.read_pointer)
    end
    alias dup clone

    def id
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_lead_id(to_ptr, out))
      Library.out_string(out)
    end

    def inspect
      closed? ? '#<SQLScore::Lead (closed)>' : "#<SQLScore::Lead #{id.inspect}>"
    end
    alias to_s inspect

    # ---- attributes ----------------------------------------------------

    # Set an attribute, its type chosen by the Ruby class of value: String
    # text, Float number, Integer integer, true/false boolean, Time time,
    # Money money.
    def []=(name, value)
      case value
      when true, false then set_boolean(name, value)
      when Integer then set_integer(name, value)
      when Float then set_number(name, value)
      when String, Symbol then set_text(name, value.to_s)
      when Money then set_money(name, value)
      when Time then set_time(name, value)
      else raise TypeError, "attribute #{name.inspect}: no attribute type for #{value.class}"
      end
    end

    # The attribute as the Ruby class matching its type (time as a UTC Time).
    def [](name)
      case attr_type(name)
      when ATTR_TEXT then get_text(name)
      when ATTR_NUMBER then get_number(name)
      when ATTR_INTEGER then get_integer(name)
      when ATTR_BOOLEAN then get_boolean(name)
      when ATTR_TIME then Time.at(get_time(name)).utc
      when ATTR_MONEY then get_money(name)
      end
    end

    # Like [] but returns default (or the block's value) when missing.
    def fetch(name, *default)
      self[name]
    rescue NotFound
      return yield(name) if block_given?
      return default.first unless default.empty?

      raise
    end

    def key?(name)
      attr_type(name)
      true
    rescue NotFound
      false
    end
    alias include? key?
    alias has_key? key?

    def set_text(name, value)
      Library.check(Library.sqlscore_lead_set_text(to_ptr, Library.text(name, 'name'), Library.text(value, 'value')))
    end

    def set_number(name, value)
      Library.check(Library.sqlscore_lead_set_number(to_ptr, Library.text(name, 'name'), Float(value)))
    end

    def set_integer(name, value)
      Library.check(Library.sqlscore_lead_set_integer(to_ptr, Library.text(name, 'name'),
                                                      Library.i64(value, "attribute #{name}")))
    end

    def set_boolean(name, value)
      Library.check(Library.sqlscore_lead_set_boolean(to_ptr, Library.text(name, 'name'), value ? 1 : 0))
    end

    # From Integer Unix seconds or a Time.
    def set_time(name, value)
      Library.check(Library.sqlscore_lead_set_time(to_ptr, Library.text(name, 'name'),
                                                   Library.seconds(value, "attribute #{name}")))
    end

    # set_money(name, Money.new(1999, "EUR")) or set_money(name, 1999, "EUR").
    def set_money(name, value, currency = nil)
      minor, currency = value.is_a?(Money) ? [value.minor, value.currency] : [value, currency]
      raise TypeError, "attribute #{name.inspect}: money needs a currency" if currency.nil?

      Library.check(Library.sqlscore_lead_set_money(to_ptr, Library.text(name, 'name'),
                                                    Library.i64(minor, "attribute #{name}"),
                                                    Library.text(currency, 'currency')))
    end

    def get_text(name)
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_lead_get_text(to_ptr, Library.text(name, 'name'), out))
      Library.out_string(out)
    end

    def get_number(name)
      get_scalar(:sqlscore_lead_get_number, :double, name)
    end

    def get_integer(name)
      get_scalar(:sqlscore_lead_get_integer, :int64, name)
    end

    def get_boolean(name)
      get_scalar(:sqlscore_lead_get_boolean, :int32, name) != 0
    end

    # A time attribute as Integer Unix seconds.
    def get_time(name)
      get_scalar(:sqlscore_lead_get_time, :int64, name)
    end

    def get_money(name)
      minor = FFI::MemoryPointer.new(:int64)
      cur = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_lead_get_money(to_ptr, Library.text(name, 'name'), minor, cur))
      Money.new(minor.read(:int64), Library.out_string(cur))
    end

    # The ATTR_* type; NotFound when unset.
    def attr_type(name)
      get_scalar(:sqlscore_lead_attr_type, :int32, name)
    end

    # Remove an attribute; NotFound when unset.
    def unset(name)
      Library.check(Library.sqlscore_lead_unset(to_ptr, Library.text(name, 'name')))
      nil
    end
    alias delete unset

    # Attribute names, ordered by name.
    def keys
      attribute_types.keys
    end

    # { name => ATTR_* } ordered by name.
    def attribute_types
      n = FFI::MemoryPointer.new(:size_t)
      Library.check(Library.sqlscore_lead_attr_count(to_ptr, n))
      name = FFI::MemoryPointer.new(:pointer)
      type = FFI::MemoryPointer.new(:int32)
      (0...n.read(:size_t)).to_h do |i|
        Library.check(Library.sqlscore_lead_attr_at(to_ptr, i, name, type))
        [Library.out_string(name), type.read(:int32)]
      end
    end

    # Yields name, value for each attribute (ordered by name).
    def each(&block)
      return enum_for(:each) unless block

      keys.each { |k| yield k, self[k] }
      self
    end

    def to_h
      each.to_h
    end

    # ---- checklist -----------------------------------------------------

    # Replace the framework (BANT by default); shared items keep their state.
    def set_checklist(framework, items)
      ptr, n, _keep = Arrays.strings(items, 'items')
      Library.check(Library.sqlscore_lead_checklist_set(to_ptr, Library.text(framework, 'framework'), ptr, n))
      nil
    end

    def framework
      out = FFI::MemoryPointer.new(:pointer)
      Library.check(Library.sqlscore_lead_checklist_framework(to_ptr, out))
      Library.out_string(out)
    end

    # { item => CHECK_* } in framework order.
    def checklist
      n = FFI::MemoryPointer.new(:size_t)
      Library.check(Library.sqlscore_lead_checklist_count(to_ptr, n))
      item = FFI::MemoryPointer.new(:pointer)
      state = FFI::MemoryPointer.new(:int32)
      (0...n.read(:size_t)).to_h do |i|
        Library.check(Library.sqlscore_lead_checklist_at(to_ptr, i, item, state))
        [Library.out_string(item), state.read(:int32)]
      end
    end

    # state: CHECK_*, or true (met), false (not met), nil (unknown).
    def set_check(item, state)
      state = { true => CHECK_MET, false => CHECK_NOT_MET, nil => CHECK_UNKNOWN }.fetch(state, state)
      Library.check(Library.sqlscore_lead_check_set(to_ptr, Library.text(item, 'item'),
                                                    Library.i32(state, 'state')))
    end

    def get_check(item)
      out = FFI::MemoryPointer.new(:int32)
      Library.check(Library.sqlscore_lead_check_get(to_ptr, Library.text(item, 'item'), out))
      out.read(:int32)
    end

    # ---- events --------------------------------------------------------

    # Record an engagement event (kept ordered by time; never removed).
    def add_event(type, time, value: nil, campaign: nil)
      v = nil
      unless value.nil?
        v = FFI::MemoryPointer.new(:double)
        v.write(:double, Float(value))
      end
      Library.check(Library.sqlscore_lead_event_add(to_ptr, Library.text(type, 'type'),
                                                    Library.seconds(time),
                                                    v, campaign.nil? ? nil : Library.text(campaign, 'campaign')))
    end

    def event_count
      n = FFI::MemoryPointer.new(:size_t)
      Library.check(Library.sqlscore_lead_event_count(to_ptr, n))
      n.read(:size_t)
    end

    # The ledger as Events ordered by time (time as Integer Unix seconds).
    def events
      type = FFI::MemoryPointer.new(:pointer)
      time = FFI::MemoryPointer.new(:int64)
      has = FFI::MemoryPointer.new(:int32)
      value = FFI::MemoryPointer.new(:double)
      camp = FFI::MemoryPointer.new(:pointer)
      (0...event_count).map do |i|
        Library.check(Library.sqlscore_lead_event_at(to_ptr, i, type, time, has, value, camp))
        Event.new(Library.out_string(type), time.read(:int64),
                  has.read(:int32).zero? ? nil : value.read(:double), Library.out_string(camp))
      end
    end

    private

    def get_scalar(fn, type, name)
      out = FFI::MemoryPointer.new(type)
      Library.check(Library.send(fn, to_ptr, Library.text(name, 'name'), out))
      out.read(type)
    end
  end
end
