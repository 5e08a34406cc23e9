-- Marks live-looking holds past expires_at as expired, so the live feed
-- shows hold.expired close to the moment it happens. Correctness never
-- depends on it (an expired hold stops counting by itself); the hold
-- sweeper of the shim (shim/hold_sweeper.py) calls it every few seconds.
-- Returns how many holds it marked.
create or replace function public.expire_overdue_holds()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_count integer;
begin
  perform booking.assert_service_role();
  update booking.appointment_holds set status = 'expired', updated_at = now()
   where status = 'active' and expires_at <= now();
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

revoke execute on function public.expire_overdue_holds() from public, anon, authenticated, service_role;
grant execute on function public.expire_overdue_holds() to service_role;
comment on function public.expire_overdue_holds() is
'Worker API (service_role): marks holds past their expiry as expired.

Arguments: none.
Answer: the number of holds marked (each emits hold.expired). Not needed for correctness: an expired hold stops counting by itself.
Errors: raises 42501 for other callers.';
