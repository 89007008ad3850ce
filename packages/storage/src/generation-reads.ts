/**
 * Reads of per-tenant cache generations, shared by the requests that arrive together. A request
 * asks for its scopes; every request of the same turn of the event loop joins one pending read,
 * sent once the turn's I/O callbacks have run (`setImmediate`), with the union of their scopes.
 *
 * Still exact: a read is only ever joined before it is sent, so it runs after every request that
 * waits on it arrived, and sees every commit that finished before any of them did. A request that
 * comes while a read is on its way starts the next one instead. Under load, one round trip then
 * serves every access check of a turn rather than each paying its own.
 */
export class GenerationReads {
  private pending: { scopes: Set<string>; read: Promise<void> } | undefined;

  constructor(private readonly read: (scopes: string[]) => Promise<void>) {}

  /** Resolves once a read of `scopes` that began after this call has answered. */
  refresh(scopes: readonly string[]): Promise<void> {
    let batch = this.pending;
    if (batch === undefined) {
      const joined = new Set<string>();
      const read = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        // From here on, the read is under way: later requests start their own.
        this.pending = undefined;
        return this.read([...joined]);
      });
      batch = this.pending = { scopes: joined, read };
    }
    for (const scope of scopes) batch.scopes.add(scope);
    return batch.read;
  }
}
