import { describe, expect, it } from 'vitest';
import { fileLicenseProblem } from '../src/file-license.js';
import type { License } from '../src/license.js';

describe('fileLicenseProblem', () => {
  it.each<[License['source'], boolean]>([
    ['manual', false],
    ['upgrade', false],
    ['purchase', false],
    ['license_file', true],
  ])('a license from %s is kept from change on its own: %s', (source, kept) => {
    const found = fileLicenseProblem({ source }, 'quantity');
    expect(found !== null).toBe(kept);
    if (found !== null) expect(found).toMatchObject({ field: 'quantity', detail: expect.stringMatching(/load a new license file/) });
  });
});
