#!/usr/bin/env ruby
# frozen_string_literal: true

# Score a CSV of leads with a rules file, one library call for the table.
#
#     ruby score_leads.rb [leads.csv [leads.rules]]
#
# Numeric columns become number attributes, the others text; an empty cell
# is a missing attribute.  The rules format is described in sqlscore-rules(5).
require 'csv'
require 'sqlscore'

here = File.join(__dir__, '..', 'csv')
leads_path = ARGV[0] || File.join(here, 'leads.csv')
rules_path = ARGV[1] || File.join(here, 'leads.rules')
rows = CSV.read(leads_path, headers: true, encoding: 'UTF-8')
cell = ->(row, name) { row[name].to_s.empty? ? nil : row[name] }

SQLScore::Criteria.load(rules_path).then do |criteria|
  out = criteria.evaluate_columns(
    'employees' => rows.map { |r| cell.call(r, 'employees')&.then { |v| Float(v) } },
    'title' => rows.map { |r| cell.call(r, 'title') },
    'country' => rows.map { |r| cell.call(r, 'country') },
    'domain' => rows.map { |r| cell.call(r, 'domain') }
  )
  rows.each_with_index do |row, i|
    puts format('%-6s %6.1f  %-2s  %s', row['id'], out.scores[i], SQLScore.grade_name(out.grades[i]),
                SQLScore.verdict_name(out.verdicts[i]))
  end
  criteria.close
end
