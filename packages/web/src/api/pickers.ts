import type { Group, ListedUser } from '@allot/sdk/openapi';
import type { PickerOption, PickerSearch } from '../lib/picker';
import { api, ok } from './client';

/** Matches asked per page of a picker. */
const pageSize = 25;

export function userOption(user: Pick<ListedUser, 'id' | 'name' | 'email'>, unavailable?: string): PickerOption {
  return { id: user.id, label: user.name, detail: user.email, ...(unavailable === undefined ? {} : { unavailable }) };
}

export function groupOption(group: Group, unavailable?: string): PickerOption {
  return { id: group.id, label: group.name, detail: `${group.memberCount} ${group.memberCount === 1 ? 'member' : 'members'}`, ...(unavailable === undefined ? {} : { unavailable }) };
}

/** Why a user cannot be chosen here ("Member already"), worked out once per page from the query and the page. */
type UserUnavailable = (q: string, users: ListedUser[]) => Promise<(user: ListedUser) => string | undefined> | ((user: ListedUser) => string | undefined);

/** The tenant's users whose name or e-mail holds the query; `unavailable` says why one of a page cannot be chosen here. */
export function searchUsers(tenantId: string, unavailable?: UserUnavailable): PickerSearch {
  return async (q, cursor) => {
    const page = await ok(api.GET('/v1/tenants/{t}/users', { params: { path: { t: tenantId }, query: { q, limit: pageSize, ...(cursor === null ? {} : { cursor }) } } }));
    const reason = unavailable === undefined ? () => undefined : await unavailable(q, page.items);
    return { items: page.items.map((user) => userOption(user, reason(user))), nextCursor: page.nextCursor };
  };
}

/** The tenant's groups whose name holds the query; `unavailable` says why one cannot be chosen here. */
export function searchGroups(tenantId: string, unavailable: (group: Group) => string | undefined = () => undefined): PickerSearch {
  return async (q, cursor) => {
    const page = await ok(api.GET('/v1/tenants/{t}/groups', { params: { path: { t: tenantId }, query: { q, limit: pageSize, ...(cursor === null ? {} : { cursor }) } } }));
    return { items: page.items.map((group) => groupOption(group, unavailable(group))), nextCursor: page.nextCursor };
  };
}
