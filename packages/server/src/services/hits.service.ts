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
  type HitAdmission,
  type HitClaim,
  type HitKind,
  type License,
  type Tenant,
} from '@allot/core';
import { hitsOfYear, hitsOfYearRead, isKnownHitKey, knownHitKeys, passedHitQuota, readTogether, recordHits, type CountedHits, type Db } from '@allot/storage';
import { catalogModulesOf, coveringLicensesOf, factScopes, factsStillHold } from './access-facts.js';
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
 * idempotency key. The batch is one transaction under the tenant's licensing lock, so that
 * batches from any number of nodes count exactly.
 *
 * The lock is held for as few round trips as can be: the batch's licenses are read before the
 * transaction (from the exact lookup cache), the lock, the generations that show whether they
 * still hold and the hits counted this year are read in one round trip, and all that the batch
 * counted is written with the commit (on PostgreSQL), so that a write that cannot be made fails it.
 *
 * Most batches repeat no key counted before (a client sends a batch again only when it did not
 * hear the answer): they are walked as if none were, and a key the tenant counted before fails the
 * insert of the keys. The transaction is then undone and the batch counted again with its keys
 * looked up first, so a batch of new keys costs one statement for them instead of a lookup and an
 * insert.
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

async function countBatch(ctx: ServiceContext, tenant: Tenant, events: readonly HitEvent[], lookUpKeys: boolean): Promise<HitResult[]> {
  const now = tenantNow(tenant, ctx.clock.now());
  const { day, year } = hitPeriod(now, tenant.timeZone);
  // Read before the facts: what they load is at least this recent.
  const generations = factScopes(tenant.id).map((scope) => ctx.store.generation(scope));
  const before = await batchFacts(ctx, ctx.store.db, tenant.id, events, now);
  return inTransaction(ctx, async (trx) => {
    const [locked, countedBefore] = await readTogether(trx, [ctx.store.lockedGenerations(trx, tenant.id, factScopes(tenant.id)), hitsOfYearRead(trx, [...before.licenses.keys()], year)] as const);
    const unchanged = factsStillHold(generations, locked);
    const { candidates, licenses } = unchanged ? before : await batchFacts(ctx, trx, tenant.id, events, now);
    const counted = unchanged ? countedBefore : await hitsOfYear(trx, [...licenses.keys()], year);
    const left = new Map([...licenses.values()].map((l) => [l.id, hitsLeft(l, counted.get(l.id) ?? 0)]));

    // Events of a known module walk the quotas in order (an unknown module's event claims nothing).
    const claims: HitClaim[] = [];
    events.forEach((event, index) => {
      const found = candidates[index];
      if (found !== null && found !== undefined) claims.push({ candidates: found.ids, count: event.count, idempotencyKey: event.idempotencyKey });
    });
    const admitKnowingKeys = async () => {
      const keys = new Set<string>();
      for (const claim of claims) if (claim.idempotencyKey !== undefined) keys.add(claim.idempotencyKey);
      return admitHits(claims, left, await knownHitKeys(trx, tenant.id, [...keys]));
    };
    let admissions = lookUpKeys ? await admitKnowingKeys() : admitHits(claims, left, new Set());
    // A refused event whose key was counted before is a duplicate, not a refusal: such a batch looks its keys up.
    if (!lookUpKeys && admissions.some((a, i) => a.status !== 'accepted' && a.status !== 'duplicate' && claims[i]?.idempotencyKey !== undefined)) {
      admissions = await admitKnowingKeys();
    }

    const results: HitResult[] = [];
    const added = new Map<string, number>();
    const newKeys = new Map<string, string[]>(); // per license that counted them
    let claim = 0;
    events.forEach((event, index) => {
      const found = candidates[index];
      if (found === null || found === undefined) return results.push({ index, status: 'unknown_module', licenseId: null });
      const admission = admissions[claim++] as HitAdmission;
      if (admission.status === 'quota_exhausted') return results.push({ index, status: admission.status, licenseId: found.ids[0] ?? null });
      if (admission.status !== 'accepted') return results.push({ index, status: admission.status, licenseId: null });
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
      if (license !== undefined) recorded.push({ licenseId, hits, quota: isUnlimited(license) ? null : license.quantity, keys: newKeys.get(licenseId) ?? [] });
    }
    await recordHits(trx, tenant.id, recorded, { day, year }, now);
    for (const { licenseId, hits } of recorded) {
      const license = licenses.get(licenseId) as License;
      await updateThreshold(ctx, trx, { ...license, used: (counted.get(licenseId) ?? 0) + hits }, now);
    }
    return results;
  });
}
