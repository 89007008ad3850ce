import type { Group, User } from '@allot/sdk/openapi';
import { api, ok, type ShownProblem } from '../api/client';
import { useLoad } from './useLoad';

export interface Directory {
  users: User[];
  groups: Group[];
  /** The user of an id, when the directory holds them. */
  user: (id: string) => User | undefined;
  /** The user's email, or the id when the directory does not hold them. */
  userLabel: (id: string) => string;
  groupName: (id: string) => string;
  problem: ShownProblem | null;
  reload: () => void;
}

// The largest page the API gives. Choosing among more goes through the searching pickers (CheckboxPicker).
const limit = 500;

/** The tenant's first users and groups, for filters and for naming ids in seat and access tables. */
export function useDirectory(tenantId: string, version = 0): Directory {
  const loaded = useLoad(`directory:${tenantId}:${version}`, async () => {
    const [users, groups] = await Promise.all([ok(api.GET('/v1/tenants/{t}/users', { params: { path: { t: tenantId }, query: { limit } } })), ok(api.GET('/v1/tenants/{t}/groups', { params: { path: { t: tenantId }, query: { limit } } }))]);
    return { users, groups };
  });
  const users = loaded.data?.users.items ?? [];
  const groups = loaded.data?.groups.items ?? [];
  const userById = new Map(users.map((user) => [user.id, user]));
  const groupById = new Map(groups.map((group) => [group.id, group]));
  return {
    users,
    groups,
    user: (id) => userById.get(id),
    userLabel: (id) => userById.get(id)?.email ?? id,
    groupName: (id) => groupById.get(id)?.name ?? id,
    problem: loaded.problem,
    reload: loaded.reload,
  };
}
