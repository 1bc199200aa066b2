# frozen_string_literal: true

# examples/ruby/enps_by_team.rb prints the figures worked out by hand in
# the Python twin of this test (bindings/python/tests/test_example_enps.py).

require 'minitest'
require_relative 'example_runner'

class TestEnpsExample < Minitest::Test
  include ExampleRunner

  def test_enps_by_team
    assert_equal ['Sales        n=8   eNPS  +25   95% CI  -29.4 ..  +65.8',
                  'Engineering  n=6   eNPS  +33   95% CI  -26.7 ..  +71.2',
                  'Support      n=5   hidden (anonymity)',
                  'Legal        n=2   hidden (anonymity)',
                  'All teams    n=21  eNPS  +29   95% CI   -7.7 ..  +57.7'], run_example('enps_by_team.rb')
  end
end
