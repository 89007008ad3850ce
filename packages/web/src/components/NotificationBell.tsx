import { useCallback, useEffect, useRef, useState } from 'react';
import type { Notification } from '@allot/sdk/openapi';
import { api, ok, problemFrom, type GetAnswer, type ShownProblem } from '../api/client';
import { formatInstant } from '../lib/format';
import { routes } from '../lib/router';
import { Link } from './Link';

/** How often the bell asks for news while the console is open. */
const refreshMs = 30_000;
/** The most recent notifications the panel shows. */
const shown = 10;

function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/**
 * The top bar's bell: the signed-in person's unread count, and a panel of their recent
 * notifications, each linking to the license it is about, to mark read one by one or all at once.
 */
export function NotificationBell({ tenantId, timeZone }: { tenantId: string; timeZone: string }) {
  const [page, setPage] = useState<GetAnswer<'/v1/tenants/{t}/notifications'> | null>(null);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const load = useCallback(async () => {
    try {
      setPage(await ok(api.GET('/v1/tenants/{t}/notifications', { params: { path: { t: tenantId }, query: { limit: shown } } })));
      setProblem(null);
    } catch (error) {
      setProblem(problemFrom(error));
    }
  }, [tenantId]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), refreshMs);
    return () => clearInterval(timer);
  }, [load]);

  // Escape or a click elsewhere closes the panel.
  useEffect(() => {
    if (!open) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onClick = (event: MouseEvent) => {
      if (root.current !== null && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const change = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      await load();
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };
  const markRead = (notification: Notification) => change(() => ok(api.POST('/v1/tenants/{t}/notifications/{id}/read', { params: { path: { t: tenantId, id: notification.id } } })));
  const markAllRead = () => change(() => ok(api.POST('/v1/tenants/{t}/notifications/read-all', { params: { path: { t: tenantId } } })));

  const unread = page?.unread ?? 0;
  const label = `Notifications, ${unread} unread`;
  return (
    <div className="bell" ref={root}>
      <button
        ref={button}
        type="button"
        className="button button-ghost bell-button"
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls="notification-panel"
        onClick={() => {
          if (!open) void load();
          setOpen(!open);
        }}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="bell-count" data-testid="unread-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <section id="notification-panel" className="bell-panel" role="dialog" aria-label="Notifications">
          <header className="bell-panel-head">
            <h2>Notifications</h2>
            <button type="button" className="button button-small" disabled={busy || unread === 0} onClick={() => void markAllRead()}>
              Mark all read
            </button>
          </header>
          {problem !== null && (
            <p className="bell-problem" role="alert">
              {problem.detail}
            </p>
          )}
          {page !== null && page.items.length === 0 && <p className="muted bell-empty">No notifications yet.</p>}
          {page !== null && page.items.length > 0 && (
            <ul className="bell-list" aria-label="Recent notifications">
              {page.items.map((notification) => {
                const to = notification.licenseId === null ? routes.licenses(tenantId) : routes.license(tenantId, notification.licenseId);
                const isUnread = notification.readAt === null;
                return (
                  <li key={notification.id} className={isUnread ? 'bell-item bell-item-unread' : 'bell-item'} aria-label={`${isUnread ? 'Unread: ' : ''}${notification.title}`}>
                    <Link
                      to={to}
                      className="bell-item-title"
                      onClick={() => {
                        setOpen(false);
                        if (isUnread) void markRead(notification);
                      }}
                    >
                      {notification.title}
                    </Link>
                    <p className="bell-item-body">{notification.body}</p>
                    <div className="bell-item-foot">
                      <time className="muted" dateTime={notification.createdAt}>
                        {formatInstant(notification.createdAt, timeZone)}
                      </time>
                      {isUnread && (
                        <button type="button" className="button button-ghost button-small" disabled={busy} aria-label={`Mark read: ${notification.title}`} onClick={() => void markRead(notification)}>
                          Mark read
                        </button>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
