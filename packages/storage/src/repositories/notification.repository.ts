import type { Page, Role } from '@allot/core';
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { cursorId, toPage, type PageRequest } from './page.js';

export interface NewNotification {
  id: string;
  tenantId: string;
  userId: string;
  eventId: string;
  type: string;
  createdAt: string;
}

/** A notification with the data of its event, from which its text is made. */
export interface StoredNotification {
  id: string;
  tenantId: string;
  userId: string;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** The people of a tenant an event may go to: those holding one of `roles`, and those named in `ids`. */
export async function notificationCandidates(db: Db, tenantId: string, roles: readonly Role[], ids: readonly string[]): Promise<{ id: string; email: string; roles: Role[] }[]> {
  if (roles.length === 0 && ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'roles'])
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        // Roles are a JSON array of names; the caller's rule (core's recipientsOf) decides exactly.
        ...roles.map((role) => eb('roles', 'like', `%"${role}"%`)),
        ...(ids.length === 0 ? [] : [eb('id', 'in', [...ids])]),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, email: row.email, roles: JSON.parse(row.roles) as Role[] }));
}

/** Adds notifications; one already there for the same event and user is kept as it is. */
export async function insertNotifications(db: Db, rows: readonly NewNotification[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('notifications')
    .values(rows.map((n) => ({ id: n.id, tenant_id: n.tenantId, user_id: n.userId, event_id: n.eventId, type: n.type, created_at: n.createdAt, read_at: null })))
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing())
    .execute();
}

function notificationQuery(db: Db, tenantId: string, userId: string) {
  return db
    .selectFrom('notifications')
    .innerJoin('events', 'events.id', 'notifications.event_id')
    .select(['notifications.id', 'notifications.tenant_id', 'notifications.user_id', 'notifications.event_id', 'notifications.type', 'notifications.created_at', 'notifications.read_at', 'events.payload'])
    .where('notifications.tenant_id', '=', tenantId)
    .where('notifications.user_id', '=', userId);
}

type NotificationRow = { id: string; tenant_id: string; user_id: string; event_id: string; type: string; created_at: string; read_at: string | null; payload: string };

function toStored(row: NotificationRow): StoredNotification {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    eventId: row.event_id,
    type: row.type,
    data: JSON.parse(row.payload) as Record<string, unknown>,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

/** A user's notifications, newest first. */
export async function listNotifications(db: Db, tenantId: string, userId: string, page: PageRequest): Promise<Page<StoredNotification>> {
  let query = notificationQuery(db, tenantId, userId).orderBy('notifications.id', 'desc').limit(page.limit + 1);
  const before = cursorId(page);
  if (before !== null) query = query.where('notifications.id', '<', before);
  return toPage((await query.execute()).map(toStored), page.limit);
}

export async function findNotification(db: Db, tenantId: string, userId: string, id: string): Promise<StoredNotification | null> {
  const row = await notificationQuery(db, tenantId, userId).where('notifications.id', '=', id).executeTakeFirst();
  return row === undefined ? null : toStored(row);
}

export async function unreadNotifications(db: Db, tenantId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('tenant_id', '=', tenantId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of a user's notifications read; the first reading's time stays. False when it is not theirs. */
export async function markNotificationRead(db: Db, tenantId: string, userId: string, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: sql<string>`coalesce(read_at, ${at})` })
    .where('id', '=', id)
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks every unread notification of a user read; answers how many. */
export async function markAllNotificationsRead(db: Db, tenantId: string, userId: string, at: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('tenant_id', '=', tenantId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
