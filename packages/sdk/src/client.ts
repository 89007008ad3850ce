import type { AuditEvent, Group, Page, Product, Role, Solution, Tenant, TenantMode, User } from '@allot/core';

/** A refusal from the API, with the stable `code` of its problem+json body. */
export class AllotApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly problem: Record<string, unknown>,
  ) {
    super(detail);
    this.name = 'AllotApiError';
  }
}

export interface ClientOptions {
  /** e.g. `http://127.0.0.1:4400` */
  baseUrl: string;
  /** An Allot API key. */
  apiKey: string;
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * A typed client for the Allot API.
 *
 * @example
 * const allot = new AllotClient({ baseUrl: 'http://127.0.0.1:4400', apiKey: process.env.ALLOT_KEY ?? '' });
 * const tenant = await allot.createTenant({ name: 'Acme', customerCode: 'ACME' });
 */
export class AllotClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Any call: answers the parsed body, or throws `AllotApiError` for a problem answer. */
  async request<T>(method: string, path: string, body?: unknown, query: Query = {}): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    const response = await this.fetchImpl(url, {
      method,
      headers: { authorization: `Bearer ${this.options.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed: unknown = text === '' ? null : JSON.parse(text);
    if (!response.ok) {
      const problem = (parsed ?? {}) as Record<string, unknown>;
      throw new AllotApiError(response.status, String(problem.code ?? 'unknown'), String(problem.detail ?? response.statusText), problem);
    }
    return parsed as T;
  }

  createTenant(input: { name: string; customerCode: string; timeZone?: string; mode?: TenantMode; clock?: string }): Promise<Tenant> {
    return this.request('POST', '/v1/tenants', input);
  }
  getTenant(tenantId: string): Promise<Tenant> {
    return this.request('GET', `/v1/tenants/${encodeURIComponent(tenantId)}`);
  }
  listTenants(query: { cursor?: string; limit?: number; mode?: TenantMode } = {}): Promise<Page<Tenant>> {
    return this.request('GET', '/v1/tenants', undefined, query);
  }
  /** Moves a sandbox tenant's test clock: `{ advanceBy: 'P36D' }` or `{ to: '2024-03-06T10:00:00Z' }`. */
  moveClock(tenantId: string, move: { advanceBy: string } | { to: string }): Promise<Tenant> {
    return this.request('POST', `/v1/tenants/${encodeURIComponent(tenantId)}/clock`, move);
  }

  createUser(tenantId: string, input: { email: string; name: string; roles?: Role[]; certifiedProfessional?: boolean; password?: string }): Promise<User> {
    return this.request('POST', `/v1/tenants/${encodeURIComponent(tenantId)}/users`, input);
  }
  listUsers(tenantId: string, query: { cursor?: string; limit?: number; role?: Role; groupId?: string } = {}): Promise<Page<User>> {
    return this.request('GET', `/v1/tenants/${encodeURIComponent(tenantId)}/users`, undefined, query);
  }

  createGroup(tenantId: string, name: string): Promise<Group> {
    return this.request('POST', `/v1/tenants/${encodeURIComponent(tenantId)}/groups`, { name });
  }
  addGroupMembers(tenantId: string, groupId: string, userIds: string[]): Promise<{ group: Group; added: string[]; alreadyMembers: string[] }> {
    return this.request('POST', `/v1/tenants/${encodeURIComponent(tenantId)}/groups/${encodeURIComponent(groupId)}/members`, { userIds });
  }

  createProduct(input: { code: string; name: string; modules?: { code: string; name: string }[] }): Promise<Product> {
    return this.request('POST', '/v1/products', input);
  }
  createSolution(input: { code: string; name: string; modules: string[] }): Promise<Solution> {
    return this.request('POST', '/v1/solutions', input);
  }

  listAudit(tenantId: string, query: { cursor?: string; limit?: number; action?: string; actor?: string } = {}): Promise<Page<AuditEvent>> {
    return this.request('GET', `/v1/tenants/${encodeURIComponent(tenantId)}/audit`, undefined, query);
  }
}
