import { AllotError, mayGrantRoles, notFound, tenantNow, type Page, type Role, type Tenant } from '@allot/core';
import {
  countLiveVendorKeys,
  findApiKey,
  insertApiKey,
  listApiKeys as queryApiKeys,
  newId,
  revokeApiKey as markRevoked,
  type ApiKey,
  type ApiKeyKind,
  type Db,
  type PageRequest,
} from '@allot/storage';
import { randomToken, sha256 } from '../security/secrets.js';
import { audit, inTransaction, type ServiceContext } from './context.js';

const kindTags: Record<ApiKeyKind, string> = { vendor_admin: 'va', admin: 'ta', app: 'app' };

/** A new key's text: `allot_<kind>_<40 random base62>`, so that a leaked key tells what it opens. */
export function mintKey(kind: ApiKeyKind): string {
  return `allot_${kindTags[kind]}_${randomToken(40)}`;
}

export interface IssuedKey {
  apiKey: ApiKey;
  /** The whole key: shown once, stored only as a hash. */
  key: string;
}

async function issue(
  ctx: ServiceContext,
  trx: Db,
  fields: { tenantId: string | null; kind: ApiKeyKind; name: string; roles: Role[]; at: string },
): Promise<IssuedKey> {
  const key = mintKey(fields.kind);
  const apiKey: ApiKey = {
    id: newId('key'),
    tenantId: fields.tenantId,
    kind: fields.kind,
    name: fields.name,
    roles: fields.roles,
    prefix: key.slice(0, key.indexOf('_', 6) + 7),
    createdAt: fields.at,
    revokedAt: null,
  };
  await insertApiKey(trx, apiKey, sha256(key));
  await audit(ctx, trx, { tenantId: fields.tenantId, action: 'api_key.created', targetType: 'api_key', targetId: apiKey.id, after: apiKey, at: fields.at });
  return { apiKey, key };
}

export function createVendorKey(ctx: ServiceContext, name: string): Promise<IssuedKey> {
  const now = ctx.clock.now();
  return inTransaction(ctx, (trx) => issue(ctx, trx, { tenantId: null, kind: 'vendor_admin', name, roles: [], at: now }));
}

/** The first vendor-admin key, made at start when there is none and no `ALLOT_ADMIN_TOKEN`. */
export async function createBootstrapKeyIfNone(ctx: ServiceContext): Promise<IssuedKey | null> {
  const now = ctx.clock.now();
  return inTransaction(ctx, async (trx) => {
    if ((await countLiveVendorKeys(trx)) > 0) return null;
    return issue(ctx, trx, { tenantId: null, kind: 'vendor_admin', name: 'bootstrap', roles: [], at: now });
  });
}

export async function createTenantKey(
  ctx: ServiceContext,
  tenant: Tenant,
  input: { kind: 'admin' | 'app'; name?: string | undefined; roles?: Role[] | undefined },
): Promise<IssuedKey> {
  const roles = input.kind === 'app' ? [] : [...new Set(input.roles ?? [])];
  if (input.kind === 'app' && (input.roles ?? []).length > 0) {
    throw new AllotError('invalid_request', 'An app key makes runtime calls only and takes no roles.', { field: 'roles' });
  }
  if (input.kind === 'admin' && roles.length === 0) {
    throw new AllotError('invalid_request', 'An admin key needs at least one role.', { field: 'roles' });
  }
  if (!mayGrantRoles(ctx.principal, [], roles)) {
    throw new AllotError('forbidden', 'You may only give a key roles you hold yourself.', { field: 'roles' });
  }
  const now = tenantNow(tenant, ctx.clock.now());
  return inTransaction(ctx, (trx) =>
    issue(ctx, trx, { tenantId: tenant.id, kind: input.kind, name: input.name ?? `${input.kind} key`, roles, at: now }),
  );
}

/** One key as listed: its prefix and roles, never the key itself (only its hash is stored). */
export async function getApiKey(ctx: ServiceContext, tenantId: string | null, id: string): Promise<ApiKey> {
  const key = await findApiKey(ctx.store.db, tenantId, id);
  if (key === null) throw notFound('api key', id);
  return key;
}

export function listApiKeys(ctx: ServiceContext, tenantId: string | null, page: PageRequest): Promise<Page<ApiKey>> {
  return queryApiKeys(ctx.store.db, tenantId, page);
}

export async function revokeApiKey(ctx: ServiceContext, tenant: Tenant | null, id: string): Promise<void> {
  const tenantId = tenant?.id ?? null;
  const now = tenant === null ? ctx.clock.now() : tenantNow(tenant, ctx.clock.now());
  await inTransaction(ctx, async (trx) => {
    const before = await findApiKey(trx, tenantId, id);
    if (before === null) throw notFound('api key', id);
    if (!mayGrantRoles(ctx.principal, before.roles, [])) {
      throw new AllotError('forbidden', 'You may only revoke keys whose roles you hold yourself.');
    }
    if (!(await markRevoked(trx, id, now))) throw new AllotError('conflict', `Key ${id} is already revoked.`);
    await audit(ctx, trx, { tenantId, action: 'api_key.revoked', targetType: 'api_key', targetId: id, before, after: { ...before, revokedAt: now }, at: now });
  });
}
