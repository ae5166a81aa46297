/**
 * Webhook auth checks that never print the credential. A failed `expect(header).toBe('Bearer <token>')`
 * prints Expected/Received with the token in the list reporter's console output (the HTML/JSON report is
 * scrubbed, the CI log is not). These helpers compare the real values and assert on DESCRIPTIONS only:
 *   expected "Bearer <the configured callback token>"
 *   received "Bearer <redacted, 24 chars, differs>" / "no Authorization header" / "Basic <user "x", password redacted, 12 chars, differs>"
 */
import { expect } from '@playwright/test';
import { timingSafeEqual } from 'node:crypto';
import { redactString } from '../../protocol/redact';

function split(header: string): { scheme: string; credential: string } {
  const t = header.trim();
  const sp = t.indexOf(' ');
  return sp > 0 ? { scheme: t.slice(0, sp), credential: t.slice(sp + 1).trim() } : { scheme: '', credential: t };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The Basic user name (not a secret) and the password's length, never the password. */
function basicParts(credential: string): { user: string; passwordLength: number } | undefined {
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  const c = decoded.indexOf(':');
  if (c < 0 || Buffer.from(decoded, 'utf8').toString('base64').replace(/=+$/, '') !== credential.replace(/=+$/, '')) return undefined;
  return { user: decoded.slice(0, c), passwordLength: decoded.length - c - 1 };
}

/**
 * A description of `actual` measured against `expected` (an Authorization header value): equal →
 * "<Scheme> <label>"; otherwise what differs, with lengths only. Never contains either credential.
 */
export function describeAuthHeader(actual: string | undefined | null, expected: string, label: string): string {
  const want = split(expected);
  if (actual === undefined || actual === null || actual.trim() === '') return 'no Authorization header';
  const got = split(actual);
  if (got.scheme.toLowerCase() === want.scheme.toLowerCase() && sameSecret(got.credential, want.credential)) return `${want.scheme} <${label}>`;
  const scheme = redactString(got.scheme || '(no scheme)').slice(0, 20);
  const schemeNote = got.scheme.toLowerCase() === want.scheme.toLowerCase() ? '' : `, scheme differs (expected ${want.scheme})`;
  if (got.scheme.toLowerCase() === 'basic') {
    const b = basicParts(got.credential);
    const w = want.scheme.toLowerCase() === 'basic' ? basicParts(want.credential) : undefined;
    if (b) {
      const user = w && b.user === w.user ? `user "${redactString(w.user)}"` : `user differs (${b.user.length} chars)`;
      return `Basic <${user}, password redacted, ${b.passwordLength} chars, differs${schemeNote}>`;
    }
  }
  return `${scheme} <redacted, ${got.credential.length} chars, differs${schemeNote}>`;
}

/**
 * Assert an Authorization header equals `expected` without ever printing either value: on failure the
 * reporter shows Expected "Bearer <label>" / Received "Bearer <redacted, N chars, differs>".
 */
export function expectAuthHeader(actual: string | undefined | null, expected: string, label: string, message: string): void {
  const want = `${split(expected).scheme} <${label}>`;
  expect(describeAuthHeader(actual, expected, label), message).toBe(want);
}
