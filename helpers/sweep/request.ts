/**
 * A valid request for an operation, built from the document: the vendor's request sample (`x-request-samples`)
 * or, without one, the request schema (examples, enums, types); every ID field filled from the model (by the
 * kind the resource graph gives it), phone-number fields with a number this run provisioned, names and e-mails
 * made unique. `undefined` = the model holds nothing for a required ID (the command is not applicable yet).
 */
import { deref, getOperation, loadDocument, type OperationInfo } from '../../protocol/contract';
import { kindOf, resourceGraph } from './graph';
import { applyVariant, numberReady, numberStateWanted } from './variants';
import { mmddyyyy } from '../../protocol/dates';
import type { Obj, SweepModel } from './model';

export interface BuiltRequest {
  body?: Obj;
  query?: Record<string, string>;
  /** the resources the request names (kind → id) */
  uses: Record<string, string>;
}

export interface BuildContext {
  model: SweepModel;
  /** the generated choice (picks resources) */
  n: number;
  /** unique suffix for names / e-mails */
  uniq: string;
  /** the operation changes or deletes what it names: only resources this run owns */
  ownedOnly: boolean;
  /** filled by buildRequest: the resources chosen per request field */
  chosen?: Record<string, string>;
}

const MISSING = Symbol('missing');
/** request fields that name one of the account's numbers (E.164) */
const OWN_PHONE = new Set(['PhoneNumber', 'Number', 'PortOutNumber', 'From', 'Owner', 'Phone', 'MSISDN', 'TelegentPhone']);
const EXTERNAL = '+12015550123';
const ELIGIBILITY = 'POST /v1.0/numbers/portin/eligibility';

/** a number on another carrier (a port-in candidate): unique per request, never the sandbox's magic +1500555000X */
function portableNumber(uniq: string): string {
  return `+1801${uniq.replace(/\D/g, '').padStart(7, '0').slice(-7)}`;
}

export function requestTemplate(op: OperationInfo): Obj | undefined {
  if (!op.requestSchema) return undefined;
  const samples = op.extensions['x-request-samples'];
  if (Array.isArray(samples) && typeof samples[0] === 'string') {
    try {
      const v = JSON.parse(samples[0]);
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
    } catch {
      /* fall back to the schema */
    }
  }
  return synth(op.requestSchema) as Obj;
}

/** a value for a schema: its example, first enum value, or a typed placeholder; objects with every property */
export function synth(schema: unknown, depth = 0): unknown {
  const doc = loadDocument();
  const s = deref<Obj>(doc, schema) ?? {};
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum.find((e: unknown) => e !== null);
  if (s.type === 'object' || s.properties) {
    if (depth > 4) return {};
    return Object.fromEntries(Object.entries((s.properties ?? {}) as Obj).map(([k, v]) => [k, synth(v, depth + 1)]));
  }
  if (s.type === 'array') return depth > 4 ? [] : [synth(s.items, depth + 1)];
  return ({ integer: 1, number: 1, boolean: true } as Obj)[s.type] ?? 'sweep';
}

export function buildRequest(opKey: string, ctx: BuildContext): BuiltRequest | undefined {
  const op = getOperation(opKey);
  if (!op) return undefined;
  const uses: Record<string, string> = {};
  const required = new Set<string>(((deref<Obj>(loadDocument(), op.requestSchema) ?? {}).required ?? []) as string[]);
  const tpl = withIdFields(op, requestTemplate(op));
  ctx = { ...ctx, chosen: choose(op, ctx, Object.keys(tpl ?? {})) };
  if (needsPhone(op, tpl) && phone(op.key, ctx, uses) === MISSING) return undefined;
  let body: Obj | undefined;
  if (tpl) {
    const filled = fillObject(tpl, op, ctx, uses, required);
    if (filled === MISSING) return undefined;
    body = filled;
  }
  const query = buildQuery(op, ctx, uses);
  if (query === MISSING) return undefined;
  return { body: applyVariant(op.key, body, ctx.n), query, uses };
}

function fillObject(o: Obj, op: OperationInfo, ctx: BuildContext, uses: Record<string, string>, required: Set<string>): Obj | typeof MISSING {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    const val = fillValue(k, v, op, ctx, uses);
    if (val === MISSING) {
      if (required.has(k) || mustName(k, op)) return MISSING;
      continue;
    }
    out[k] = val;
  }
  return out;
}

function fillValue(k: string, v: unknown, op: OperationInfo, ctx: BuildContext, uses: Record<string, string>): unknown {
  const kind = kindOf(k, op.path);
  if (kind && typeof v !== 'object') {
    const id = ctx.chosen?.[k];
    if (!id) return MISSING;
    uses[kind] = id;
    return id;
  }
  if (k === 'PortInNumber' || (k === 'PhoneNumber' && op.key === ELIGIBILITY)) return portableNumber(ctx.uniq);
  if (OWN_PHONE.has(k) && typeof v === 'string') return phone(op.key, ctx, uses);
  if (/^(ICCID|Iccid)$/.test(k) && typeof v === 'string') return uses.phone ? (ctx.model.find('phone', uses.phone)?.extra?.ICCID ?? v) : uniqueIccid(ctx.uniq);
  if (/Email$/.test(k) && typeof v === 'string') return `sweep.${ctx.uniq}@example.com`;
  if (/(Name|^SKU)$/.test(k) && typeof v === 'string' && !/^Current|Subscriber/.test(k)) return `${v}-sweep${ctx.uniq}`;
  if (/Date$/.test(k) && typeof v === 'string' && /^\d\d\/\d\d\/\d{4}$/.test(v)) return mmddyyyy();
  if (Array.isArray(v)) return fillArray(k, v, op, ctx, uses);
  if (v && typeof v === 'object') {
    const o = fillObject(v as Obj, op, ctx, uses, new Set(Object.keys(v as Obj)));
    return o;
  }
  return v;
}

/** an ID of a kind the API can create is always sent (the sweep builds complete requests: the account, the route…) */
function mustName(field: string, op: OperationInfo): boolean {
  const kind = kindOf(field, op.path);
  return !!kind && creatableKinds().has(kind) && resourceGraph().find((n) => n.op === op.key)?.creates !== kind;
}

let creatable: Set<string> | undefined;
function creatableKinds(): Set<string> {
  return (creatable ??= new Set(
    resourceGraph()
      .map((n) => n.creates)
      .filter((k): k is string => !!k),
  ));
}

function fillArray(k: string, v: unknown[], op: OperationInfo, ctx: BuildContext, uses: Record<string, string>): unknown {
  if (k === 'To') return [{ Number: EXTERNAL }];
  const out: unknown[] = [];
  for (const item of v.slice(0, 1)) {
    const x = fillValue(k, item, op, ctx, uses);
    if (x === MISSING) return MISSING;
    out.push(x);
  }
  return out;
}

/** the request names one of the account's numbers (body field or query parameter) */
function needsPhone(op: OperationInfo, tpl: Obj | undefined): boolean {
  const inBody = (o: unknown): boolean =>
    !!o && typeof o === 'object' && Object.entries(o as Obj).some(([k, v]) => (OWN_PHONE.has(k) && typeof v === 'string') || (k !== 'To' && inBody(v)));
  if (op.key === ELIGIBILITY) return false;
  return inBody(tpl) || op.queryParams.some((p) => /^(Number|PhoneNumber|phoneNumber|Phone)$/.test(p.name));
}

/** a SIM ICCID of 19 digits no other request of this run uses */
function uniqueIccid(uniq: string): string {
  return `8901${String(Date.now() % 1e6).padStart(6, '0')}${uniq.replace(/\D/g, '').padStart(9, '0').slice(-9)}`;
}

function phone(opKey: string, ctx: BuildContext, uses: Record<string, string>): string | typeof MISSING {
  if (uses.phone) return uses.phone;
  const want = numberStateWanted(opKey, ctx.n);
  const r = ctx.model.pickWhere('phone', (x) => (x.extra?.status ?? 'Active') === want && numberReady(opKey, x.extra ?? {}));
  if (!r) return MISSING;
  uses.phone = r.id;
  return r.id;
}

function buildQuery(op: OperationInfo, ctx: BuildContext, uses: Record<string, string>): Record<string, string> | typeof MISSING {
  const q: Record<string, string> = {};
  for (const p of op.queryParams) {
    const kind = kindOf(p.name, op.path);
    let val: unknown;
    if (kind) {
      val = ctx.chosen?.[p.name];
      // a read needs the ID to know what to read (optional or not)
      if (val === undefined && (p.required || op.method === 'GET' || mustName(p.name, op))) return MISSING;
    } else if (/^(Number|PhoneNumber|phoneNumber|Phone)$/.test(p.name)) {
      const ph = phone(op.key, ctx, uses);
      val = ph === MISSING ? undefined : ph;
    } else if (p.name === 'Filter')
      val = 'All'; // seed 003: Filter All | Active | Inactive (the answers' enum)
    else if (p.required || p.name === 'PageNumber') val = synth(p.schema);
    if (val === undefined) {
      if (p.required) return MISSING;
      continue;
    }
    if (kind) uses[kind] = String(val);
    q[p.name] = String(val);
  }
  return q;
}

/** the template with every ID field the operation consumes (the sample may leave optional ones out) */
function withIdFields(op: OperationInfo, tpl: Obj | undefined): Obj | undefined {
  if (!tpl) return tpl;
  const doc = loadDocument();
  const props = ((deref<Obj>(doc, op.requestSchema) ?? {}).properties ?? {}) as Obj;
  const out = { ...tpl };
  for (const k of Object.keys(props)) if (!(k in out) && kindOf(k, op.path)) out[k] = 'ID';
  return out;
}

/**
 * One resource per ID field. The account is the run's first own account (everything a sequence creates lives
 * there, so a request names resources that belong together); other kinds the latest one; two fields of one kind
 * get two different resources (or none: a subscriber cannot be its own guardian); `MessageRouteId` /
 * `MessageRouteID` twins get the same one.
 */
function choose(op: OperationInfo, ctx: BuildContext, sampleKeys: string[]): Record<string, string> {
  const doc = loadDocument();
  const names = [
    ...new Set([...sampleKeys, ...Object.keys(((deref<Obj>(doc, op.requestSchema) ?? {}).properties ?? {}) as Obj), ...op.queryParams.map((q) => q.name)]),
  ];
  const chosen: Record<string, string> = {};
  const taken: Record<string, string[]> = {};
  for (const name of names) {
    const kind = kindOf(name, op.path);
    if (!kind) continue;
    const twin = Object.keys(chosen).find((c) => c.toLowerCase() === name.toLowerCase());
    if (twin) {
      chosen[name] = chosen[twin];
      continue;
    }
    const used = (taken[kind] ??= []);
    const ownedOnly = ctx.ownedOnly || (kind === 'account' && op.method === 'POST');
    // accounts: the run's first, then its second (a transfer); other kinds: the latest, then the one before
    const parents = Object.fromEntries(Object.entries(chosen).filter(([f]) => kindOf(f, op.path) !== kind));
    const r = kind === 'account' ? ctx.model.pickFirst(kind, used.length) : ctx.model.pickConsistent(kind, used, ownedOnly, parents, name);
    if (!r || used.includes(r.id)) continue;
    used.push(r.id);
    chosen[name] = r.id;
  }
  return chosen;
}
