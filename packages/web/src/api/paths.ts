// Where each resource lives in the API, so that no page spells a path by hand.

const enc = encodeURIComponent;

/** A tenant's webhook, or with `t` null the vendor's. */
const webhookPath = (t: string | null, id: string) => (t === null ? `/v1/webhooks/${enc(id)}` : `/v1/tenants/${enc(t)}/webhooks/${enc(id)}`);

export const paths = {
  login: '/v1/auth/login',
  logout: '/v1/auth/logout',
  session: '/v1/auth/session',
  ownPassword: '/v1/auth/password',
  tenants: '/v1/tenants',
  tenant: (t: string) => `/v1/tenants/${enc(t)}`,
  clock: (t: string) => `/v1/tenants/${enc(t)}/clock`,
  users: (t: string) => `/v1/tenants/${enc(t)}/users`,
  user: (t: string, id: string) => `/v1/tenants/${enc(t)}/users/${enc(id)}`,
  groups: (t: string) => `/v1/tenants/${enc(t)}/groups`,
  group: (t: string, id: string) => `/v1/tenants/${enc(t)}/groups/${enc(id)}`,
  members: (t: string, id: string) => `/v1/tenants/${enc(t)}/groups/${enc(id)}/members`,
  member: (t: string, id: string, userId: string) => `/v1/tenants/${enc(t)}/groups/${enc(id)}/members/${enc(userId)}`,
  licenseModels: '/v1/license-models',
  products: '/v1/products',
  solutions: '/v1/solutions',
  /** Vendor keys without a tenant, a tenant's keys with one. */
  apiKeys: (t: string | null) => (t === null ? '/v1/api-keys' : `/v1/tenants/${enc(t)}/api-keys`),
  apiKey: (t: string | null, id: string) => (t === null ? `/v1/api-keys/${enc(id)}` : `/v1/tenants/${enc(t)}/api-keys/${enc(id)}`),
  webhooks: (t: string | null) => (t === null ? '/v1/webhooks' : `/v1/tenants/${enc(t)}/webhooks`),
  webhook: webhookPath,
  webhookPing: (t: string | null, id: string) => `${webhookPath(t, id)}/ping`,
  webhookDeliveries: (t: string | null, id: string) => `${webhookPath(t, id)}/deliveries`,
  webhookDeliveryRetry: (t: string | null, id: string, deliveryId: string) => `${webhookPath(t, id)}/deliveries/${enc(deliveryId)}/retry`,
  licenses: (t: string) => `/v1/tenants/${enc(t)}/licenses`,
  licenseOverview: (t: string) => `/v1/tenants/${enc(t)}/licenses/overview`,
  license: (t: string, l: string) => `/v1/tenants/${enc(t)}/licenses/${enc(l)}`,
  /** Direct seats: GET lists every seat holder, POST assigns, DELETE recalls. */
  assignments: (t: string, l: string) => `/v1/tenants/${enc(t)}/licenses/${enc(l)}/assignments`,
  licenseGroups: (t: string, l: string) => `/v1/tenants/${enc(t)}/licenses/${enc(l)}/groups`,
  licenseGroup: (t: string, l: string, g: string) => `/v1/tenants/${enc(t)}/licenses/${enc(l)}/groups/${enc(g)}`,
  /** A concurrent license's grace periods: GET lists, POST adds (vendor). */
  grace: (t: string, l: string) => `/v1/tenants/${enc(t)}/licenses/${enc(l)}/grace`,
  /** Who holds a concurrent license now. */
  licenseSessions: (t: string, l: string) => `/v1/tenants/${enc(t)}/licenses/${enc(l)}/sessions`,
  /** Usage of a license: hits per day and year, data ticks, or the count in use; `format=csv` gives the hit days. */
  licenseUsage: (t: string, l: string) => `/v1/tenants/${enc(t)}/licenses/${enc(l)}/usage`,
  /** A volume license's objects: GET lists, POST registers. */
  objects: (t: string, l: string) => `/v1/tenants/${enc(t)}/licenses/${enc(l)}/objects`,
  object: (t: string, l: string, ref: string) => `/v1/tenants/${enc(t)}/licenses/${enc(l)}/objects/${enc(ref)}`,
  /** The users an active-user license is linked to. */
  linkedUsers: (t: string, l: string) => `/v1/tenants/${enc(t)}/licenses/${enc(l)}/linked-users`,
  /** Vendor: issues a license key for device licenses. */
  issueLicenseKey: '/v1/license-keys',
  /** A tenant registers a license key (terms accepted); its licenses enter the pool. */
  licenseKeys: (t: string) => `/v1/tenants/${enc(t)}/license-keys`,
  devices: (t: string) => `/v1/tenants/${enc(t)}/devices`,
  device: (t: string, d: string) => `/v1/tenants/${enc(t)}/devices/${enc(d)}`,
  /** POST assigns pooled licenses, DELETE detaches the running one. */
  deviceLicense: (t: string, d: string) => `/v1/tenants/${enc(t)}/devices/${enc(d)}/license`,
  deviceLicenses: (t: string) => `/v1/tenants/${enc(t)}/device-licenses`,
  /** Vendor: moves a pooled license to another tenant. */
  transferDeviceLicense: (t: string, id: string) => `/v1/tenants/${enc(t)}/device-licenses/${enc(id)}/transfer`,
  sessions: (t: string) => `/v1/tenants/${enc(t)}/sessions`,
  /** An administrator ends any session (reason admin). */
  endSession: (t: string, s: string) => `/v1/tenants/${enc(t)}/sessions/${enc(s)}/end`,
  dayCodes: (t: string) => `/v1/tenants/${enc(t)}/day-codes`,
  excessLog: (t: string) => `/v1/tenants/${enc(t)}/logs/excess`,
  dayCodeLog: (t: string) => `/v1/tenants/${enc(t)}/logs/day-codes`,
  access: (t: string) => `/v1/tenants/${enc(t)}/access`,
  denied: (t: string) => `/v1/tenants/${enc(t)}/logs/denied`,
  /** The caller's own notifications (the bell). */
  notifications: (t: string) => `/v1/tenants/${enc(t)}/notifications`,
  notificationRead: (t: string, id: string) => `/v1/tenants/${enc(t)}/notifications/${enc(id)}/read`,
  notificationsReadAll: (t: string) => `/v1/tenants/${enc(t)}/notifications/read-all`,
  /** The commercial terms of a tenant: PUT (vendor) replaces them whole. */
  contract: (t: string) => `/v1/tenants/${enc(t)}/contract`,
  /** POST sends one (`?dryRun=true` prices it only), GET lists the tenant's. */
  upgradeRequests: (t: string) => `/v1/tenants/${enc(t)}/upgrade-requests`,
  approveUpgrade: (t: string, id: string) => `/v1/tenants/${enc(t)}/upgrade-requests/${enc(id)}/approve`,
  rejectUpgrade: (t: string, id: string) => `/v1/tenants/${enc(t)}/upgrade-requests/${enc(id)}/reject`,
  /** The vendor's queue across tenants. */
  vendorUpgradeRequests: '/v1/upgrade-requests',
  /** An owner buys seats (`?dryRun=true` prices it only). */
  purchases: (t: string) => `/v1/tenants/${enc(t)}/purchases`,
  invoices: (t: string) => `/v1/tenants/${enc(t)}/invoices`,
  invoicePdf: (t: string, id: string) => `/v1/tenants/${enc(t)}/invoices/${enc(id)}/pdf`,
  /** The vendor-wide trail without a tenant. */
  audit: (t: string | null) => (t === null ? '/v1/audit' : `/v1/tenants/${enc(t)}/audit`),
};
