# frozen_string_literal: true

# examples/ruby/score_leads.rb prints the figures worked out by hand in the
# Python twin of this test (bindings/python/tests/test_example_score.py).

require 'minitest'
require_relative 'example_runner'

class TestScoreExample < Minitest::Test
  include ExampleRunner

  def test_score_leads
    assert_equal ['L-001    65.0  C   SQL',
                  'L-002    40.0  D+  MQL',
                  'L-003    10.0  D   unqualified',
                  'L-004    40.0  C   disqualified',
                  'L-005    25.0  D   MQL',
                  'L-006    25.0  D+  MQL'], run_example('score_leads.rb')
  end
end
