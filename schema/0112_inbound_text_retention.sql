-- Retention of patients' free-text messages (booking.inbound_sms_texts,
-- 0105): public.purge_expired_data removes them after
-- inbound_sms_retention_days like the other inbound SMS records, oldest
-- first, in batches: an index on the age it is purged by.
-- depends: 0099_data_retention 0105_sms_conversations

set local lock_timeout = '5s';
set local statement_timeout = '60s';

-- squawk-ignore require-concurrent-index-creation
create index inbound_sms_texts_received_at on booking.inbound_sms_texts (received_at);
