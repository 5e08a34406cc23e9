-- Whether the voice platform's analysis.successEvaluation says the call
-- went well, for every rubric the platform offers. The value arrives as
-- JSON (a boolean, a number, or text, sometimes JSON text):
--   PassFail           true / "true" / "pass" / "passed" / "success" /
--                      "successful" / "yes" (false, "fail", "no": not)
--   NumericScale       a number 0-10, as a number or text ("8", "7.5",
--                      "8/10", "8 out of 10"): at least 7 of 10
--   PercentageScale    "85%", or a number above 10 up to 100: at least 70
--   DescriptiveScale   "Excellent" or "Good" ("Fair", "Poor": not)
--   LikertScale        "Strongly Agree" or "Agree" ("Neutral",
--                      "Disagree", "Strongly Disagree": not)
--   Checklist, Matrix  an object or array of item results (or its JSON
--                      text): at least one item, and every item a positive
--                      value by the rules above (an item that is itself an
--                      object or array is not: the recursion stays shallow)
-- A fraction "x/y" or "x out of y" counts from 70 % of y. Case and
-- surrounding blanks do not matter; anything else (unknown words, NULL,
-- negative or out-of-range numbers) is not positive.
create or replace function booking.is_positive_evaluation(p_value jsonb)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_text text;
  v_match text[];
  v_number numeric;
begin
  case jsonb_typeof(p_value)
    when 'boolean' then
      return p_value = 'true'::jsonb;
    when 'number' then
      v_number := (p_value #>> '{}')::numeric;
      return case when v_number between 0 and 10 then v_number >= 7
                  when v_number > 10 and v_number <= 100 then v_number >= 70
                  else false end;
    when 'object' then
      return exists (select from jsonb_each(p_value))
         and not exists (select from jsonb_each(p_value) e
                          where jsonb_typeof(e.value) in ('object', 'array')
                             or not coalesce(booking.is_positive_evaluation(e.value), false));
    when 'array' then
      return jsonb_array_length(p_value) > 0
         and not exists (select from jsonb_array_elements(p_value) e(item)
                          where jsonb_typeof(e.item) in ('object', 'array')
                             or not coalesce(booking.is_positive_evaluation(e.item), false));
    when 'string' then
      v_text := lower(btrim(regexp_replace(p_value #>> '{}', '\s+', ' ', 'g')));
    else
      return false;
  end case;

  if v_text in ('true', 'pass', 'passed', 'success', 'successful', 'yes',
                'excellent', 'good', 'strongly agree', 'agree') then
    return true;
  end if;
  if v_text ~ '^[\[{]' then
    begin
      return booking.is_positive_evaluation(v_text::jsonb);
    exception when invalid_text_representation then
      return false;
    end;
  end if;
  v_match := regexp_match(v_text, '^([0-9]{1,3}(?:\.[0-9]+)?) ?%$');
  if v_match is not null then
    return v_match[1]::numeric between 70 and 100;
  end if;
  v_match := regexp_match(v_text, '^([0-9]{1,3}(?:\.[0-9]+)?) ?(?:/|out of) ?([0-9]{1,3}(?:\.[0-9]+)?)$');
  if v_match is not null then
    return v_match[2]::numeric > 0 and v_match[1]::numeric <= v_match[2]::numeric
       and v_match[1]::numeric >= 0.7 * v_match[2]::numeric;
  end if;
  if v_text ~ '^[0-9]{1,3}(\.[0-9]+)?$' then
    return booking.is_positive_evaluation(to_jsonb(v_text::numeric));
  end if;
  return false;
end;
$$;

revoke execute on function booking.is_positive_evaluation(jsonb) from public, anon, authenticated, service_role;
comment on function booking.is_positive_evaluation(jsonb) is
  'Whether analysis.successEvaluation is positive, for every rubric: PassFail true/pass/success/yes; NumericScale 0-10 (also "8", "8/10", "8 out of 10") >= 7; PercentageScale "85%" or a number above 10 up to 100 >= 70; DescriptiveScale Excellent/Good; LikertScale Strongly Agree/Agree; Checklist/Matrix (object or array, or its JSON text) when every item is positive. Anything else: false.';
