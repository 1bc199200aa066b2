#!/usr/bin/env ruby
# frozen_string_literal: true

# eNPS by team from a CSV of survey answers (respondent, team, answer).
#
#     ruby enps_by_team.rb [answers.csv]
#
# An empty answer is a skipped question.  Teams under the anonymity threshold
# (5) are hidden, and so is the next-smallest team, which could otherwise be
# worked out from the company total.
require 'csv'
require 'sqlscore'

path = ARGV[0] || File.join(__dir__, '..', 'csv', 'survey_answers.csv')
rows = CSV.read(path, headers: true, encoding: 'UTF-8')

SQLScore::Survey.open(threshold: 5) do |survey|
  # One library call for the whole file.
  survey.add_batch(rows.map { |r| r['answer'].to_s.empty? ? nil : Integer(r['answer']) },
                   segments: rows.map { |r| r['team'] },
                   respondents: rows.map { |r| r['respondent'] })
  (survey.segments + [nil]).each do |team|
    result = survey.result(team)
    name = team || 'All teams'
    if result.suppressed?
      puts format('%-12s n=%-3d hidden (anonymity)', name, result.n)
      next
    end
    low, high = result.interval(SQLScore::ADJUSTED_WALD)
    puts format('%-12s n=%-3d eNPS %+4d   95%% CI %+6.1f .. %+6.1f', name, result.n, result.rounded, low, high)
  end
end
