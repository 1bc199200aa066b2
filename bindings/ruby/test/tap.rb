# frozen_string_literal: true

# Run the binding's minitest suite and report it as TAP: one line per test
# method, so automake's TAP driver shows each case in `make check`.
# Usage: ruby tap.rb [test files...]   (default: every test_*.rb here)

require 'minitest'

module Minitest
  # Prints one TAP line per result and the plan at the end.
  class TapReporter < AbstractReporter
    def initialize(io)
      super()
      @io = io
      @count = 0
      @failed = false
    end

    def record(result)
      @count += 1
      name = "#{result.klass}.#{result.name}"
      if result.skipped?
        @io.puts "ok #{@count} - #{name} # SKIP #{result.failure.message}"
      elsif result.passed?
        @io.puts "ok #{@count} - #{name}"
      else
        @failed = true
        @io.puts "not ok #{@count} - #{name}"
        result.failures.each do |f|
          text = "#{f.class}: #{f.message}\n#{Array(f.backtrace).first(8).join("\n")}"
          text.each_line { |l| @io.puts "# #{l.chomp}" }
        end
      end
      @io.flush
    end

    def report
      @io.puts "1..#{@count}"
    end

    def passed?
      !@failed
    end
  end

  def self.plugin_tap_init(_options)
    reporter.reporters.clear
    reporter << TapReporter.new($stdout)
  end
end
Minitest.extensions << 'tap'

files = ARGV.empty? ? Dir[File.join(__dir__, 'test_*.rb')].sort : ARGV.dup
ARGV.clear
files.each { |f| require File.expand_path(f) }
exit(Minitest.run(['--seed', '1']) ? 0 : 1)
