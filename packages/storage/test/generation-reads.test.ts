import { describe, expect, it } from 'vitest';
import { GenerationReads } from '../src/generation-reads.js';

/** A read function that records each call's scopes and answers when told to. */
function recordingReads() {
  const calls: { scopes: string[]; answer: () => void; fail: (error: Error) => void }[] = [];
  const reads = new GenerationReads(
    (scopes) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ scopes: [...scopes].sort(), answer: resolve, fail: reject });
      }),
  );
  return { reads, calls };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('generation reads', () => {
  it('sends one read, with the union of their scopes, for the requests of one turn', async () => {
    const { reads, calls } = recordingReads();
    const first = reads.refresh(['ten_a', '']);
    const second = reads.refresh(['ten_b', '']);
    expect(calls).toHaveLength(0);
    await turn();
    expect(calls).toEqual([expect.objectContaining({ scopes: ['', 'ten_a', 'ten_b'] })]);
    calls[0]!.answer();
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
  });

  it('never lets a request join a read already under way: it waits for a read sent after it came', async () => {
    const { reads, calls } = recordingReads();
    const early = reads.refresh(['ten_a']);
    await turn();
    expect(calls).toHaveLength(1);
    let lateDone = false;
    const late = reads.refresh(['ten_a']).then(() => (lateDone = true));
    calls[0]!.answer();
    await early;
    expect(lateDone).toBe(false);
    await turn();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.scopes).toEqual(['ten_a']);
    calls[1]!.answer();
    await late;
    expect(lateDone).toBe(true);
  });

  it('fails every request that waited on a read that failed, and the next turn reads again', async () => {
    const { reads, calls } = recordingReads();
    const one = reads.refresh(['ten_a']);
    const two = reads.refresh(['ten_b']);
    await turn();
    calls[0]!.fail(new Error('connection lost'));
    await expect(one).rejects.toThrow('connection lost');
    await expect(two).rejects.toThrow('connection lost');
    const again = reads.refresh(['ten_a']);
    await turn();
    expect(calls).toHaveLength(2);
    calls[1]!.answer();
    await expect(again).resolves.toBeUndefined();
  });
});
