import { useState } from 'react';
import type { Tenant, User } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { useLoad } from '../hooks/useLoad';
import { actorLabel, formatInstant, roleLabel } from '../lib/format';
import { useSession } from '../lib/session';
import { Badge } from './Badge';
import { ChangePasswordForm } from './ChangePasswordForm';
import { Dialog } from './Dialog';
import { NotificationBell } from './NotificationBell';

/** The person's email when the session may read users; otherwise the actor id is all there is. */
function useWhoLabel(): string {
  const { session, can } = useSession();
  const canRead = session.kind === 'tenant' && session.userId !== null && session.tenantId !== null && can('users.read');
  const { data } = useLoad<User | null>(`who:${session.actor}:${String(canRead)}`, async () => {
    if (!canRead || session.userId === null || session.tenantId === null) return null;
    return ok(api.GET('/v1/tenants/{t}/users/{id}', { params: { path: { t: session.tenantId, id: session.userId } } }));
  });
  if (data !== null) return data.email;
  if (session.kind === 'vendor_admin') return session.actor === 'admin-token' ? 'Vendor admin (admin token)' : `Vendor admin (${actorLabel(session.actor)})`;
  return actorLabel(session.actor);
}

export function TopBar({ tenant }: { tenant: Tenant | null }) {
  const { session, logout, can } = useSession();
  const [leaving, setLeaving] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const who = useWhoLabel();
  return (
    <header className="topbar">
      <div className="topbar-context">
        {tenant !== null && (
          <>
            <span className="topbar-tenant" title={tenant.name}>
              {tenant.name}
            </span>
            <span className="muted mono">{tenant.customerCode}</span>
            {tenant.mode === 'sandbox' ? (
              <Badge tone="warning" title="Test clock of this sandbox tenant">
                Sandbox · {formatInstant(tenant.clock, tenant.timeZone)}
              </Badge>
            ) : (
              <Badge tone="success">Live</Badge>
            )}
          </>
        )}
      </div>
      <div className="topbar-user">
        {/* A person has a bell; a key belongs to no one and has no notifications of its own. */}
        {session.kind === 'tenant' && session.userId !== null && session.tenantId !== null && (
          <NotificationBell tenantId={session.tenantId} timeZone={tenant?.timeZone ?? 'UTC'} />
        )}
        <span className="who" data-testid="who">
          <span className="who-label">Signed in as</span> <strong>{who}</strong>
        </span>
        {session.kind === 'vendor_admin' ? <Badge tone="accent">Vendor admin</Badge> : session.roles.length > 0 && <Badge>{session.roles.map(roleLabel).join(', ')}</Badge>}
        {notice !== null && (
          <span className="muted" role="status">
            {notice}
          </span>
        )}
        {/* Only a person has a password of their own; a key does not. */}
        {can('password.change') && (
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={() => {
              setNotice(null);
              setChangingPassword(true);
            }}
          >
            Change password
          </button>
        )}
        <button
          type="button"
          className="button button-small"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            void logout();
          }}
        >
          Log out
        </button>
      </div>
      {changingPassword && (
        <Dialog title="Change your password" description="Your other console sessions end; this one stays." onClose={() => setChangingPassword(false)}>
          <ChangePasswordForm
            onChanged={() => {
              setChangingPassword(false);
              setNotice('Password changed.');
            }}
            onCancel={() => setChangingPassword(false)}
          />
        </Dialog>
      )}
    </header>
  );
}
