import { useEffect, useState } from 'react';
import type { Permission } from '@allot/core';
import type { Tenant } from '@allot/sdk/openapi';
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
    { label: 'Licenses', to: routes.licenses(t), needs: 'licenses.read', prefix: true },
    { label: 'License file', to: routes.licenseFile(t), needs: 'licenses.read' },
    { label: 'Devices', to: routes.devices(t), needs: 'licenses.read' },
    { label: 'Sessions', to: routes.sessions(t), needs: 'licenses.read' },
    { label: 'Denied access', to: routes.denied(t), needs: 'licenses.read' },
    { label: 'Excess usage', to: routes.excess(t), needs: 'licenses.read' },
    { label: 'Day codes', to: routes.dayCodes(t), needs: 'licenses.read' },
    { label: 'Contract', to: routes.contract(t), needs: 'licenses.read' },
    { label: 'Invoices', to: routes.invoices(t), needs: 'licenses.read' },
    { label: 'API keys', to: routes.tenantKeys(t), needs: 'api_keys.manage' },
    { label: 'Webhooks', to: routes.webhooks(t), needs: 'licenses.manage' },
    { label: 'Audit log', to: routes.tenantAudit(t), needs: 'audit.read' },
  ];
}

const vendorItems: NavItem[] = [
  { label: 'Tenants', to: routes.tenants },
  { label: 'Catalog', to: routes.catalog, needs: 'catalog.read' },
  { label: 'Upgrade requests', to: routes.upgradeQueue, needs: 'vendor.manage' },
  { label: 'API keys', to: routes.vendorKeys, needs: 'vendor.manage' },
  { label: 'Webhooks', to: routes.vendorWebhooks, needs: 'vendor.manage' },
  { label: 'Audit log', to: routes.vendorAudit, needs: 'vendor.manage' },
];

interface NavSectionProps {
  title: string;
  /** Under the title: which tenant the links are about. */
  subtitle?: { name: string; code: string };
  items: NavItem[];
  path: string;
}

function NavSection({ title, subtitle, items, path }: NavSectionProps) {
  const { can } = useSession();
  const visible = items.filter((item) => item.needs === undefined || can(item.needs));
  if (visible.length === 0) return null;
  return (
    <section className="nav-section" aria-label={subtitle === undefined ? title : `${title} ${subtitle.name}`}>
      <div className="nav-title" aria-hidden="true">
        {title}
      </div>
      {subtitle !== undefined && (
        <div className="nav-context" title={`${subtitle.name} (${subtitle.code})`}>
          <span className="nav-context-name">{subtitle.name}</span>
          <span className="nav-context-code mono">{subtitle.code}</span>
        </div>
      )}
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
    </section>
  );
}

export function Sidebar({ tenant }: { tenant: Tenant | null }) {
  const { session } = useSession();
  const path = usePath();
  const isVendor = session.kind === 'vendor_admin';
  // On a narrow screen (below 700 px, see styles.css) the links fold behind a menu button.
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [path]);
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="sidebar-head">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            A
          </span>
          <span className="brand-name">Allot</span>
          <span className="brand-sub">console</span>
        </Link>
        <button type="button" className="button button-small nav-toggle" aria-expanded={open} aria-controls="main-nav-links" onClick={() => setOpen(!open)}>
          Menu
        </button>
      </div>
      <div id="main-nav-links" className={`nav-links${open ? ' is-open' : ''}`}>
        {isVendor && <NavSection title="Vendor" items={vendorItems} path={path} />}
        {tenant !== null && <NavSection title="Tenant" subtitle={{ name: tenant.name, code: tenant.customerCode }} items={tenantItems(tenant.id)} path={path} />}
        <div className="sidebar-foot">
          <a href="/docs" target="_blank" rel="noreferrer">
            API reference
          </a>
        </div>
      </div>
    </nav>
  );
}
