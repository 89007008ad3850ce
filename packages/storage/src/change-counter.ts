import { AliasNode, TableNode, type KyselyPlugin, type OperationNode, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';

/**
 * Tables whose rows never feed a cached lookup (logs, and usage — sessions, hits, data, objects,
 * active-user links — which changes with time or on every call and is always read fresh): writing
 * them leaves caches valid. Every other table moves the generations, on PostgreSQL by a trigger
 * (see the cache-generations migration).
 */
export const uncachedTables: ReadonlySet<string> = new Set(['sessions', 'hit_days', 'hit_years', 'hit_keys', 'hit_batches', 'tenant_numbers', 'data_usage', 'volume_objects', 'active_user_links', 'license_keys', 'devices', 'device_licenses', 'signing_keys', 'installation', 'license_file_loads', 'license_requests', 'usage_reports', 'session_modules', 'audit_events', 'denied_access', 'events', 'excess_usage', 'day_code_uses', 'login_attempts', 'job_runs', 'console_sessions', 'notifications', 'deliveries', 'outbox_cursors', 'license_expiry_notices', 'webhooks', 'kysely_migration', 'kysely_migration_lock', 'seat_last_access', 'session_queue', 'borrows']);

function tableName(node: OperationNode | undefined): string | null {
  if (node === undefined) return null;
  if (TableNode.is(node)) return node.table.identifier.name;
  if (AliasNode.is(node)) return tableName(node.node);
  return null;
}

function tableOf(node: RootOperationNode): string | null {
  switch (node.kind) {
    case 'InsertQueryNode':
      return tableName(node.into);
    case 'UpdateQueryNode':
      return tableName(node.table);
    case 'DeleteQueryNode':
      return tableName(node.from.froms[0]);
    default:
      return null;
  }
}

/**
 * Counts the writes made through one store. A cache entry remembers the count it was read at and
 * is valid while the count is unchanged, so that any write to a table a lookup may read makes
 * every cached lookup of that store stale. The count moves when a write is compiled and again
 * when it has run, so that a read racing the write never caches the old row as new.
 */
export class ChangeCounter implements KyselyPlugin {
  private count = 0;
  private readonly writes = new WeakSet<object>();

  get generation(): number {
    return this.count;
  }

  /** Makes every cached lookup stale: changes some of them may have read were lost. */
  invalidate(): void {
    this.count++;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.isWrite(args.node)) {
      this.count++;
      this.writes.add(args.queryId);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.writes.has(args.queryId)) this.count++;
    return args.result;
  }

  private isWrite(node: RootOperationNode): boolean {
    return !leavesCachesValid(node);
  }
}

/** Whether running the query leaves every cached lookup valid: a read, or a write to a table no lookup reads. */
export function leavesCachesValid(node: RootOperationNode): boolean {
  if (node.kind === 'SelectQueryNode') return true;
  if (node.kind === 'RawNode') return false;
  const table = tableOf(node);
  return table !== null && uncachedTables.has(table);
}
