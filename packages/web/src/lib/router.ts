import { useSyncExternalStore } from 'react';

// A small history router: the console has a dozen routes, which do not justify a dependency.

const changeEvent = 'allot:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(changeEvent, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(changeEvent, onChange);
  };
}

const currentPath = (): string => window.location.pathname;

/** The current path; re-renders on navigation and on the browser's back and forward. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace === true) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(changeEvent));
}

/**
 * The named segments of `path` when it matches `pattern`, else null.
 *
 * @example
 * matchPath('/tenants/:t/groups/:g', '/tenants/ten_1/groups/grp_2') // { t: 'ten_1', g: 'grp_2' }
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const wanted = pattern.split('/').filter(Boolean);
  const given = path.split('/').filter(Boolean);
  if (wanted.length !== given.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const actual = given[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return null;
  }
  return params;
}

/** Console paths, built in one place. */
export const routes = {
  tenants: '/tenants',
  catalog: '/catalog',
  vendorKeys: '/api-keys',
  vendorAudit: '/audit',
  vendorWebhooks: '/webhooks',
  upgradeQueue: '/upgrade-requests',
  tenant: (t: string) => `/tenants/${encodeURIComponent(t)}`,
  users: (t: string) => `/tenants/${encodeURIComponent(t)}/users`,
  groups: (t: string) => `/tenants/${encodeURIComponent(t)}/groups`,
  group: (t: string, g: string) => `/tenants/${encodeURIComponent(t)}/groups/${encodeURIComponent(g)}`,
  licenses: (t: string) => `/tenants/${encodeURIComponent(t)}/licenses`,
  license: (t: string, l: string) => `/tenants/${encodeURIComponent(t)}/licenses/${encodeURIComponent(l)}`,
  planning: (t: string, l: string) => `/tenants/${encodeURIComponent(t)}/licenses/${encodeURIComponent(l)}/planning`,
  devices: (t: string) => `/tenants/${encodeURIComponent(t)}/devices`,
  sessions: (t: string) => `/tenants/${encodeURIComponent(t)}/sessions`,
  denied: (t: string) => `/tenants/${encodeURIComponent(t)}/denied-access`,
  excess: (t: string) => `/tenants/${encodeURIComponent(t)}/excess-usage`,
  dayCodes: (t: string) => `/tenants/${encodeURIComponent(t)}/day-codes`,
  tenantKeys: (t: string) => `/tenants/${encodeURIComponent(t)}/api-keys`,
  tenantAudit: (t: string) => `/tenants/${encodeURIComponent(t)}/audit`,
  webhooks: (t: string) => `/tenants/${encodeURIComponent(t)}/webhooks`,
  licenseFile: (t: string) => `/tenants/${encodeURIComponent(t)}/license-file`,
  contract: (t: string) => `/tenants/${encodeURIComponent(t)}/contract`,
  invoices: (t: string) => `/tenants/${encodeURIComponent(t)}/invoices`,
};
