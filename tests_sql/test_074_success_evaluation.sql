-- analysis.successEvaluation, one mapping per rubric of the voice platform
-- (booking.is_positive_evaluation), table-driven; and the lead score's
-- positive_analysis signal follows it.
begin;
select plan(4);

create temp table evaluations (rubric text, value jsonb, positive boolean);
insert into evaluations values
  -- PassFail
  ('pass/fail', 'true', true),
  ('pass/fail', 'false', false),
  ('pass/fail', '"true"', true),
  ('pass/fail', '"TRUE"', true),
  ('pass/fail', '" Pass "', true),
  ('pass/fail', '"passed"', true),
  ('pass/fail', '"success"', true),
  ('pass/fail', '"Successful"', true),
  ('pass/fail', '"yes"', true),
  ('pass/fail', '"false"', false),
  ('pass/fail', '"fail"', false),
  ('pass/fail', '"no"', false),
  -- NumericScale 1-10: at least 7
  ('numeric', '10', true),
  ('numeric', '7', true),
  ('numeric', '6.9', false),
  ('numeric', '1', false),
  ('numeric', '0', false),
  ('numeric', '"8"', true),
  ('numeric', '"7.5"', true),
  ('numeric', '"6"', false),
  ('numeric', '"8/10"', true),
  ('numeric', '"6/10"', false),
  ('numeric', '"7 out of 10"', true),
  ('numeric', '"4 out of 5"', true),
  ('numeric', '"3/5"', false),
  ('numeric', '"11/10"', false),
  ('numeric', '"1/0"', false),
  ('numeric', '-8', false),
  -- PercentageScale: at least 70
  ('percentage', '"85%"', true),
  ('percentage', '"70 %"', true),
  ('percentage', '"69.5%"', false),
  ('percentage', '"100%"', true),
  ('percentage', '"120%"', false),
  ('percentage', '"5%"', false),
  ('percentage', '85', true),
  ('percentage', '70', true),
  ('percentage', '"65"', false),
  ('percentage', '101', false),
  -- DescriptiveScale
  ('descriptive', '"Excellent"', true),
  ('descriptive', '"good"', true),
  ('descriptive', '"Fair"', false),
  ('descriptive', '"Poor"', false),
  -- LikertScale
  ('likert', '"Strongly Agree"', true),
  ('likert', '"strongly  agree"', true),
  ('likert', '"Agree"', true),
  ('likert', '"Neutral"', false),
  ('likert', '"Disagree"', false),
  ('likert', '"Strongly Disagree"', false),
  -- Checklist / Matrix: every item
  ('checklist', '{"greeted": true, "offered times": "pass", "booked": "yes"}', true),
  ('checklist', '{"greeted": true, "booked": false}', false),
  ('checklist', '[true, true, "pass"]', true),
  ('checklist', '[true, "fail"]', false),
  ('checklist', '{"empathy": 9, "accuracy": "Excellent"}', true),
  ('checklist', '{"empathy": 9, "accuracy": "Poor"}', false),
  ('checklist', '"{\"greeted\": true, \"booked\": true}"', true),
  ('checklist', '"[true, false]"', false),
  ('checklist', '{}', false),
  ('checklist', '[]', false),
  ('checklist', '{"nested": {"a": true}}', false),
  ('checklist', '"[not json"', false),
  -- anything else
  ('other', 'null', false),
  ('other', '""', false),
  ('other', '"maybe"', false),
  ('other', '"very good"', false),
  ('other', '"1e9"', false);

select is_empty($$
  select rubric, value::text, booking.is_positive_evaluation(value) as got
    from evaluations
   where booking.is_positive_evaluation(value) is distinct from positive $$,
  'every rubric''s value maps as documented');
select is(booking.is_positive_evaluation(null), false, 'no evaluation is not positive');

-- The lead score's signal follows the mapping.
call tests.create_org('Rubric Clinic');
select is((public.record_call_report(tests.org_id('Rubric Clinic'),
             tests.call_report('rubric-8', '+14155550801', 60, '8')) -> 'signals' ->> 'positive_analysis'),
          'true', 'a call rated 8 of 10 has positive_analysis');
select is((public.record_call_report(tests.org_id('Rubric Clinic'),
             tests.call_report('rubric-fair', '+14155550802', 60, 'Fair')) -> 'signals' ->> 'positive_analysis'),
          'false', 'a call rated Fair does not');

select * from finish();
rollback;
