import { describe, expect, it } from 'vitest';
import { coversModule } from '../src/lib/license';
import { holdsPlace } from '../src/lib/sessions';

// The wait queue and the borrows name modules; the console reads them per license.
describe('reading the queue per license', () => {
  it.each([
    ['a named module', { product: 'lab', modules: ['bench'] }, 'lab:bench', true],
    ['another module of the product', { product: 'lab', modules: ['bench'] }, 'lab:scope', false],
    ['every module of the product', { product: 'lab', modules: null }, 'lab:scope', true],
    ['a module in another case', { product: 'LAB', modules: ['Bench'] }, 'lab:bench', true],
    ['another product', { product: 'lab', modules: null }, 'crm:bench', false],
    ['a solution license', { product: null, modules: null }, 'lab:bench', false],
  ])('%s', (_case, license, ref, covered) => {
    expect(coversModule(license, ref)).toBe(covered);
  });

  it('keeps the waiting and the offered, not the claimed or expired', () => {
    expect((['waiting', 'offered', 'claimed', 'expired'] as const).map((state) => holdsPlace({ state }))).toEqual([true, true, false, false]);
  });
});
