import type { Store } from '@allot/storage';

/**
 * The least each hit license's year is known to hold, per store. A year's count only grows while
 * its license exists (hits are never given back, and a license's id is never used again), so a
 * count this process read, raised by what it counted since, is never above the year's, on any
 * node: 0 when it knows nothing. A batch decided from floors stands when the database finds, under
 * the lock, that each license's year still takes what the batch gives it (`recordHitsIfUnchanged`):
 * a year that grew meanwhile, on this node or another, only makes that check fail, and the batch
 * is then decided under the lock from the exact counts, which raise the floors.
 */
export class HitFloors {
  private readonly floors = new Map<string, number>();

  constructor(private readonly limit = 10_000) {}

  /** The floor of each license's `year` (0 where none is known). */
  of(licenseIds: Iterable<string>, year: number): Map<string, number> {
    const counted = new Map<string, number>();
    for (const id of licenseIds) counted.set(id, this.floors.get(keyOf(id, year)) ?? 0);
    return counted;
  }

  /** Raises the floor of each license's `year` to the count given, if that is higher: only counts committed, read or written. */
  raise(counts: ReadonlyMap<string, number>, year: number): void {
    for (const [id, count] of counts) {
      const key = keyOf(id, year);
      const floor = this.floors.get(key);
      if (floor !== undefined && floor >= count) continue;
      // Forgetting floors only costs a batch decided under the lock for each.
      if (floor === undefined && this.floors.size >= this.limit) this.floors.clear();
      this.floors.set(key, count);
    }
  }
}

const keyOf = (licenseId: string, year: number) => `${licenseId} ${year}`;

const byStore = new WeakMap<Store, HitFloors>();

export function hitFloorsOf(store: Store): HitFloors {
  let floors = byStore.get(store);
  if (floors === undefined) byStore.set(store, (floors = new HitFloors()));
  return floors;
}
