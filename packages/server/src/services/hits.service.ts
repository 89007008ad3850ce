import {
  admitHits,
  AllotError,
  countsBy,
  hitPeriod,
  hitsLeft,
  inForce,
  isUnlimited,
  parseModuleRef,
  tenantNow,
  thresholdCount,
  usageOf,
  type HitAdmission,
  type HitClaim,
  type HitKind,
  type License,
  type Tenant,
} from '@allot/core';
import { hitsOfYear, hitsOfYearRead, isKnownHitKey, knownHitKeys, passedHitQuota, readTogether, recordHits, recordHitsIfUnchanged, type CountedHits, type Db } from '@allot/storage';
import { catalogModulesOf, coveringLicensesOf, factScopes, factsStillHold } from './access-facts.js';
import { hitFloorsOf } from './hit-floors.js';
import { inTransaction, type ServiceContext } from './context.js';
import { updateThreshold } from './seats.js';

export interface HitEvent {
  module: string;
  kind: HitKind;
  count: number;
  userId?: string | undefined;
  idempotencyKey?: string | undefined;
}

export type HitStatus = 'accepted' | 'duplicate' | 'quota_exhausted' | 'not_licensed' | 'unknown_module';

export interface HitResult {
  index: number;
  status: HitStatus;
  licenseId: string | null;
}

/** The hit licenses in force that count a hit of this kind on the module. */
async function countingLicenses(ctx: ServiceContext, db: Db, tenantId: string, module: string, now: string, cache: Map<string, License[]>): Promise<License[]> {
  let licenses = cache.get(module);
  if (licenses === undefined) {
    const ref = parseModuleRef(module);
    licenses = ref === null ? [] : (await coveringLicensesOf(ctx, db, tenantId, ref.product, ref.module)).filter((l) => countsBy(l, 'hits_this_year') && inForce(l, now));
    cache.set(module, licenses);
  }
  return licenses;
}

/** The licenses that may count one (kind, module) pair of a batch, and their ids in order. */
interface Counting {
  licenses: License[];
  ids: string[];
}

/** What a batch is decided from, besides the hits counted this year. */
interface BatchFacts {
  /** Per event: the licenses that may count it, or null for a module the catalog does not know. */
  candidates: (Counting | null)[];
  /** Every license some event may count on, by id. */
  licenses: Map<string, License>;
}

/**
 * The catalog's spelling of each event's module and the licenses counting each (kind, module)
 * pair, read through `db`: before the transaction from the exact lookup cache, mostly without a
 * round trip, or inside it when the generations show a change.
 */
async function batchFacts(ctx: ServiceContext, db: Db, tenantId: string, events: readonly HitEvent[], now: string): Promise<BatchFacts> {
  // A batch names few modules: each is parsed and resolved once, however many events name it.
  const known = await catalogModulesOf(ctx, db, [...new Set(events.map((e) => e.module))].filter((m) => parseModuleRef(m) !== null));
  // Looked up once per pair, not once per event.
  const byModule = new Map<string, License[]>();
  const byPair = new Map<HitKind, Map<string, Counting>>();
  const candidates: (Counting | null)[] = [];
  for (const event of events) {
    const module = known.get(event.module)?.ref;
    if (module === undefined) {
      candidates.push(null);
      continue;
    }
    // Keyed by the catalog's spelling of the module, however the event spells it.
    let ofKind = byPair.get(event.kind);
    if (ofKind === undefined) byPair.set(event.kind, (ofKind = new Map()));
    let found = ofKind.get(module);
    if (found === undefined) {
      const counting = (await countingLicenses(ctx, db, tenantId, module, now, byModule)).filter((l) => l.bundle === null || l.bundle === event.kind);
      ofKind.set(module, (found = { licenses: counting, ids: counting.map((l) => l.id) }));
    }
    candidates.push(found);
  }
  const licenses = new Map<string, License>();
  for (const ofKind of byPair.values()) for (const { licenses: list } of ofKind.values()) for (const l of list) licenses.set(l.id, l);
  return { candidates, licenses };
}

/**
 * Records a batch of hits, each event answered on its own: counted in the tenant's day and year,
 * never past a quota (an event that does not fit is refused whole), and never twice for one
 * idempotency key. The batch is decided as if under the tenant's licensing lock, so that batches
 * from any number of nodes count exactly.
 *
 * On PostgreSQL most batches are decided before the lock, from the exact lookup cache and the least
 * each license's year is known to hold (`HitFloors`), with no read, and the database checks under
 * the lock that the decision stands (`recordHitsIfUnchanged`): one round trip, and the lock is held
 * for none to this process. The decision stands when no fact moved and each license's year still
 * takes what the batch gives it: the hits counted only grow, so an event a license had no room for
 * then has none now, and a license whose year still takes all the batch gave it had room for each
 * of its events in turn. A batch that would turn a license's threshold on or off, or refuse an
 * event with a key, or that the database refuses, is decided under the lock: the lock, the
 * generations that show whether the facts still hold and the hits counted this year are read in
 * one round trip, and all that the batch counted is written with the commit, so that a write that
 * cannot be made fails it.
 *
 * Most batches repeat no key counted before (a client sends a batch again only when it did not
 * hear the answer): they are decided as if none were, and a key the tenant counted before fails the
 * insert of the keys. The transaction is then undone and the batch decided again under the lock
 * with its keys looked up first, so a batch of new keys costs one statement for them instead of a
 * lookup and an insert.
 */
export async function ingestHits(ctx: ServiceContext, tenant: Tenant, events: readonly HitEvent[]): Promise<HitResult[]> {
  try {
    return await countBatch(ctx, tenant, events, false);
  } catch (error) {
    if (!isKnownHitKey(error)) throw refusalOf(error);
  }
  try {
    return await countBatch(ctx, tenant, events, true);
  } catch (error) {
    // Under the lock a key looked up as new stays new.
    if (isKnownHitKey(error)) throw new AllotError('conflict', 'An idempotency key of the batch was counted while counting it; send the batch again.');
    throw refusalOf(error);
  }
}

/** The lock makes a year past its quota unreachable; the guard makes it impossible to count one anyway. */
const refusalOf = (error: unknown) => (passedHitQuota(error) ? new AllotError('conflict', 'A license changed while counting; send the batch again.') : error);

/** A batch decided: each event's answer, and what each license counted. */
interface Decision {
  results: HitResult[];
  recorded: CountedHits[];
  /** Some event with an idempotency key was refused: if its key was counted before, it is a duplicate instead. */
  refusedWithKey: boolean;
}

/**
 * Core's `admitHits` over a batch's events: those of a known module walk the quotas in order (an
 * unknown module's event claims nothing) against the hits `counted` this year, the keys in
 * `knownKeys` counted before.
 */
function decide(events: readonly HitEvent[], facts: BatchFacts, counted: ReadonlyMap<string, number>, knownKeys: ReadonlySet<string>): Decision {
  const { candidates, licenses } = facts;
  const left = new Map<string, number>();
  for (const license of licenses.values()) left.set(license.id, hitsLeft(license, counted.get(license.id) ?? 0));
  const claims: HitClaim[] = [];
  events.forEach((event, index) => {
    const found = candidates[index];
    if (found !== null && found !== undefined) claims.push({ candidates: found.ids, count: event.count, idempotencyKey: event.idempotencyKey });
  });
  const admissions = admitHits(claims, left, knownKeys);

  const results: HitResult[] = [];
  const added = new Map<string, number>();
  const newKeys = new Map<string, string[]>(); // per license that counted them
  let refusedWithKey = false;
  let claim = 0;
  events.forEach((event, index) => {
    const found = candidates[index];
    if (found === null || found === undefined) return results.push({ index, status: 'unknown_module', licenseId: null });
    const admission = admissions[claim++] as HitAdmission;
    if (admission.status !== 'accepted') {
      if (admission.status !== 'duplicate' && event.idempotencyKey !== undefined) refusedWithKey = true;
      return results.push({ index, status: admission.status, licenseId: admission.status === 'quota_exhausted' ? (found.ids[0] ?? null) : null });
    }
    added.set(admission.licenseId, (added.get(admission.licenseId) ?? 0) + event.count);
    if (event.idempotencyKey !== undefined) {
      const list = newKeys.get(admission.licenseId);
      if (list === undefined) newKeys.set(admission.licenseId, [event.idempotencyKey]);
      else list.push(event.idempotencyKey);
    }
    return results.push({ index, status: 'accepted', licenseId: admission.licenseId });
  });

  const recorded: CountedHits[] = [];
  for (const [licenseId, hits] of added) {
    const license = licenses.get(licenseId);
    if (license !== undefined) recorded.push({ licenseId, hits, most: isUnlimited(license) ? null : license.quantity, keys: newKeys.get(licenseId) ?? [] });
  }
  return { results, recorded, refusedWithKey };
}

async function countBatch(ctx: ServiceContext, tenant: Tenant, events: readonly HitEvent[], lookUpKeys: boolean): Promise<HitResult[]> {
  const now = tenantNow(tenant, ctx.clock.now());
  const period = hitPeriod(now, tenant.timeZone);
  // Read before the facts: what they load is at least this recent.
  const scopes = factScopes(tenant.id);
  const generations = scopes.map((scope) => ctx.store.generation(scope));
  const before = await batchFacts(ctx, ctx.store.db, tenant.id, events, now);
  const floors = hitFloorsOf(ctx.store);
  if (!lookUpKeys && ctx.store.dialect === 'postgres' && generations.every((generation) => generation >= 0)) {
    const counted = floors.of(before.licenses.keys(), period.year);
    const guarded = guardedDecision(events, before, counted);
    if (guarded !== null && (await recordHitsIfUnchanged(ctx.store.db, tenant.id, guarded.recorded, period, now, { scopes, generations }))) {
      floors.raise(countedWith(counted, guarded.recorded), period.year);
      return guarded.results;
    }
  }
  const { results, counted, recorded } = await inTransaction(ctx, async (trx) => {
    const [locked, countedBefore] = await readTogether(trx, [ctx.store.lockedGenerations(trx, tenant.id, scopes), hitsOfYearRead(trx, [...before.licenses.keys()], period.year)] as const);
    const unchanged = factsStillHold(generations, locked);
    const facts = unchanged ? before : await batchFacts(ctx, trx, tenant.id, events, now);
    const counted = unchanged ? countedBefore : await hitsOfYear(trx, [...facts.licenses.keys()], period.year);
    const knownKeys = async () => {
      const keys = new Set<string>();
      for (const event of events) if (event.idempotencyKey !== undefined) keys.add(event.idempotencyKey);
      return knownHitKeys(trx, tenant.id, [...keys]);
    };
    let decision = decide(events, facts, counted, lookUpKeys ? await knownKeys() : new Set());
    // A refused event whose key was counted before is a duplicate, not a refusal: such a batch looks its keys up.
    if (!lookUpKeys && decision.refusedWithKey) decision = decide(events, facts, counted, await knownKeys());

    await recordHits(trx, tenant.id, decision.recorded, period, now);
    for (const { licenseId, hits } of decision.recorded) {
      const license = facts.licenses.get(licenseId) as License;
      await updateThreshold(ctx, trx, { ...license, used: (counted.get(licenseId) ?? 0) + hits }, now);
    }
    return { ...decision, counted };
  });
  // Committed: the counts read under the lock, and what the batch added to them.
  floors.raise(countedWith(counted, recorded), period.year);
  return results;
}

/** The years' counts after a batch recorded `recorded` on top of `counted`. */
function countedWith(counted: ReadonlyMap<string, number>, recorded: readonly CountedHits[]): Map<string, number> {
  const after = new Map(counted);
  for (const { licenseId, hits } of recorded) after.set(licenseId, (after.get(licenseId) ?? 0) + hits);
  return after;
}

/**
 * The batch decided before the lock, for the database to check under it (`recordHitsIfUnchanged`):
 * each license's year bounded by its quota and, while its threshold is off, below its
 * `thresholdCount`, so that it stays off as `updateThreshold` would leave it. Null when the batch
 * needs the lock: an event with a key was refused (it may be a duplicate), or a license's threshold
 * would change.
 */
function guardedDecision(events: readonly HitEvent[], facts: BatchFacts, counted: ReadonlyMap<string, number>): Decision | null {
  const decision = decide(events, facts, counted, new Set());
  if (decision.refusedWithKey) return null;
  const recorded: CountedHits[] = [];
  for (const c of decision.recorded) {
    const license = facts.licenses.get(c.licenseId) as License;
    const year = counted.get(c.licenseId) ?? 0;
    if (usageOf(license, year + c.hits).thresholdReached !== license.thresholdReached) return null;
    const threshold = license.thresholdReached ? null : thresholdCount(license);
    recorded.push(threshold === null ? c : { ...c, most: Math.min(c.most ?? Number.POSITIVE_INFINITY, threshold - 1) });
  }
  return { ...decision, recorded };
}
