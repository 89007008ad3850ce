import type { ReactNode } from 'react';
import type { Tenant } from '@allot/sdk/openapi';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';

/** Sidebar, top bar and the page; `tenant` is set on a tenant's pages. */
export function AppShell({ tenant, children }: { tenant: Tenant | null; children: ReactNode }) {
  return (
    <div className="shell">
      {/* The first stop of the keyboard: past the navigation to the page itself. */}
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <Sidebar tenant={tenant} />
      <div className="shell-main">
        <TopBar tenant={tenant} />
        <main id="content" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
