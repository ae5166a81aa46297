import { HandlerMap } from './types';
import { bad, htmlEscaped, isE164, issuedPrefix, newId, pick, PREFIX, str } from '../util';
import { respond } from '../template';
import type { Sandbox } from '../core';
import type { Rec } from '../state';
import { fieldUnchecked } from '../unchecked-fields';

/** drift subscriber-password-on-read: the passwords a subscriber read answers in clear (in memory only) */
const passwordsInClear = new WeakMap<Rec, string>();

const addr = (a: any) => ({
  Street1: a?.Street1 ?? null,
  Street2: a?.Street2 ?? null,
  City: a?.City ?? null,
  State: a?.State ?? null,
  Zip: a?.Zip ?? null,
  Country: a?.Country ?? null,
});

function accountView(sb: Sandbox, a: Rec): any {
  const v = { ...(a as any), AccountId: a._id, TotalSubscribers: sb.store.list('subscribers', a._dist, (s) => s._acct === a._id).length };
  // benign: the vendor's paired account/create example answers BillingAddress.Country null for a request sending "USA"
  if (sb.drift.isDrift('address-country-null'))
    for (const k of ['BillingAddress', 'MailingAddress']) if (v[k] && typeof v[k] === 'object') v[k] = { ...v[k], Country: null };
  return v;
}

export function subscriberView(sb: Sandbox, s: Rec) {
  const acc = s._acct ? sb.store.find('accounts', s._acct) : undefined;
  return { ...s, SubscriberId: s._id, Account: acc ? { AccountId: acc._id, CompanyName: acc.AccountName } : null };
}

function checkPhones(v: unknown, field = 'PhoneNumbers'): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw bad(`${field} must be an array of E.164 numbers`);
  v.forEach((x, i) => {
    if (!isE164(x)) throw bad(`${field}[${i}] must be an E.164 phone number (e.g. +18015551234)`);
  });
  return v as string[];
}

/** drift subscriber-unknown-account-accepted: an AccountId the distributor does not have falls back to its default account */
function accountOrDefault(sb: Sandbox, dist: string, accountId: unknown): Rec {
  if (!sb.drift.isDrift('subscriber-unknown-account-accepted')) return sb.account(dist, accountId);
  try {
    return sb.account(dist, accountId);
  } catch {
    return sb.account(dist, undefined);
  }
}

export const accountHandlers: HandlerMap = {
  'POST /v1.0/account/create': ({ sb, dist, body }) => {
    const name = str(body.AccountName);
    if (!name) throw bad('AccountName is required');
    const id = sb.drift.isDrift('account-id-prefix') ? newId('ACC-') : newId(PREFIX.account);
    const rec = sb.store.insert(
      'accounts',
      id,
      dist,
      {
        AccountId: id,
        AccountName: name,
        AccountAdmin: body.AccountAdmin ?? null,
        BillingAddress: addr(body.BillingAddress),
        MailingAddress: addr(body.MailingAddress),
      },
      id,
    );
    const view = accountView(sb, rec);
    if (sb.drift.isDrift('account-name-not-echoed')) view.AccountName = name.slice(0, 8);
    return respond('POST /v1.0/account/create', view);
  },
  'POST /v1.0/account/update': ({ sb, dist, body }) => {
    const a = sb.account(dist, body.AccountId);
    if (body.AccountName !== undefined) a.AccountName = body.AccountName;
    if (body.AccountAdmin !== undefined) a.AccountAdmin = body.AccountAdmin;
    if (body.BillingAddress !== undefined) a.BillingAddress = addr(body.BillingAddress);
    if (body.MailingAddress !== undefined) a.MailingAddress = addr(body.MailingAddress);
    return respond('POST /v1.0/account/update', accountView(sb, a));
  },
  'GET /v1.0/account': ({ sb, dist, query }) => {
    const id = str(pick(query, 'AccountId'));
    if (!id) throw bad('AccountId is required');
    const v = accountView(sb, sb.store.get('accounts', id, dist, 'Account'));
    // drift: the read side serves a stale billing address (a cached copy from before the create)
    if (sb.drift.isDrift('account-billing-city-readback') && v.BillingAddress) v.BillingAddress = { ...v.BillingAddress, City: 'Salt Lake City' };
    return respond('GET /v1.0/account', v);
  },
  'GET /v1.0/distributor/accounts': ({ sb, dist }) => {
    // R-distributor-accounts-list: the description says "a list of all accounts"; the vendor's example shows one
    // element of it. The sandbox answers every account of the distributor, oldest first, each in the account shape.
    return sb.store.list('accounts', dist).map((a) => respond('GET /v1.0/distributor/accounts', accountView(sb, a)));
  },
  'GET /v1.0/distributor': ({ sb, dist, query }) => {
    const id = str(pick(query, 'DistributorId'));
    if (!id) throw bad('DistributorId is required');
    const d = sb.store.get('distributors', id, dist, 'Distributor');
    // drift: the read side serves DistributorName cut to 8 characters (a legacy column width)
    const name =
      sb.drift.isDrift('distributor-name-readback') && typeof d.DistributorName === 'string' ? { DistributorName: d.DistributorName.slice(0, 8) } : {};
    return respond('GET /v1.0/distributor', { ...d, ...name, Secret: '********', TotalAccounts: sb.store.list('accounts', dist).length });
  },
  'POST /v1.0/distributor/create': ({ sb, dist, body }) => {
    const name = str(body.DistributorName);
    if (!name) throw bad('DistributorName is required');
    const id = newId(PREFIX.distributor);
    // a distributor created by the caller stays visible to the caller (sandbox: same tenant)
    const d = sb.store.insert('distributors', id, dist, {
      DistributorId: id,
      DistributorName: name,
      AccountKey: id,
      BillingAddress: addr(body.BillingAddress),
      MailingAddress: addr(body.MailingAddress),
    });
    return respond('POST /v1.0/distributor/create', { ...d, Secret: '********', TotalAccounts: 0 });
  },
  'POST /v1.0/distributor/update': ({ sb, dist, body }) => {
    const id = str(body.DistributorId);
    if (!id) throw bad('DistributorId is required');
    const d = sb.store.get('distributors', id, dist, 'Distributor');
    if (body.DistributorName !== undefined) d.DistributorName = body.DistributorName;
    if (body.BillingAddress !== undefined) d.BillingAddress = addr(body.BillingAddress);
    if (body.MailingAddress !== undefined) d.MailingAddress = addr(body.MailingAddress);
    return respond('POST /v1.0/distributor/update', { ...d, Secret: '********', TotalAccounts: sb.store.list('accounts', dist).length });
  },
  'GET /v1.0/distributor/subscribers': ({ sb, dist, query }) => {
    const page = Math.max(1, Number(pick(query, 'PageNumber')) || 1);
    const per = Math.min(500, Math.max(1, Number(pick(query, 'TotalPerPage')) || 50));
    const all = sb.store.list('subscribers', dist);
    const subs = all.slice((page - 1) * per, page * per).map((s) => {
      const v: any = subscriberView(sb, s);
      v.Subscriptions = sb.store
        .list('subscriptions', dist, (x) => x.SubscriberId === s._id)
        .map((x) => ({
          SubscriptionId: x._id,
          SubscriberId: x.SubscriberId,
          TNID: x.TNID,
          ICCID: x.ICCID ?? null,
          PackageId: x.PackageId,
          Type: x.Type,
          Active: x.Active,
        }));
      return v;
    });
    return respond('GET /v1.0/distributor/subscribers', { PageNumber: page, TotalSubscribers: all.length, Subscribers: subs });
  },

  // ---- subscribers
  'POST /v1.0/subscribers/create': ({ sb, dist, body }) => {
    const name = str(body.Name);
    const email = str(body.Email);
    if (!name) throw bad('Name is required');
    if (!email) throw bad('Email is required');
    // drift subscriber-email-format-unchecked: any text is kept as the Email (the subscriber's mail never arrives)
    const anyEmail = fieldUnchecked((n) => sb.drift.isDrift(n), 'POST /v1.0/subscribers/create', 'Email');
    if (!anyEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw bad('Email must be a valid e-mail address');
    const acc = accountOrDefault(sb, dist, body.AccountId);
    // drift subscriber-phones-unchecked: PhoneNumbers kept as sent (national digits no number lookup ever matches)
    const phones = sb.drift.isDrift('subscriber-phones-unchecked') && Array.isArray(body.PhoneNumbers) ? body.PhoneNumbers : checkPhones(body.PhoneNumbers);
    const role = str(body.Role) ?? 'Subscriber';
    if (!['Subscriber', 'Manager', 'Account Admin'].includes(role)) throw bad('Role must be one of Subscriber, Manager, Account Admin');
    if (sb.store.emails.has(email.toLowerCase()) && !sb.drift.isDrift('subscriber-email-not-unique'))
      throw bad(`Email ${email} is already in use (subscriber e-mail must be unique across the platform)`);
    const id = newId(sb.drift.isDrift('subscriber-id-prefix') ? 'SUBS-' : issuedPrefix(sb.drift, 'subscriber'));
    const rec = sb.store.insert(
      'subscribers',
      id,
      dist,
      // drift subscriber-name-html-escaped: the profile store HTML-escapes the display name it keeps
      {
        SubscriberId: id,
        Name: sb.drift.isDrift('subscriber-name-html-escaped') ? htmlEscaped(name) : name,
        Email: email,
        PhoneNumbers: phones,
        Role: role,
        AccountId: acc._id,
        _password: '[set]',
      },
      acc._id,
    );
    sb.store.emails.set(email.toLowerCase(), id);
    // drift subscriber-password-on-read: the read model keeps the password in clear (held in memory only, never persisted)
    if (sb.drift.isDrift('subscriber-password-on-read') && typeof body.Password === 'string') passwordsInClear.set(rec, body.Password);
    return respond('POST /v1.0/subscribers/create', subscriberView(sb, rec));
  },
  'GET /v1.0/subscribers/get': ({ sb, dist, query }) => {
    const id = str(pick(query, 'SubscriberId'));
    if (!id) throw bad('SubscriberId is required');
    const v: any = subscriberView(sb, sb.store.get('subscribers', id, dist, 'Subscriber'));
    // drift: the subscriber reads back linked to the distributor's default account instead of the one it was created in
    if (sb.drift.isDrift('subscriber-account-link-wrong') && v.Account) v.Account = { ...v.Account, AccountId: sb.account(dist, undefined)._id };
    // drift: the read side keeps only the first word of Name (a first-name / last-name split bug)
    if (sb.drift.isDrift('subscriber-name-readback')) v.Name = String(v.Name ?? '').split(' ')[0];
    // drift: the subscriber's PhoneNumbers are kept as written at create — numbers assigned later never show
    if (sb.drift.isDrift('subscriber-numbers-not-linked')) v.PhoneNumbers = [];
    const out = respond('GET /v1.0/subscribers/get', v);
    // (after shaping: the shaper drops a field the schema does not name)
    const clear = passwordsInClear.get(sb.store.get('subscribers', id, dist, 'Subscriber'));
    if (clear !== undefined && out && typeof out === 'object') out.Password = clear;
    return out;
  },
  'POST /v1.0/subscribers/update': ({ sb, dist, body }) => {
    const id = str(body.SubscriberId);
    if (!id) throw bad('SubscriberId is required');
    const s = sb.store.get('subscribers', id, dist, 'Subscriber');
    if (body.Email !== undefined && String(body.Email).toLowerCase() !== String(s.Email).toLowerCase()) {
      const e = String(body.Email).toLowerCase();
      if (sb.store.emails.has(e) && !sb.drift.isDrift('subscriber-email-not-unique')) throw bad(`Email ${body.Email} is already in use`);
      sb.store.emails.delete(String(s.Email).toLowerCase());
      sb.store.emails.set(e, s._id);
      s.Email = body.Email;
    }
    if (body.Name !== undefined) s.Name = body.Name;
    if (body.PhoneNumbers !== undefined) s.PhoneNumbers = checkPhones(body.PhoneNumbers);
    if (body.Role !== undefined) {
      if (!['Subscriber', 'Manager', 'Account Admin'].includes(body.Role)) throw bad('Role must be one of Subscriber, Manager, Account Admin');
      s.Role = body.Role;
    }
    return respond('POST /v1.0/subscribers/update', subscriberView(sb, s));
  },
  'POST /v1.0/subscribers/transfer': ({ sb, dist, body }) => {
    const s = sb.store.get('subscribers', str(body.SubscriberId), dist, 'Subscriber');
    const from = sb.store.get('accounts', str(body.FromAccountId), dist, 'Account');
    const to = sb.store.get('accounts', str(body.ToAccountId), dist, 'Account');
    if (s._acct !== from._id) throw bad(`Subscriber ${s._id} does not belong to account ${from._id}`);
    s._acct = to._id;
    s.AccountId = to._id;
    return respond('POST /v1.0/subscribers/transfer', subscriberView(sb, s));
  },
};
