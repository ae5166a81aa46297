import { Store, Rec } from './state';
import { DriftRegistryImpl } from './drift';
import { webhookContentType } from './benign-forms';
import { jsonText, webhookAuthForm, webhookDelayMs } from './benign-forms5';
import { Faults } from './faults';
import { WebhookDispatcher, routeAuth } from './webhooks';
import type { UsageService, NumberDirectory, NumberResolution, DirectoryRoute, VoiceEventSink, VoiceEventBody, SandboxLogger } from './ports';
import { bad, newId, notFound, PREFIX, str } from './util';
import { carrierNow, type CarrierSteps } from './clock';

export interface ResolvedOptions {
  host: string;
  port: number;
  sipPort: number;
  accountKey: string;
  accountSecret: string;
  tokenTtlSeconds: number;
  propagationMs: number;
  /** the carrier clock: how long a port-in stays in each open status (sandbox/clock.ts) */
  carrier: CarrierSteps;
  /** `carrier` is the embedded default (lengthened while a read-delaying fault is active: sandbox/clock.ts carrierNow) */
  carrierDefaulted: boolean;
  /** realistic mode (sandbox/README.md "Realistic mode"): slow clocks, controls behind a key, persisted state */
  realistic: boolean;
  /** CDR delivery cycle on the sandbox clock (ms); 0 = only POST /_sandbox/cdr/flush delivers */
  cdrCycleMs: number;
  /** /_sandbox/* served at all (off → 404 like any unknown path) */
  controls: boolean;
  /** when set, every /_sandbox/* request needs header X-Sandbox-Control-Key with this value (secret) */
  controlKey?: string;
  /** state persisted here (JSON, atomic writes); none when undefined */
  stateFile?: string;
  /** how often the sandbox looks at its clock (orders and CDR cycles due) */
  tickMs: number;
  drift: string[];
  faults: string[];
  logLevel: string;
  webhookRetryBaseMs: number;
  webhookMaxAttempts: number;
  /** the platform's clock error (ms, signed): its timestamps and its HTTP Date header run this far from the world's */
  clockSkewMs: number;
}

export interface TokenRec {
  token: string;
  dist: string;
  scopePath?: string; // lower-case path of ApiEndpoint
  expiresAt: number;
}

/** the second, seeded tenant: its IDs exist but belong to another distributor (→ 404 for the test key) */
export const FOREIGN = {
  distributorId: 'DID-00000000-0000-4000-8000-00000000f0e1',
  accountId: 'AID-00000000-0000-4000-8000-00000000f0e1',
  subscriberId: 'TSUID-00000000-0000-4000-8000-00000000f0e1',
  messageRouteId: 'MRID-00000000-0000-4000-8000-00000000f0e1',
  voiceRouteId: 'CRID-00000000-0000-4000-8000-00000000f0e1',
  numberId: 'NID-00000000-0000-4000-8000-00000000f0e1',
  number: '+12025550199',
  productId: 'PRID-00000000-0000-4000-8000-00000000f0e1',
  packageId: 'PID-00000000-0000-4000-8000-00000000f0e1',
};

export class Sandbox {
  readonly drift: DriftRegistryImpl;
  readonly faults: Faults;
  readonly store: Store;
  readonly webhooks: WebhookDispatcher;
  readonly tokens = new Map<string, TokenRec>();
  usage!: UsageService;
  clockOffset = 0;
  /** sandbox-clock time of the next CDR delivery cycle (null: no cycle scheduled yet) */
  cdrNextAt: number | null = null;
  /** state changed: the persister (sandbox/persist.ts) saves it soon; a no-op without a state file */
  changed: () => void = () => undefined;
  baseUrl = '';
  sipHost = '';
  sipPort = 0;
  readonly distributorId: string;
  readonly defaultAccountId: string;
  /** allocation sequence of new E.164 numbers (persisted) */
  numberSeq = 0;
  readonly version = '1.0.8-sandbox.1';
  readonly log: SandboxLogger;
  readonly media = new Map<string, { type: string; data: Buffer }>();

  constructor(readonly opts: ResolvedOptions) {
    this.drift = new DriftRegistryImpl(opts.drift);
    this.faults = new Faults(opts.faults);
    this.store = new Store(this.drift);
    this.webhooks = new WebhookDispatcher(this.faults, {
      retryBaseMs: opts.webhookRetryBaseMs,
      maxAttempts: opts.webhookMaxAttempts,
      timeoutMs: 5000,
      userAgent: 'Telegent-Sandbox/1.0',
      contentType: webhookContentType((name) => this.drift.isDrift(name)),
      delayMs: webhookDelayMs((name) => this.drift.isDrift(name)),
      serialize: (json) => jsonText((name) => this.drift.isDrift(name), json),
      authForm: webhookAuthForm((name) => this.drift.isDrift(name)),
    });
    const quiet = opts.logLevel === 'silent' || opts.logLevel === 'error';
    this.log = {
      info: (m, e) => {
        if (!quiet && opts.logLevel !== 'warn') console.log(`[sandbox] ${m}`, e ? JSON.stringify(e) : '');
      },
      warn: (m, e) => {
        if (!quiet) console.warn(`[sandbox] ${m}`, e ? JSON.stringify(e) : '');
      },
    };
    this.distributorId = opts.accountKey;
    this.defaultAccountId = 'AID-00000000-0000-4000-8000-000000000001';
    this.seed();
  }

  /** the carrier clock's steps in force now (the embedded default lengthens under read-delaying faults) */
  carrierSteps(): CarrierSteps {
    return carrierNow(this.opts.carrier, this.opts.carrierDefaulted, this.faults.list());
  }

  /** the sandbox clock: the world's, off by the configured skew (a platform clock error), plus the control moves */
  now(): number {
    return Date.now() + this.opts.clockSkewMs + this.clockOffset;
  }

  /** the platform's wall clock as its HTTP Date header gives it: skewed, never moved by the controls (time passing) */
  wallNow(): number {
    return Date.now() + this.opts.clockSkewMs;
  }

  private seed() {
    const s = this.store;
    const addr = { Street1: null, Street2: null, City: null, State: null, Zip: null, Country: null };
    s.insert('distributors', this.distributorId, this.distributorId, {
      DistributorId: this.distributorId,
      DistributorName: 'Sandbox Distributor',
      AccountKey: this.distributorId,
      BillingAddress: { ...addr },
      MailingAddress: { ...addr },
    });
    s.insert(
      'accounts',
      this.defaultAccountId,
      this.distributorId,
      {
        AccountId: this.defaultAccountId,
        AccountName: 'Sandbox Default Account',
        AccountAdmin: 'admin@sandbox.telegent.test',
        BillingAddress: { ...addr, Country: 'USA' },
        MailingAddress: { ...addr },
      },
      this.defaultAccountId,
    );
    this.seedForeignTenant();
  }

  /** the second tenant: its IDs exist but belong to another distributor (→ 404 for the test key) */
  private seedForeignTenant() {
    const s = this.store;
    const addr = { Street1: null, Street2: null, City: null, State: null, Zip: null, Country: null };
    const F = FOREIGN;
    s.insert('distributors', F.distributorId, F.distributorId, {
      DistributorId: F.distributorId,
      DistributorName: 'Other Distributor',
      AccountKey: F.distributorId,
      BillingAddress: { ...addr },
      MailingAddress: { ...addr },
    });
    s.insert(
      'accounts',
      F.accountId,
      F.distributorId,
      { AccountId: F.accountId, AccountName: 'Other Account', BillingAddress: { ...addr }, MailingAddress: { ...addr } },
      F.accountId,
    );
    s.insert(
      'subscribers',
      F.subscriberId,
      F.distributorId,
      {
        SubscriberId: F.subscriberId,
        Name: 'Other Subscriber',
        Email: 'other@other.test',
        PhoneNumbers: [F.number],
        Role: 'Subscriber',
        AccountId: F.accountId,
      },
      F.accountId,
    );
    s.emails.set('other@other.test', F.subscriberId);
    s.insert(
      'messageRoutes',
      F.messageRouteId,
      F.distributorId,
      { MessageRouteId: F.messageRouteId, AccountId: F.accountId, RouteName: 'Other route' },
      F.accountId,
    );
    s.insert(
      'voiceRoutes',
      F.voiceRouteId,
      F.distributorId,
      { CallRouteId: F.voiceRouteId, AccountId: F.accountId, RouteName: 'Other trunk', RouteType: 'Trunk', versions: [] },
      F.accountId,
    );
    s.insert('products', F.productId, F.distributorId, {
      ProductId: F.productId,
      SKU: 'OTHER',
      Description: 'Other',
      Type: 'esim',
      SubType: 'esim',
      Cost: 1,
      BillingFrequency: 'MRC',
      Active: true,
    });
    s.insert('packages', F.packageId, F.distributorId, { PackageId: F.packageId, PackageName: 'Other', Type: 'mvno', Price: 1, Monthly: true, Active: true });
    s.insert(
      'numbers',
      F.numberId,
      F.distributorId,
      this.numberRecord({ id: F.numberId, e164: F.number, accountId: F.accountId, messageRouteId: F.messageRouteId, numberType: 'mvno' }),
      F.accountId,
    );
    s.byE164.set(F.number, F.numberId);
  }

  numberRecord(p: {
    id: string;
    e164: string;
    accountId: string;
    messageRouteId?: string;
    voiceRouteId?: string;
    numberType: string;
    messageType?: string;
    messageEnabled?: boolean;
    voiceEnabled?: boolean;
    dataEnabled?: boolean;
    productType?: string;
    iccid?: string;
    subscriberId?: string;
    orderId?: string;
    zip?: string;
  }) {
    const now = this.now();
    return {
      NumberId: p.id,
      Number: p.e164,
      AccountId: p.accountId,
      NumberType: p.numberType,
      Classification: p.numberType === 'iot' ? 'IoT' : 'MVNO',
      MessageType: p.messageType ?? 'p2p',
      MessageEnabled: p.messageEnabled ?? true,
      VoiceEnabled: p.voiceEnabled ?? false,
      DataEnabled: p.dataEnabled ?? false,
      ProductType: p.productType ?? 'Sms+Data+Voice',
      MessageRouteId: p.messageRouteId ?? null,
      VoiceRouteId: p.voiceRouteId ?? null,
      AssignedSubscriberId: p.subscriberId ?? null,
      Iccid: p.iccid ?? null,
      OrderId: p.orderId ?? null,
      ZipCode: p.zip ?? null,
      Status: 'Active',
      OriginalDatePurchased: null as string | null,
      PurchasedAt: now,
      CancelledAt: null as number | null,
      Cnam: null as string | null,
      CnamFirstName: null as string | null,
      CnamLastName: null as string | null,
      SwapsRemaining: 2,
      NextSwapResetDate: new Date(now + 30 * 86400_000).toISOString().slice(0, 22),
      PortOutPin: null as string | null,
      voiceAssignments: p.voiceRouteId
        ? [{ routeId: p.voiceRouteId, effectiveAt: now + this.opts.propagationMs }]
        : ([] as Array<{ routeId: string | null; effectiveAt: number; byUpdate?: boolean }>),
      data: { settings: null as any, usedBytes: 0, sessions: 0, renewal: null as any },
      device: null as any,
      voicemail: null as any,
    };
  }

  /** next free E.164 in an area code (NXX 555, lines 0100-0199 are reserved as fictional) */
  allocateE164(areaCode?: string): string {
    const ac = areaCode && /^[2-9]\d\d$/.test(areaCode) ? areaCode : '201';
    for (let i = 0; i < 100000; i++) {
      const line = 2000 + ((this.numberSeq++ * 7919) % 8000);
      const e = `+1${ac}555${String(line).padStart(4, '0')}`;
      if (!this.store.byE164.has(e)) return e;
    }
    throw bad(`No numbers available in area code ${ac}`);
  }

  /** which account a request acts for: AccountId when given (must belong to the caller), else the default account */
  account(dist: string, accountId: unknown): Rec {
    const id = str(accountId);
    if (!id) {
      const acc = this.store.list('accounts', dist)[0];
      if (!acc) throw bad('AccountId required');
      return acc;
    }
    return this.store.get('accounts', id, dist, 'Account');
  }

  /** a resource must belong to the given account (when the caller named one) */
  sameAccount(rec: Rec, acct: Rec | undefined, what: string) {
    if (acct && rec._acct && rec._acct !== acct._id && !this.drift.isDrift('other-account-id-visible'))
      throw notFound(`${what} ${rec._id} not found in account ${acct._id}`);
  }

  /* -------- SBC directory -------- */

  voiceRouteView(r: Rec, version?: any): DirectoryRoute {
    const v = version?.snapshot ?? r;
    const trunk = (n: 1 | 2) => ({
      ip: v[`TrunkIp${n}`],
      port: v[`TrunkPort${n}`],
      transport: v[`TrunkTransport${n}`],
      uri: v[`TrunkUri${n}`],
      enabled: !!v[`TrunkEnabled${n}`],
      priority: v[`Trunk${n}Priortiy`],
      weight: v[`Trunk${n}Weight`],
    });
    return {
      callRouteId: r._id,
      accountId: r._acct ?? '',
      routeName: v.RouteName ?? '',
      routeType: v.RouteType ?? 'Trunk',
      enabled: v.RouteEnabled !== false,
      trunks: [trunk(1), trunk(2)].filter((t) => t.ip || t.uri),
      voiceUrl: v.VoiceUrl ?? undefined,
      forwardTo: v.ForwardNumber ?? v.ForwardTo ?? undefined,
      callbackVoiceUrl: v.CallbackVoiceUrl ?? undefined,
      callbackVoiceUrlMethod: v.CallbackVoiceUrlMethod ?? 'POST',
      callbackAuth: routeAuth(
        v.CallbackVoiceAuthenticationType ?? v.VoiceAuthenticationType,
        v.CallbackVoiceUsername ?? v.VoiceUsername,
        v.CallbackVoicePasswordToken ?? v.VoicePasswordToken,
      ),
      ipWhitelist: (v.IpWhitelist ?? []).map((x: any) => (typeof x === 'string' ? x : x?.IpAddress)).filter(Boolean),
      headerManipulation: v.HeaderManipulation ?? undefined,
      effectiveAt: version?.effectiveAt ?? r._created,
    };
  }

  /** the version of a voice route in effect at `t` */
  routeVersionAt(r: Rec, t: number): any | undefined {
    const vs: any[] = r.versions ?? [];
    let cur: any;
    for (const v of vs) if (v.effectiveAt <= t) cur = v;
    return cur;
  }

  directory(): NumberDirectory {
    return {
      now: () => this.now(),
      resolveNumber: (e164: string): NumberResolution | undefined => {
        const n = this.store.numberByE164(e164);
        if (!n || n._deleted) return undefined;
        const t = this.now();
        const stuck = this.drift.isDrift('voice-route-never-propagates');
        const asg: any[] = n.voiceAssignments ?? [];
        let current: any;
        // drift voice-route-update-not-routed: the SBC directory learns a number's route at provision only (updates never reach it)
        const provisionOnly = this.drift.isDrift('voice-route-update-not-routed');
        for (const a of asg) if (a.effectiveAt <= t && !(stuck && a !== asg[0]) && !(provisionOnly && a.byUpdate)) current = a;
        const latest = asg[asg.length - 1];
        const routeRec = current?.routeId ? this.store.find('voiceRoutes', current.routeId) : undefined;
        const version = routeRec && !routeRec._deleted ? this.routeVersionAt(routeRec, t) : undefined;
        let pending: DirectoryRoute | null = null;
        let effectiveAt = latest?.effectiveAt ?? n._created;
        if (latest && latest.effectiveAt > t && latest.routeId) {
          const pr = this.store.find('voiceRoutes', latest.routeId);
          if (pr) pending = this.voiceRouteView(pr, pr.versions?.[pr.versions.length - 1]);
        }
        if (routeRec) {
          const lastV = routeRec.versions?.[routeRec.versions.length - 1];
          if (lastV && lastV.effectiveAt > effectiveAt) effectiveAt = lastV.effectiveAt;
          if (lastV && lastV.effectiveAt > t && !pending) pending = this.voiceRouteView(routeRec, lastV);
        }
        if (stuck) effectiveAt = Number.MAX_SAFE_INTEGER;
        return {
          e164,
          accountId: n._acct ?? '',
          numberId: n._id,
          status: n.Status,
          voiceEnabled: !!n.VoiceEnabled,
          voiceRoute: routeRec && version ? this.voiceRouteView(routeRec, version) : undefined,
          pendingVoiceRoute: pending,
          effectiveAt,
        };
      },
      voiceRoutes: () => {
        const t = this.now();
        const out: DirectoryRoute[] = [];
        for (const r of this.store.c.voiceRoutes.values()) {
          if (r._deleted) continue;
          const v = this.routeVersionAt(r, t);
          if (v) out.push(this.voiceRouteView(r, v));
        }
        return out;
      },
    };
  }

  callEvents(): VoiceEventSink {
    return {
      emit: async (callRouteId: string, event: VoiceEventBody) => {
        const r = this.store.find('voiceRoutes', callRouteId);
        if (!r || r._deleted) return;
        const view = this.voiceRouteView(r, this.routeVersionAt(r, this.now()));
        if (!view.callbackVoiceUrl) return;
        this.webhooks.send({
          kind: 'voice-event',
          url: view.callbackVoiceUrl,
          method: view.callbackVoiceUrlMethod,
          auth: view.callbackAuth,
          body: event,
          ref: event.CallId,
        });
      },
    };
  }

  newCallId(): string {
    return newId(PREFIX.call);
  }
}
