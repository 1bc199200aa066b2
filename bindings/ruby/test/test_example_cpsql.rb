# frozen_string_literal: true

# examples/ruby/cpsql_by_campaign.rb prints the figures worked out by hand in
# the Python twin of this test (bindings/python/tests/test_example_cpsql.py).

require 'minitest'
require_relative 'example_runner'

class TestCpsqlExample < Minitest::Test
  include ExampleRunner

  def test_cpsql_by_campaign
    assert_equal ['campaign      spend       SQLs      CPSQL',
                  'webinar     1500.00   1.500000    1000.00',
                  'ads         2000.00   1.000000    2000.00',
                  'events       500.00   0.500000    1000.00',
                  'all         4000.00   3.000000    1333.33'], run_example('cpsql_by_campaign.rb')
  end
end
