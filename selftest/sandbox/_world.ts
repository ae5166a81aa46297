/** shared helpers for the sandbox self-tests: a client, a webhook receiver, and a "world" of parent resources */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { startSandboxInternal, SandboxOptions, SandboxInternals, DEFAULT_ACCOUNT_SECRET } from '../../sandbox/index';

export interface Res {
  status: number;
  body: any;
  text: string;
  contentType: string;
  headers: Headers;
}

export class Client {
  token = '';
  constructor(
    readonly baseUrl: string,
    readonly key: string,
    readonly secret = DEFAULT_ACCOUNT_SECRET,
  ) {}
  async login(apiEndpoint?: string): Promise<string> {
    const r = await this.raw(
      'POST',
      '/v1.0/oauth2/tokens',
      { AccountKey: this.key, AccountSecret: this.secret, ...(apiEndpoint ? { ApiEndpoint: apiEndpoint } : {}) },
      false,
    );
    if (r.status !== 200) throw new Error(`login failed ${r.status} ${r.text}`);
    this.token = r.body.token;
    return this.token;
  }
  async raw(method: string, path: string, body?: unknown, auth = true, extraHeaders: Record<string, string> = {}, rawBody?: string): Promise<Res> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (auth && this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: string | undefined = rawBody;
    if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : payload });
    const text = await res.text();
    let parsed: any = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text, contentType: res.headers.get('content-type') ?? '', headers: res.headers };
  }
  get(path: string, query: Record<string, string> = {}) {
    const qs = new URLSearchParams(query).toString();
    return this.raw('GET', path + (qs ? `?${qs}` : ''));
  }
  post(path: string, body: unknown) {
    return this.raw('POST', path, body);
  }
  async ok(method: 'GET' | 'POST', path: string, arg: any = {}): Promise<any> {
    const r = method === 'GET' ? await this.get(path, arg) : await this.post(path, arg);
    if (r.status !== 200) throw new Error(`${method} ${path} → ${r.status} ${r.text}`);
    return r.body;
  }
}

export interface Received {
  path: string;
  method: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  at: number;
}

/** a local webhook receiver on an ephemeral port; `failFirst` answers 503 to the first N requests */
export async function startReceiver(opts: { failFirst?: number } = {}) {
  const got: Received[] = [];
  let fails = opts.failFirst ?? 0;
  const waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (fails > 0) {
        fails--;
        res.statusCode = 503;
        return res.end();
      }
      let body: any = undefined;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = Buffer.concat(chunks).toString('utf8');
      }
      got.push({ path: req.url ?? '', method: req.method ?? '', headers: req.headers, body, at: Date.now() });
      res.statusCode = 200;
      res.end('{}');
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    got,
    async waitFor(pred: (r: Received) => boolean, timeoutMs = 10_000): Promise<Received> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = got.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline)
          throw new Error(`receiver: nothing matched within ${timeoutMs} ms (got ${got.length}: ${got.map((g) => g.path).join(', ')})`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, 50);
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function boot(opts: SandboxOptions = {}): Promise<{ sb: SandboxInternals; api: Client }> {
  const sb = await startSandboxInternal({ sip: false, logLevel: 'silent', ...opts });
  const api = new Client(sb.baseUrl, sb.credentials.accountKey);
  try {
    await api.login();
  } catch (e) {
    await sb.close();
    throw e;
  }
  return { sb, api };
}

export const uniq = () => randomUUID().slice(0, 8);

export interface World {
  accountId: string;
  account2Id: string;
  subscriberId: string;
  subscriber2Id: string;
  productId: string;
  /** a Product no Package bundles: the one products/delete removes (R-product-in-use: a bundled one cannot be deleted) */
  spareProductId: string;
  packageId: string;
  packageItemId: string;
  messageRouteId: string;
  voiceRouteId: string;
  numberA: string;
  numberAId: string;
  numberB: string;
  numberC: string; // cancelled (for reactivate)
  numberD: string; // no subscription yet
  numberDId: string;
  subscriptionId: string;
  messageFilterId: string;
  callFilterId: string;
  serviceId: string;
  thresholdId: string;
  thresholdAssignmentId: string;
  featureId: string;
  featureAssignmentId: string;
  workgroupId: string;
  workgroupActivityId: string;
  webhookId: string;
  portOrderId: string;
  messageId: string;
  distributorId: string;
}

export async function buildWorld(api: Client, receiverUrl = 'http://127.0.0.1:9/unused'): Promise<World> {
  const w: Partial<World> = {};
  w.distributorId = api.key;
  w.accountId = (await api.ok('POST', '/v1.0/account/create', { AccountName: `World ${uniq()}`, AccountAdmin: 'ops@example.com' })).AccountId;
  w.account2Id = (await api.ok('POST', '/v1.0/account/create', { AccountName: `World2 ${uniq()}` })).AccountId;
  w.subscriberId = (
    await api.ok('POST', '/v1.0/subscribers/create', {
      Name: 'Jane',
      Email: `jane-${uniq()}@example.com`,
      PhoneNumbers: [],
      Role: 'Manager',
      Password: 'x',
      AccountId: w.accountId,
    })
  ).SubscriberId;
  w.subscriber2Id = (
    await api.ok('POST', '/v1.0/subscribers/create', {
      Name: 'Kid',
      Email: `kid-${uniq()}@example.com`,
      PhoneNumbers: [],
      Role: 'Subscriber',
      Password: 'x',
      AccountId: w.accountId,
    })
  ).SubscriberId;
  w.productId = (
    await api.ok('POST', '/v1.0/products', { SKU: 'eSim', Description: 'eSim', Type: 'esim', SubType: 'esim', Cost: 1.5, BillingFrequency: 'MRC' })
  ).ProductId;
  w.spareProductId = (
    await api.ok('POST', '/v1.0/products', { SKU: 'spare', Description: 'spare', Type: 'esim', SubType: 'esim', Cost: 1, BillingFrequency: 'MRC' })
  ).ProductId;
  w.packageId = (
    await api.ok('POST', '/v1.0/packages', {
      PackageName: 'P',
      SubscriberId: w.subscriberId,
      Type: 'mvno',
      Price: 9.99,
      Monthly: true,
      PackageItems: [{ ProductId: w.productId, Price: '1.00', Monthly: true, Type: 'esim' }],
    })
  ).PackageId;
  w.packageItemId = (await api.ok('GET', '/v1.0/packages/items', { PackageId: w.packageId }))[0].PackageItemId;
  w.messageRouteId = (
    await api.ok('POST', '/v1.0/message/routes', {
      RouteName: 'R',
      MessageUrl: `${receiverUrl}/inbound`,
      MessageUrlMethod: 'POST',
      MessageAuthenticationType: 'Basic',
      MessageUsername: 'u',
      MessagePasswordToken: 'p',
      CallbackMessageUrl: `${receiverUrl}/dlr`,
      CallbackMessageUrlMethod: 'POST',
      CallbackMessageAuthenticationType: 'Bearer',
      CallbackMessagePasswordToken: 'tok',
      AccountId: w.accountId,
    })
  ).MessageRouteId;
  w.voiceRouteId = (
    await api.ok('POST', '/v1.0/voice/routes', {
      RouteName: 'V',
      RouteType: 'Trunk',
      TrunkIp1: '127.0.0.1',
      TrunkPort1: '5060',
      TrunkTransport1: 'UDP',
      TrunkEnabled1: true,
      CallbackVoiceUrl: `${receiverUrl}/voice`,
      AccountId: w.accountId,
    })
  ).CallRouteId;
  const prov = async () =>
    api.ok('POST', '/v1.0/numbers/provision', {
      NumberType: 'mvno',
      MessageType: 'p2p',
      MessageEnabled: true,
      VoiceEnabled: true,
      DataEnabled: true,
      MessageRouteId: w.messageRouteId,
      VoiceRouteId: w.voiceRouteId,
      AreaCode: '201',
      ProductType: 'Sms+Data+Voice',
      AccountId: w.accountId,
    });
  const a = await prov();
  w.numberA = a.PhoneNumberAssigned;
  w.numberAId = a.PhoneNumberId;
  w.numberB = (await prov()).PhoneNumberAssigned;
  w.numberC = (await prov()).PhoneNumberAssigned;
  const d = await prov();
  w.numberD = d.PhoneNumberAssigned;
  w.numberDId = d.PhoneNumberId;
  await api.ok('POST', '/v1.0/numbers/status', { StatusChange: 'cancel', EffectiveDate: '01/01/2020', PhoneNumbers: [{ Number: w.numberC }] });
  w.subscriptionId = (
    await api.ok('POST', '/v1.0/subscriptions', { SubscriberId: w.subscriberId, TNID: w.numberAId, PackageId: w.packageId, Type: 'mvno' })
  ).SubscriptionId;
  w.messageFilterId = (
    await api.ok('POST', '/v1.0/subscribers/message-filter', {
      SubscriberId: w.subscriberId,
      Phone: w.numberA,
      FilterMode: 'ACTIVE',
      AllowedContacts: ['+18015550001'],
      BlockedContacts: ['+18015559999'],
    })
  ).FilterId;
  w.callFilterId = (
    await api.ok('POST', '/v1.0/subscribers/call-filter', {
      SubscriberId: w.subscriberId,
      Phone: w.numberA,
      FilterMode: 'WHITELIST',
      AllowedNumbers: ['+18015550001'],
      BlockedNumbers: ['+18015559999'],
    })
  ).FilterId;
  w.serviceId = (await api.ok('POST', '/v1.0/services', { ServiceName: 'Caller Id', Cost: 1.23, Monthly: true })).ServiceId;
  await api.ok('POST', '/v1.0/services/items/add', { ServiceId: w.serviceId, Price: 1, Monthly: true });
  w.thresholdId = (
    await api.ok('POST', '/v1.0/subscriptions/thresholds/add', {
      ThresholdName: 'T',
      ThresholdType: 'Data',
      ThresholdAmount: 80,
      ThresholdUnit: 'MB',
      ThresholdAction: 'Alert',
      AccountId: w.accountId,
    })
  ).ThresholdId;
  w.thresholdAssignmentId = (
    await api.ok('POST', '/v1.0/subscriptions/thresholds/assignments/add', { ThresholdId: w.thresholdId, SubscriptionId: w.subscriptionId })
  ).ThresholdAssignmentId;
  w.featureId = (
    await api.ok('POST', '/v1.0/subscriptions/features/add', {
      FeatureName: 'Roaming',
      FeatureType: 'Roaming',
      FeatureDescription: 'x',
      AccountId: w.accountId,
    })
  ).FeatureId;
  w.featureAssignmentId = (
    await api.ok('POST', '/v1.0/subscriptions/features/assignments/add', { FeatureId: w.featureId, SubscriptionId: w.subscriptionId })
  ).FeatureAssignmentId;
  w.workgroupId = (await api.ok('POST', '/v1.0/workgroups', { Name: 'WG', TelegentPhone: w.numberA, Type: 'IVR', AccountId: w.accountId })).WorkgroupId;
  w.workgroupActivityId = (
    await api.ok('POST', '/v1.0/workgroups/activity', { DigitOrder: 1, PhoneNumber: w.numberA, WorkgroupId: w.workgroupId, Type: 'Workgroup' })
  ).WorkgroupActivityId;
  w.webhookId = (
    await api.ok('POST', '/v1.0/webhook/create', {
      AccountId: w.accountId,
      WebhookUrl: `${receiverUrl}/events`,
      Method: 'POST',
      DataFormat: 'json',
      AuthenticationType: 'Basic',
      AuthenticationUsername: 'u',
      AuthenticationPassword: 'p',
      SubscribedEvents: 'Order_Update',
    })
  ).WebhookId;
  w.portOrderId = (
    await api.ok('POST', '/v1.0/numbers/portin', {
      PortInNumber: randomPortable(),
      CurrentCarrierName: 'Verizon',
      CurrentAccountNumber: '46512222',
      CurrentAccountPassword: '0000',
      CurrentBillingAddress: { Street1: '1 Main', City: 'Lehi', State: 'UT', Zip: '84043' },
    })
  ).OrderId;
  await fetch(`${api.baseUrl}/_sandbox/devices/attach`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ PhoneNumber: w.numberA, Apn: 'wireless.mobi', Bytes: 1024 }),
  });
  w.messageId = (await api.ok('POST', '/v1.0/message/outbound', { From: w.numberA, To: [{ Number: w.numberB }], Body: 'hello' })).MessageId;
  return w as World;
}

let portSeq = 0;
/** a number that is portable (not on the sandbox, not magic) */
export function randomPortable(): string {
  portSeq++;
  return `+1385${String(Math.floor(Math.random() * 9000000) + 1000000 + portSeq).slice(0, 7)}`;
}
