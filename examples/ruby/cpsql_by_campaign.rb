#!/usr/bin/env ruby
# frozen_string_literal: true

# CPSQL per campaign: spend from one CSV, touches and SQL conversions from
# another, SQL credit shared between campaigns by linear attribution.
#
#     ruby cpsql_by_campaign.rb [spend.csv touches.csv]
#
# Money is exact (minor units); CPSQL = spend / SQL credit, rounded once.
require 'csv'
require 'sqlscore'

DAY = 86_400
here = File.join(__dir__, '..', 'csv')
spend_path, touch_path = ARGV.size > 1 ? ARGV : [File.join(here, 'campaign_spend.csv'),
                                                  File.join(here, 'campaign_touches.csv')]
category = { 'marketing' => SQLScore::SPEND_MARKETING, 'sales' => SQLScore::SPEND_SALES }

campaigns = Hash.new { |h, id| h[id] = SQLScore::Campaign.new(id, 'USD') }
CSV.foreach(spend_path, headers: true, encoding: 'UTF-8') do |row|
  campaigns[row['campaign']].add_spend(SQLScore.parse_money(row['amount'], 'USD'),
                                       category: category.fetch(row['category']))
end

attribution = SQLScore::Attribution.new(model: SQLScore::MODEL_LINEAR)
CSV.foreach(touch_path, headers: true, encoding: 'UTF-8') do |row|
  if row['kind'] == 'sql'
    attribution.add_conversion(row['lead'], Integer(row['day']) * DAY)
  else
    attribution.add_touch(row['lead'], row['campaign'], Integer(row['day']) * DAY)
  end
end

portfolio = SQLScore::Portfolio.new('USD', campaigns.values)
portfolio.compute(counting: SQLScore::COUNT_PERIOD, attribution: attribution, result: attribution.run,
                  start: 0, end_: 365 * DAY)

line = lambda do |name, spend, credit_ppm, cpsql|
  puts format('%-8s %10s %10.6f %10s', name, SQLScore.format_money(spend, 'USD'),
              credit_ppm.fdiv(SQLScore::CREDIT_ONE), SQLScore.format_money(SQLScore.ratio_round(cpsql), 'USD'))
end

puts format('%-8s %10s %10s %10s', 'campaign', 'spend', 'SQLs', 'CPSQL')
portfolio.rows.each_with_index do |row, i|
  line.call(row.campaign_id, row.spend, row.sql_credit_ppm, portfolio.cpsql(i))
end
total = portfolio.total
line.call('all', total.spend, total.sql_credit_ppm, portfolio.cpsql)
