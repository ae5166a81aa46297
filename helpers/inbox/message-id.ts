/**
 * The message a delivery report names. Its payload is not documented (R-webhook-dlr); the vendor spells the message id
 * three ways — MessageId (message/outbound, message/details), MessageID (message/search Results), Message_ID (the
 * inbound webhook) — and a report may use any of them (R-dlr-message-id). No other spelling is read.
 */
export function dlrMessageIdOf(body: unknown): unknown {
  const b = (body ?? {}) as Record<string, unknown>;
  return b.MessageId ?? b.MessageID ?? b.Message_ID;
}
