/**
 * Runs `work` on `values` in slices of `size`, one after the other, and answers what the slices
 * answered, in order: long id lists stay under every dialect's limit on bound parameters (SQLite
 * 32766, PostgreSQL 65535) and inside the caller's transaction.
 */
export async function inChunks<T, R = never>(values: readonly T[], size: number, work: (chunk: T[]) => Promise<readonly R[] | void>): Promise<R[]> {
  const answers: R[] = [];
  for (let start = 0; start < values.length; start += size) {
    const answered = await work(values.slice(start, start + size));
    if (answered !== undefined) answers.push(...answered);
  }
  return answers;
}
