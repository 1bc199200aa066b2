# frozen_string_literal: true

module SQLScore
  # An exact amount: +minor+ units of an ISO 4217 +currency+;
  # SQLScore::Money.new(123456, "USD") is 1234.56 US dollars.
  Money = Struct.new(:minor, :currency) do
    def initialize(minor, currency)
      super(Integer(minor), currency.to_s.dup.freeze)
      freeze
    end
  end
end
