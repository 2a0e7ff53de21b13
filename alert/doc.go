// Package alert turns a rise in a subject's risk level into alert documents
// (schema "mosaic.alert/v1") and delivers them to webhooks, Slack and syslog.
//
// Delivery goes through a durable outbox: the service enqueues an alert in
// the same place it stores scores, and a Dispatcher sends what is due,
// retrying with exponential backoff. The outbox, not memory, is the source of
// truth, so an alert survives a restart and a receiver that was down for an
// hour gets everything when it comes back. Delivery is at-least-once: a crash
// between a send and its MarkDelivered sends again, and receivers
// de-duplicate on the alert id, which is derived from (subject, level) so the
// same subject and level never yield two different ids.
//
// Webhooks are signed as in the Standard Webhooks specification. HTTP
// senders refuse loopback, private and link-local addresses unless told
// otherwise; the check runs when the connection is dialled, after DNS, so a
// name that re-resolves to an internal address cannot slip past it.
//
// Errors and logs from this package never carry secrets (webhook keys, the
// Slack URL, which is itself a credential) or the alert's personal data;
// the alert id is enough to find the rest in the store.
package alert
