import type { AccessFacts, License, Principal, ProductGrace, Tenant } from '@allot/core';
import type { GraceKey, ResolvedModule } from '@allot/storage';
import { findTenant, type Db, type Store } from '@allot/storage';

interface Entry<V> {
  /** The scopes the value depends on (tenant ids, '' for what no tenant owns) and their generations when it was read. */
  scopes: readonly string[];
  generations: readonly number[];
  value: V;
}

/**
 * A read-through cache of lookups that is exact: an entry is used only while the store's
 * generations of its scopes are what they were when it was read (see `Store.generation`), so that
 * any write to what it read makes it stale at once, on every node. On PostgreSQL the generations
 * are those the request read with `refreshGenerations` before its first lookup (`identify` reads
 * them for the tenant of the path, the tenant of the caller's key and ''), which is the one round
 * trip a cached request makes.
 */
export class LookupCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly store: Store,
    private readonly limit = 10_000,
  ) {}

  /** The scopes the cached value of `key` depends on, fresh or not; null when nothing is cached. */
  scopesOf(key: string): readonly string[] | null {
    return this.entries.get(key)?.scopes ?? null;
  }

  /**
   * The value of `key` read through `db`: at once when cached and fresh (no promise, no await),
   * else loaded. `expected` are the scopes the request refreshed; a loaded value is used later only
   * when the scopes it depends on (`scopesOf(value)`, null when they cannot be known) were among
   * them.
   */
  get(db: Db, key: string, expected: readonly string[], load: () => Promise<V>, scopesOf: (value: V) => readonly string[] | null): V | Promise<V> {
    const store = this.store;
    if (!store.cacheableThrough(db)) return load();
    const hit = this.entries.get(key);
    if (hit !== undefined && this.fresh(hit)) return hit.value;
    const before = expected.map((scope) => store.generation(scope));
    return load().then((value) => {
      const scopes = scopesOf(value);
      if (scopes === null) return value;
      // A scope the request did not refresh has no known generation (NaN, never fresh): the entry
      // is kept only to say which scopes to refresh next time.
      const generations = scopes.map((scope) => {
        const generation = before[expected.indexOf(scope)] ?? -1;
        return generation >= 0 ? generation : Number.NaN;
      });
      // A write that ran while loading (SQLite) may have changed what was read: keep nothing then.
      if (generations.some((generation, i) => !Number.isNaN(generation) && generation !== store.generation(scopes[i] as string))) return value;
      if (this.entries.size >= this.limit) this.entries.clear();
      this.entries.set(key, { scopes, generations, value });
      return value;
    });
  }

  private fresh(entry: Entry<V>): boolean {
    for (let i = 0; i < entry.scopes.length; i++) if (this.store.generation(entry.scopes[i] as string) !== entry.generations[i]) return false;
    return true;
  }
}

/** Goes on with `next` at once when `value` is at hand, or once it is. */
export function andThen<T, R>(value: T | Promise<T>, next: (value: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * The stored part of the access facts: everything but the tenant's time and mode and the live
 * session counts, which change with time alone; with the concurrent licenses and their grace keys.
 */
export type StoredAccessFacts = Pick<AccessFacts, 'userKnown' | 'moduleKnown' | 'certifiedProfessional'> & {
  /** `product:module` as the catalog spells it (as given when the catalog has no such module). */
  module: string;
  licenses: { license: License; seated: boolean }[];
  concurrentLicenses: License[];
  graces: GraceKey[];
  /** Grace periods of the product's concurrent licenses; read only when no license covers the module. */
  productGraces: ProductGrace[];
};

/** The lookups every request makes, cached per store. */
export interface Lookups {
  /** Tenant, user and module (see `accessFactsOf`) → the facts of an access check. */
  accessFacts: LookupCache<StoredAccessFacts>;
  /** API key → principal (null: no live key). */
  principals: LookupCache<Principal | null>;
  tenants: LookupCache<Tenant | null>;
  /** Tenant and `product:module` → the licenses covering it (see `coveringLicensesOf`). */
  coveringLicenses: LookupCache<License[]>;
  /** The modules a hit batch names → those the catalog knows (see `catalogModulesOf`). */
  catalogModules: LookupCache<Map<string, ResolvedModule>>;
}

const byStore = new WeakMap<Store, Lookups>();

export function lookupsOf(store: Store): Lookups {
  let lookups = byStore.get(store);
  if (lookups === undefined) {
    lookups = { principals: new LookupCache(store), tenants: new LookupCache(store), accessFacts: new LookupCache(store, 50_000), coveringLicenses: new LookupCache(store), catalogModules: new LookupCache(store) };
    byStore.set(store, lookups);
  }
  return lookups;
}

/** A tenant by id, through the exact lookup cache: the guard's read on every request. */
export function cachedTenant(store: Store, tenantId: string): Tenant | null | Promise<Tenant | null> {
  const scopes = [tenantId];
  return lookupsOf(store).tenants.get(store.db, tenantId, scopes, () => findTenant(store.db, tenantId), () => scopes);
}
