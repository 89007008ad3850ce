import { describe, expect, it } from 'vitest';
import { HitFloors } from '../src/services/hit-floors.js';

describe('hit floors', () => {
  it('knows 0 of a year it never saw, and raises a floor but never lowers it', () => {
    const floors = new HitFloors();
    expect([...floors.of(['a', 'b'], 2026)]).toEqual([['a', 0], ['b', 0]]);
    floors.raise(new Map([['a', 40]]), 2026);
    floors.raise(new Map([['a', 30], ['b', 5]]), 2026);
    expect([...floors.of(['a', 'b'], 2026)]).toEqual([['a', 40], ['b', 5]]);
    // Each year has its own floor.
    expect(floors.of(['a'], 2027).get('a')).toBe(0);
  });

  it('forgets every floor rather than grow past its limit', () => {
    const floors = new HitFloors(2);
    floors.raise(new Map([['a', 1], ['b', 2]]), 2026);
    floors.raise(new Map([['b', 3]]), 2026);
    expect(floors.of(['a', 'b'], 2026).get('b')).toBe(3);
    floors.raise(new Map([['c', 4]]), 2026);
    expect([...floors.of(['a', 'b', 'c'], 2026)]).toEqual([['a', 0], ['b', 0], ['c', 4]]);
  });
});
