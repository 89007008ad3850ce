import { AllotError, attemptLimits, attemptWindowStart, emailKey, retryAfterSeconds } from '@allot/core';
import { loginWindowStart, releaseLoginAttempt, reserveLoginAttempt, type Store } from '@allot/storage';
import { inTransaction, type Clock } from './context.js';
import { hashingBusy, hashingSlots } from './password-hashing.js';

/** What password checks are counted against. */
export interface AttemptSubject {
  key: string;
  perWindow: number;
  atOnce: number;
}

/** A tenant's account by e-mail, whether or not such a user exists: login and password re-entry share it. */
export function accountSubject(tenantId: string, email: string): AttemptSubject {
  return { key: `account:${tenantId}:${emailKey(email)}`, ...attemptLimits.account };
}

/**
 * An account of a tenant that does not exist, named as the caller named it: limited exactly as a
 * real account, so that the answers do not tell which tenants exist.
 */
export function unknownAccountSubject(tenant: string, email: string): AttemptSubject {
  return { key: `account:?${tenant}:${emailKey(email)}`, ...attemptLimits.account };
}

/** The caller's network address. */
export function addressSubject(address: string): AttemptSubject {
  return { key: `ip:${address}`, ...attemptLimits.address };
}

/** Password checks running in this process, per subject. Per store, as another store is another node. */
class CheckGate {
  private readonly running = new Map<string, number>();

  enter(subjects: readonly AttemptSubject[]): boolean {
    if (subjects.some((s) => (this.running.get(s.key) ?? 0) >= s.atOnce)) return false;
    for (const s of subjects) this.running.set(s.key, (this.running.get(s.key) ?? 0) + 1);
    return true;
  }

  leave(subjects: readonly AttemptSubject[]): void {
    for (const s of subjects) {
      const left = (this.running.get(s.key) ?? 1) - 1;
      if (left <= 0) this.running.delete(s.key);
      else this.running.set(s.key, left);
    }
  }
}

const gates = new WeakMap<Store, CheckGate>();

function gateOf(store: Store): CheckGate {
  let gate = gates.get(store);
  if (gate === undefined) {
    gate = new CheckGate();
    gates.set(store, gate);
  }
  return gate;
}

function busy(): AllotError {
  return new AllotError('too_many_attempts', 'Too many password checks at once from here; try again in a moment.', { retryAfterSeconds: 1 });
}

async function refusal(store: Store, subject: AttemptSubject, now: string): Promise<AllotError> {
  const seconds = retryAfterSeconds(await loginWindowStart(store.db, subject.key), now);
  const minutes = Math.ceil(seconds / 60);
  return new AllotError('too_many_attempts', `Too many failed logins or password checks; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { retryAfterSeconds: seconds });
}

/** Thrown inside the reserving transaction to roll back what it took. */
class Refused extends Error {
  constructor(readonly subject: AttemptSubject) {
    super('refused');
  }
}

/**
 * Takes one check from every subject's allowance in one transaction, in a fixed order (so that
 * two callers never wait on each other's rows in a cycle), or takes none and refuses with 429.
 */
async function reserve(store: Store, subjects: readonly AttemptSubject[], now: string): Promise<Map<string, string>> {
  const since = attemptWindowStart(now);
  const ordered = [...subjects].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  try {
    return await inTransaction({ store }, async (trx) => {
      const windows = new Map<string, string>();
      for (const subject of ordered) {
        const window = await reserveLoginAttempt(trx, subject.key, subject.perWindow, now, since);
        if (window === null) throw new Refused(subject);
        windows.set(subject.key, window);
      }
      return windows;
    });
  } catch (error) {
    // Rolled back: nothing was taken from any subject.
    if (error instanceof Refused) throw await refusal(store, error.subject, now);
    throw error;
  }
}

/** Who is guessing what: the caller's address, and the account guessed at (if any). */
export interface AttemptBy {
  address: string;
  /** The account, or how to find it (a lookup, run once the address has its place). */
  account?: AttemptSubject | (() => Promise<AttemptSubject>) | undefined;
}

/**
 * Runs `check` (a password comparison: it answers a value when the password is right, null when
 * it is wrong) only if the account and the address each have a check left: login, re-entering
 * one's password, and the purchase confirmation all go through here, so that they share one
 * allowance per account.
 *
 * The check is counted in the database *before* it runs (one guarded upsert per subject, see
 * `reserveLoginAttempt`), so no interleaving of requests on any number of nodes gets more checks
 * than `perWindow`; a check that succeeds is given back afterwards, one that fails (or never
 * finishes) stays counted until its window ends. In this process at most `atOnce` checks per
 * subject run at once, the address's taken first, before any database work, so that a flood is
 * refused at once and cheaply; per account the database bounds it too (a running check holds a
 * slot). Then it takes a place among the password hashing of the whole process (`hashingSlots`), so
 * that a flood from many addresses is refused at once too. Refusals are `too_many_attempts` (429)
 * with `retryAfterSeconds`.
 *
 * @example
 * const user = await withPasswordAttempt(ctx, { address: ip, account: accountSubject(tenant.id, email) }, async () =>
 *   (await verifyPassword(password, stored)) ? found : null);
 */
export async function withPasswordAttempt<T>(deps: { store: Store; clock: Clock }, by: AttemptBy, check: () => Promise<T | null>): Promise<T | null> {
  const { store } = deps;
  const gate = gateOf(store);
  const address = [addressSubject(by.address)];
  if (!gate.enter(address)) throw busy();
  // Then a place among all the hashing of this process, so that many addresses at once are refused too.
  if (!hashingSlots.tryEnter()) {
    gate.leave(address);
    throw hashingBusy();
  }
  try {
    const account = typeof by.account === 'function' ? await by.account() : by.account;
    const accounts = account === undefined ? [] : [account];
    if (!gate.enter(accounts)) throw busy();
    try {
      const windows = await reserve(store, [...accounts, ...address], deps.clock.now());
      const value = await check();
      if (value !== null) {
        for (const [key, window] of windows) await releaseLoginAttempt(store.db, key, window);
      }
      return value;
    } finally {
      gate.leave(accounts);
    }
  } finally {
    hashingSlots.leave();
    gate.leave(address);
  }
}
