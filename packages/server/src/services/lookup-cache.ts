import type { AccessFacts, License, Principal, ProductGrace, Tenant } from '@allot/core';
import type { GraceKey } from '@allot/storage';
import { findTenant, type Store } from '@allot/storage';

interface Entry<V> {
  generation: number;
  value: V;
}

/**
 * A read-through cache of lookups that is exact: an entry is used only while the store's write
 * count (`generation`) is what it was when the entry was read, so that any write makes it stale at
 * once. Only a store that one process owns (SQLite) is cached; on PostgreSQL every lookup reads the
 * database, because other nodes write too.
 */
export class LookupCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly store: Store,
    private readonly limit = 10_000,
  ) {}

  /** The value of `key`: at once when cached and fresh (no promise, no await), else loaded. */
  get(key: string, load: () => Promise<V>): V | Promise<V> {
    if (!this.store.cacheable) return load();
    const generation = this.store.generation();
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.generation === generation) return hit.value;
    return load().then((value) => {
      // A write that ran while loading may have changed what was read: keep nothing then.
      if (this.store.generation() === generation) {
        if (this.entries.size >= this.limit) this.entries.clear();
        this.entries.set(key, { generation, value });
      }
      return value;
    });
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
}

const byStore = new WeakMap<Store, Lookups>();

export function lookupsOf(store: Store): Lookups {
  let lookups = byStore.get(store);
  if (lookups === undefined) {
    lookups = { principals: new LookupCache(store), tenants: new LookupCache(store), accessFacts: new LookupCache(store, 50_000) };
    byStore.set(store, lookups);
  }
  return lookups;
}

/** A tenant by id, through the exact lookup cache where the store allows it: the guard's read on every request. */
export function cachedTenant(store: Store, tenantId: string): Tenant | null | Promise<Tenant | null> {
  return lookupsOf(store).tenants.get(tenantId, () => findTenant(store.db, tenantId));
}
