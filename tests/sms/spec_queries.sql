-- The troubleshooting and monitoring queries of
-- ../shared/spec/seed-quick-reference.md, copied verbatim (placeholders
-- included). tests/sms/test_worker_delivery.py runs them with
-- search_path = booking, public after replacing the placeholders.

-- name: check_sms_sent
SELECT 
  id, status, confirmation_sms_sent, 
  confirmation_sms_id, confirmation_sms_sent_at
FROM appointments
WHERE id = 'APPOINTMENT_ID'
LIMIT 1;

-- name: check_delivery_status
SELECT message_id, status, delivery_timestamp
FROM sms_confirmation_logs
WHERE appointment_id = 'APPOINTMENT_ID'
LIMIT 1;

-- name: daily_report
SELECT 
  DATE(created_at) as date,
  COUNT(*) as appointments_created,
  COUNT(*) FILTER (WHERE confirmation_sms_sent = true) as confirmations_sent,
  ROUND(100.0 * COUNT(*) FILTER (WHERE confirmation_sms_sent = true) / COUNT(*), 2) as confirmation_rate
FROM appointments
WHERE org_id = 'YOUR_ORG_ID'
  AND created_at > NOW() - INTERVAL '7 days'
GROUP BY DATE(created_at)
ORDER BY date DESC;

-- name: sms_delivery_status
SELECT 
  status,
  COUNT(*) as count
FROM sms_confirmation_logs
WHERE created_at > NOW() - INTERVAL '24 hours'
GROUP BY status;

-- name: twilio_credentials_configured
SELECT * FROM integration_settings WHERE org_id = 'ORG_ID'

-- name: sms_logs
SELECT * FROM sms_confirmation_logs ORDER BY created_at DESC LIMIT 5
