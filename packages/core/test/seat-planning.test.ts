import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AllotError } from '../src/errors.js';
import { planningPeriod, planSeats, type PlanningAttempt, type PlanningInput } from '../src/seat-planning.js';

const admitted = (module: string, at: string, endedAt: string | null): PlanningAttempt => ({ module, at, admitted: true, endedAt });
const refused = (module: string, at: string): PlanningAttempt => ({ module, at, admitted: false, endedAt: null });

/**
 * The hand-worked example (Europe/Berlin, UTC+1 in early March: 1 March starts 29 Feb 23:00Z).
 * A license of 3 on `desk`:
 *   G 20:00Z the evening before – 23:30Z  live when the period begins: replayed, not counted
 *   A 08:00–10:00   B 09:00–11:00   C 09:30, timed out, so it ended at its expiry 10:30
 *   D 09:45 refused (A, B, C hold all three)
 *   E 09:50–10:20 admitted over the limit by a grace period
 *   F 2 March 12:00, still live at `now` 13:00
 * Admitted sessions that ended inside the period last 120, 120, 60 and 30 minutes: the median, 90,
 * is how long D would have held a license. Lowest free number in order of arrival: G 1 (free again
 * at 23:30), A 1, B 2, C 3, D 4 (until 11:15), E 5, F 1. Of the 6 attempts, a quantity q refuses
 * those numbered above q: q=1 → 4, q=2 → 3, q=3 → 2, q=4 → 1, q=5 → 0.
 */
const example: PlanningInput = {
  from: '2024-03-01',
  to: '2024-03-02',
  timeZone: 'Europe/Berlin',
  now: '2024-03-02T13:00:00Z',
  targetDenialRate: 0.2,
  attempts: [
    admitted('desk', '2024-02-29T20:00:00Z', '2024-02-29T23:30:00Z'),
    admitted('desk', '2024-03-01T08:00:00Z', '2024-03-01T10:00:00Z'),
    admitted('desk', '2024-03-01T09:00:00Z', '2024-03-01T11:00:00Z'),
    admitted('desk', '2024-03-01T09:30:00Z', '2024-03-01T10:30:00Z'),
    refused('desk', '2024-03-01T09:45:00Z'),
    admitted('desk', '2024-03-01T09:50:00Z', '2024-03-01T10:20:00Z'),
    admitted('desk', '2024-03-02T12:00:00Z', null),
  ],
};

describe('planSeats: the hand-worked example', () => {
  const plan = planSeats(example);

  it('counts the attempts made in the period, not the session carried into it', () => {
    expect(plan.attempts).toBe(6);
  });

  it('answers the peak and the denials of each tenant day', () => {
    expect(plan.days).toEqual([
      { date: '2024-03-01', modules: [{ module: 'desk', peak: 4, denials: 1 }] },
      { date: '2024-03-02', modules: [{ module: 'desk', peak: 1, denials: 0 }] },
    ]);
    expect(plan.peak).toBe(4);
  });

  it('answers the minutes at each level of use, up to now', () => {
    // 38 hours from 29 Feb 23:00Z to 2 Mar 13:00Z = 2280 minutes.
    expect(plan.levels).toEqual([{ module: 'desk', minutes: [2010, 180, 40, 40, 10] }]);
    expect(plan.levels[0]?.minutes.reduce((a, b) => a + b, 0)).toBe(2280);
  });

  it('replays every candidate from 1 to twice the peak', () => {
    expect(plan.candidates.map((c) => [c.quantity, c.refused])).toEqual([
      [1, 4],
      [2, 3],
      [3, 2],
      [4, 1],
      [5, 0],
      [6, 0],
      [7, 0],
      [8, 0],
    ]);
    expect(plan.candidates[2]?.refusedShare).toBeCloseTo(2 / 6);
  });

  it('recommends the smallest quantity within the target', () => {
    expect(plan.recommendation).toBe(4);
    expect(planSeats({ ...example, targetDenialRate: 0 }).recommendation).toBe(5);
    expect(planSeats({ ...example, targetDenialRate: 0.5 }).recommendation).toBe(2);
  });

  it('says how long a refused attempt was assumed to hold a license', () => {
    expect(plan.assumedMinutesPerRefusal).toEqual({ desk: 90 });
  });
});

describe('planSeats', () => {
  const day = { from: '2024-03-01', to: '2024-03-01', timeZone: 'UTC', now: '2024-03-05T00:00:00Z', targetDenialRate: 0 };

  it.each<[string, PlanningAttempt[], number, number[]]>([
    [
      'a quantity applies to each module on its own',
      [admitted('desk', '2024-03-01T09:00:00Z', '2024-03-01T10:00:00Z'), admitted('report', '2024-03-01T09:00:00Z', '2024-03-01T10:00:00Z')],
      1,
      [0, 0],
    ],
    [
      'a license given back at an instant serves an attempt at that instant',
      [admitted('desk', '2024-03-01T09:00:00Z', '2024-03-01T10:00:00Z'), admitted('desk', '2024-03-01T10:00:00Z', '2024-03-01T11:00:00Z')],
      1,
      [0, 0],
    ],
    [
      'a session that timed out holds its license until its expiry',
      [admitted('desk', '2024-03-01T09:00:00Z', '2024-03-01T09:05:00Z'), admitted('desk', '2024-03-01T09:04:00Z', '2024-03-01T09:30:00Z')],
      2,
      [1, 0, 0, 0],
    ],
    [
      'grace-period excess is demand like any other session',
      [
        admitted('desk', '2024-03-01T09:00:00Z', '2024-03-01T12:00:00Z'),
        admitted('desk', '2024-03-01T09:10:00Z', '2024-03-01T12:00:00Z'),
        admitted('desk', '2024-03-01T09:20:00Z', '2024-03-01T12:00:00Z'),
      ],
      3,
      [2, 1, 0, 0, 0, 0],
    ],
    [
      'a session through a day code is demand for a license too',
      [admitted('desk', '2024-03-01T09:00:00Z', '2024-03-01T12:00:00Z'), admitted('desk', '2024-03-01T10:00:00Z', '2024-03-01T17:00:00Z')],
      2,
      [1, 0, 0, 0],
    ],
    [
      'refused attempts alone are assumed to hold for an hour',
      [refused('desk', '2024-03-01T09:00:00Z'), refused('desk', '2024-03-01T09:59:00Z'), refused('desk', '2024-03-01T10:00:00Z')],
      2,
      [1, 0],
    ],
  ])('%s', (_case, attempts, recommendation, refusedPerCandidate) => {
    const plan = planSeats({ ...day, attempts });
    expect(plan.recommendation).toBe(recommendation);
    expect(plan.candidates.map((c) => c.refused)).toEqual(refusedPerCandidate);
  });

  it('lets a refusal on a module without sessions hold for the median of all modules', () => {
    const plan = planSeats({
      ...day,
      attempts: [
        admitted('desk', '2024-03-01T09:00:00Z', '2024-03-01T09:20:00Z'),
        admitted('desk', '2024-03-01T10:00:00Z', '2024-03-01T10:40:00Z'),
        admitted('report', '2024-03-01T09:00:00Z', '2024-03-01T10:30:00Z'),
        refused('lab', '2024-03-01T09:00:00Z'),
      ],
    });
    // desk: 20 and 40 minutes (median 30); report: 90; all three: 40.
    expect(plan.assumedMinutesPerRefusal).toEqual({ desk: 30, lab: 40, report: 90 });
  });

  it('replays attempts at the same instant in the order given', () => {
    // Both ask at 09:00 with license 1 free; the first one given gets it. With a quantity of 1 the
    // counted attempt is refused when it comes second and the uncounted one (live before the period)
    // takes the license.
    const carried = admitted('desk', '2024-02-29T23:00:00Z', '2024-03-01T00:30:00Z');
    const midnight = admitted('desk', '2024-03-01T00:00:00Z', '2024-03-01T00:10:00Z');
    expect(planSeats({ ...day, attempts: [carried, midnight] }).candidates[0]?.refused).toBe(1);
    expect(planSeats({ ...day, attempts: [midnight, carried] }).candidates[0]?.refused).toBe(0);
  });

  it('answers no attempts with a recommendation of 0 and an empty day per date', () => {
    const plan = planSeats({ ...day, to: '2024-03-03', attempts: [] });
    expect(plan).toMatchObject({ attempts: 0, peak: 0, recommendation: 0, candidates: [], levels: [] });
    expect(plan.days.map((d) => d.date)).toEqual(['2024-03-01', '2024-03-02', '2024-03-03']);
  });

  it('splits days at the tenant midnight, also across a change to summer time', () => {
    // 31 March 2024 in Berlin has 23 hours: 1 April starts at 22:00Z.
    const plan = planSeats({
      ...day,
      from: '2024-03-31',
      to: '2024-04-01',
      timeZone: 'Europe/Berlin',
      now: '2024-04-05T00:00:00Z',
      attempts: [refused('desk', '2024-03-31T21:59:00Z'), refused('desk', '2024-03-31T22:00:00Z'), refused('desk', '2024-03-31T22:01:00Z')],
    });
    expect(plan.days.map((d) => d.modules[0]?.denials)).toEqual([1, 2]);
  });

  it('does not count a session that ends at the tenant midnight on the next day', () => {
    const plan = planSeats({ ...day, to: '2024-03-02', attempts: [admitted('desk', '2024-03-01T20:00:00Z', '2024-03-02T00:00:00Z'), admitted('desk', '2024-03-01T21:00:00Z', '2024-03-02T00:00:00Z')] });
    expect(plan.days.map((d) => d.modules[0]?.peak)).toEqual([2, 0]);
  });

  it('ignores attempts after now and refusals from before the period', () => {
    const plan = planSeats({
      ...day,
      now: '2024-03-01T12:00:00Z',
      attempts: [refused('desk', '2024-02-29T23:00:00Z'), admitted('desk', '2024-03-01T11:00:00Z', null), refused('desk', '2024-03-01T13:00:00Z')],
    });
    expect(plan.attempts).toBe(1);
    expect(plan.levels[0]?.minutes).toEqual([660, 60]);
  });
});

describe('planSeats replays each quantity as a license of that quantity would have answered', () => {
  /** The slow way: one replay per quantity, admitting while fewer than `quantity` are live. */
  function refusedByDirectReplay(stays: { start: number; end: number }[], quantity: number): number {
    const ends: number[] = [];
    let refusedCount = 0;
    for (const stay of [...stays].sort((a, b) => a.start - b.start)) {
      for (let i = ends.length - 1; i >= 0; i -= 1) if ((ends[i] ?? 0) <= stay.start) ends.splice(i, 1);
      if (ends.length < quantity) ends.push(stay.end);
      else refusedCount += 1;
    }
    return refusedCount;
  }

  it('for any history of one module', () => {
    const base = Date.parse('2024-03-01T00:00:00Z');
    fc.assert(
      fc.property(fc.array(fc.record({ start: fc.integer({ min: 0, max: 600 }), minutes: fc.integer({ min: 1, max: 120 }) }), { maxLength: 40 }), (raw) => {
        const stays = raw.map((s) => ({ start: base + s.start * 60_000, end: base + (s.start + s.minutes) * 60_000 }));
        const plan = planSeats({
          from: '2024-03-01',
          to: '2024-03-01',
          timeZone: 'UTC',
          now: '2024-03-02T00:00:00Z',
          targetDenialRate: 0,
          attempts: stays.map((s) => admitted('desk', new Date(s.start).toISOString(), new Date(s.end).toISOString())),
        });
        for (const candidate of plan.candidates) expect(candidate.refused).toBe(refusedByDirectReplay(stays, candidate.quantity));
        expect(refusedByDirectReplay(stays, plan.recommendation)).toBe(0);
      }),
    );
  });
});

describe('planningPeriod', () => {
  it('spans the tenant days from midnight to midnight', () => {
    expect(planningPeriod('2024-03-31', '2024-03-31', 'Europe/Berlin')).toMatchObject({ startsAt: '2024-03-30T23:00:00.000Z', endsAt: '2024-03-31T22:00:00.000Z' });
  });

  it.each<[string, string, string, { days: number } | { field: string }]>([
    ['one day', '2024-03-01', '2024-03-01', { days: 1 }],
    ['a leap year', '2024-01-01', '2024-12-31', { days: 366 }],
    ['400 days is the most', '2024-01-01', '2025-02-03', { days: 400 }],
    ['401 days is too long', '2024-01-01', '2025-02-04', { field: 'to' }],
    ['reversed', '2024-03-02', '2024-03-01', { field: 'to' }],
    ['no such day', '2024-02-30', '2024-03-01', { field: 'from' }],
    ['an instant is not a date', '2024-03-01', '2024-03-01T00:00:00Z', { field: 'to' }],
    ['empty', '', '2024-03-01', { field: 'from' }],
  ])('%s', (_case, from, to, expected) => {
    if ('days' in expected) {
      expect(planningPeriod(from, to, 'UTC')).toMatchObject({ from, to, days: expected.days });
      return;
    }
    try {
      planningPeriod(from, to, 'UTC');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AllotError);
      expect(error).toMatchObject({ code: 'invalid_request', context: { field: expected.field } });
    }
  });
});
