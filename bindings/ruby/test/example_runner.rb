# frozen_string_literal: true

require 'open3'
require 'rbconfig'

# Run a script of examples/ruby/ the way a user would, for the example tests.
module ExampleRunner
  EXAMPLES = File.join(ENV['top_srcdir'] || File.expand_path('../../..', __dir__), 'examples', 'ruby')

  # The example's standard output as an Array of lines; fails loudly.
  def run_example(name, *args)
    out, err, status = Open3.capture3(RbConfig.ruby, "-I#{File.expand_path('../lib', __dir__)}",
                                      File.join(EXAMPLES, name), *args)
    raise "#{name} failed: #{err}" unless status.success?

    out.lines.map(&:chomp)
  end
end
