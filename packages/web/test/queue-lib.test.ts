import { describe, expect, it } from 'vitest';
import { holdsPlace } from '../src/lib/sessions';

// The wait queue names modules; the console reads it per license with core's licenseCoversModule
// (its table test is in packages/core/test/codes.test.ts) and keeps the entries that hold a place.
describe('reading the queue per license', () => {
  it('keeps the waiting and the offered, not the claimed or expired', () => {
    expect((['waiting', 'offered', 'claimed', 'expired'] as const).map((state) => holdsPlace({ state }))).toEqual([true, true, false, false]);
  });
});
