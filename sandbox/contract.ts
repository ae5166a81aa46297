/**
 * Thin adapter over helpers/contract (the project's single validator). The sandbox never validates
 * on its own: it asks helpers/contract and keeps only 'error' findings.
 */
import { loadDocument, validateRequest as vReq, validateWebhook as vHook } from '../helpers/contract';
import type { Finding } from '../helpers/contract';
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
