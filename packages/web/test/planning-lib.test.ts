import { describe, expect, it } from 'vitest';
import { busiestDayText, currentQuantityText, durationText, levelRows, peakRows, plannedModules, recommendationText, shareText } from '../src/lib/planning';

// The hand-worked day of the server's planning test: five attempts, a peak of two, one refusal.
const plan = {
  attempts: 5,
  quantity: 2,
  recommendation: 3,
  candidates: [
    { quantity: 1, refused: 2, refusedShare: 0.4 },
    { quantity: 2, refused: 1, refusedShare: 0.2 },
    { quantity: 3, refused: 0, refusedShare: 0 },
    { quantity: 4, refused: 0, refusedShare: 0 },
  ],
  days: [
    { date: '2024-03-05', modules: [{ module: 'plan:desk', peak: 0, denials: 0 }, { module: 'plan:room', peak: 1, denials: 0 }] },
    { date: '2024-03-06', modules: [{ module: 'plan:desk', peak: 2, denials: 1 }, { module: 'plan:room', peak: 0, denials: 0 }] },
  ],
};

describe('seat planning in words', () => {
  it.each([
    [0, '0 %'],
    [0.008, '0.8 %'],
    [0.0125, '1.3 %'],
    [0.2, '20 %'],
    [1, '100 %'],
  ])('a share of %s reads %s', (share, text) => {
    expect(shareText(share)).toBe(text);
  });

  it('says what the recommended and the current quantity would have refused', () => {
    expect(recommendationText(plan)).toBe('With 3 licenses, 0 % of attempts would have waited (0 of 5).');
    expect(currentQuantityText(plan)).toBe('The current 2 licenses refuse 20 % of attempts (1 of 5).');
    expect(currentQuantityText({ ...plan, quantity: 1 })).toBe('The current 1 license refuses 40 % of attempts (2 of 5).');
  });

  it('counts a quantity beyond the candidates as refusing nothing, and says nothing without attempts or a limit', () => {
    expect(currentQuantityText({ ...plan, quantity: 10 })).toBe('The current 10 licenses refuse 0 % of attempts (0 of 5).');
    expect(recommendationText({ ...plan, attempts: 0, candidates: [], recommendation: 0 })).toBeNull();
    expect(currentQuantityText({ ...plan, quantity: null })).toBeNull();
  });

  it('shapes the days as chart rows per module and names the busiest day', () => {
    expect(plannedModules(plan)).toEqual(['plan:desk', 'plan:room']);
    expect(peakRows(plan)).toEqual([
      { date: '2024-03-05', 'plan:desk': 0, 'plan:room': 1 },
      { date: '2024-03-06', 'plan:desk': 2, 'plan:room': 0 },
    ]);
    expect(busiestDayText(plan)).toBe('The busiest day was 2024-03-06: 2 of 2 licensed in use at once on plan:desk.');
    expect(busiestDayText({ days: [{ date: '2024-03-05', modules: [{ module: 'plan:desk', peak: 0, denials: 0 }] }], quantity: 2 })).toBeNull();
  });

  it('lists the time at each level that occurred, with its share of the time of the module', () => {
    expect(levelRows({ levels: [{ module: 'plan:desk', minutes: [600, 120, 0, 120] }] })).toEqual([
      { module: 'plan:desk', level: 0, minutes: 600, share: 600 / 840 },
      { module: 'plan:desk', level: 1, minutes: 120, share: 120 / 840 },
      { module: 'plan:desk', level: 3, minutes: 120, share: 120 / 840 },
    ]);
    expect([durationText(45), durationText(60), durationText(125)]).toEqual(['45 min', '1 h 00 min', '2 h 05 min']);
  });
});
