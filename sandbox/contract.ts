/**
 * Thin adapter over protocol/contract (the project's single validator). The sandbox never validates
 * on its own: it asks protocol/contract and keeps only 'error' findings.
 */
import { loadDocument, validateRequest as vReq, validateWebhook as vHook } from '../protocol/contract';
import type { Finding } from '../protocol/contract';
export type { Finding };

export function projectDocument(): any {
  return loadDocument();
}

export function validateRequest(opKey: string, body: unknown, query: Record<string, string>): Finding[] {
  try {
    return vReq(opKey, body, query).filter((f) => f.severity === 'error');
  } catch {
    return [];
  }
}

export function validateWebhook(kind: 'inbound-sms' | 'inbound-mms' | 'dlr' | 'voice-event', body: unknown): Finding[] {
  try {
    return vHook(kind, body).filter((f) => f.severity === 'error');
  } catch {
    return [];
  }
}
