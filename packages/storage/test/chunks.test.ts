import { describe, expect, it } from 'vitest';
import { inChunks } from '../src/chunks.js';

describe('work in chunks', () => {
  it('runs each slice in turn and answers what they answered, in order', async () => {
    const slices: number[][] = [];
    const answered = await inChunks([1, 2, 3, 4, 5], 2, async (chunk) => {
      slices.push(chunk);
      return chunk.map((n) => n * 10);
    });
    expect(slices).toEqual([[1, 2], [3, 4], [5]]);
    expect(answered).toEqual([10, 20, 30, 40, 50]);
  });

  it('runs nothing for no values, and answers nothing for work that answers nothing', async () => {
    let runs = 0;
    expect(await inChunks([], 1000, async () => void (runs += 1))).toEqual([]);
    expect(runs).toBe(0);
    expect(await inChunks(['a', 'b'], 1, async () => undefined)).toEqual([]);
  });
});
