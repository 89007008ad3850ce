import type { Permission, Tenant } from '../api/types';
import { routes, usePath } from '../lib/router';
import { useSession } from '../lib/session';
import { Link } from './Link';

interface NavItem {
  label: string;
  to: string;
  /** Shown only with this permission. */
  needs?: Permission;
  /** Active for deeper paths too (a group under Groups). */
  prefix?: boolean;
}

function tenantItems(t: string): NavItem[] {
  return [
    { label: 'Overview', to: routes.tenant(t) },
    { label: 'Users', to: routes.users(t), needs: 'users.read' },
    { label: 'Groups', to: routes.groups(t), needs: 'users.read', prefix: true },
    { label: 'API keys', to: routes.tenantKeys(t), needs: 'api_keys.manage' },
    { label: 'Audit log', to: routes.tenantAudit(t), needs: 'audit.read' },
  ];
}

const vendorItems: NavItem[] = [
  { label: 'Tenants', to: routes.tenants },
  { label: 'Catalog', to: routes.catalog, needs: 'catalog.read' },
  { label: 'API keys', to: routes.vendorKeys, needs: 'vendor.manage' },
  { label: 'Audit log', to: routes.vendorAudit, needs: 'vendor.manage' },
];

function NavSection({ title, items, path }: { title: string; items: NavItem[]; path: string }) {
  const { can } = useSession();
  const visible = items.filter((item) => item.needs === undefined || can(item.needs));
  if (visible.length === 0) return null;
  return (
    <div className="nav-section">
      <div className="nav-title" title={title}>
        {title}
      </div>
      <ul>
        {visible.map((item) => {
          const active = path === item.to || (item.prefix === true && path.startsWith(`${item.to}/`));
          return (
            <li key={item.to}>
              <Link to={item.to} className={`nav-link${active ? ' is-active' : ''}`} aria-current={active ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function Sidebar({ tenant }: { tenant: Tenant | null }) {
  const { session } = useSession();
  const path = usePath();
  const isVendor = session.kind === 'vendor_admin';
  return (
    <nav className="sidebar" aria-label="Main">
      <Link to="/" className="brand">
        <span className="brand-mark" aria-hidden="true">
          A
        </span>
        <span className="brand-name">Allot</span>
        <span className="brand-sub">console</span>
      </Link>
      {isVendor && <NavSection title="Vendor" items={vendorItems} path={path} />}
      {tenant !== null && <NavSection title={isVendor ? `Tenant · ${tenant.name}` : tenant.name} items={tenantItems(tenant.id)} path={path} />}
      <div className="sidebar-foot">
        <a href="/docs" target="_blank" rel="noreferrer">
          API reference
        </a>
      </div>
    </nav>
  );
}
