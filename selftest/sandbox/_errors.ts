/** The documented error body (seed 003 §11): exactly `{StatusCode, Message}`, StatusCode = the HTTP status, served as JSON. */
export function isDocumentedError(status: number, text: string, contentType: string | null | undefined): boolean {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  const keysOk = Object.keys(b).every((k) => k === 'StatusCode' || k === 'Message');
  return keysOk && b.StatusCode === status && typeof b.Message === 'string' && b.Message.length > 0 && /application\/json/.test(contentType ?? '');
}
