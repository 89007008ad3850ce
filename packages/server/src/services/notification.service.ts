import { AllotError, describeEvent, notificationReader, notFound, tenantNow, type Page, type Tenant } from '@allot/core';
import {
  findNotification,
  findUser,
  listNotifications as queryNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  unreadNotifications,
  type PageRequest,
  type StoredNotification,
} from '@allot/storage';
import type { ServiceContext } from './context.js';

/** A notification as the API answers it: the event's text made by core's `describeEvent`. */
export interface NotificationView {
  id: string;
  eventId: string;
  type: string;
  title: string;
  body: string;
  /** The license it is about, for the console's link; null when none. */
  licenseId: string | null;
  createdAt: string;
  readAt: string | null;
}

function toView(notification: StoredNotification): NotificationView {
  const message = describeEvent(notification.type, notification.tenantId, notification.data);
  return {
    id: notification.id,
    eventId: notification.eventId,
    type: notification.type,
    title: message.title,
    body: message.body,
    licenseId: message.licenseId,
    createdAt: notification.createdAt,
    readAt: notification.readAt,
  };
}

/**
 * Whose notifications the caller reads (core's `notificationReader`): a person their own, a key
 * the user it names. Another person's are hidden (404), as is a user of another tenant; a key that
 * names no one is a 400 naming `userId`.
 */
async function readerOf(ctx: ServiceContext, tenant: Tenant, userId: string | undefined): Promise<string> {
  const reader = notificationReader(ctx.principal, userId);
  if (!reader.ok) {
    if (reader.reason === 'user_required') throw new AllotError('invalid_request', 'An API key belongs to no one: name the user whose notifications to read with ?userId=.', { field: 'userId' });
    throw notFound('user', userId ?? '');
  }
  const own = ctx.principal.kind === 'tenant' ? ctx.principal.userId : null;
  if (reader.userId !== own && (await findUser(ctx.store.db, tenant.id, reader.userId)) === null) throw notFound('user', reader.userId);
  return reader.userId;
}

export async function listNotifications(ctx: ServiceContext, tenant: Tenant, userId: string | undefined, page: PageRequest): Promise<Page<NotificationView> & { unread: number }> {
  const reader = await readerOf(ctx, tenant, userId);
  const found = await queryNotifications(ctx.store.db, tenant.id, reader, page);
  return { items: found.items.map(toView), nextCursor: found.nextCursor, unread: await unreadNotifications(ctx.store.db, tenant.id, reader) };
}

/** Marks one of the reader's notifications read (again: it keeps its first time). Another user's is a 404. */
export async function markRead(ctx: ServiceContext, tenant: Tenant, id: string, userId: string | undefined): Promise<NotificationView> {
  const reader = await readerOf(ctx, tenant, userId);
  if (!(await markNotificationRead(ctx.store.db, tenant.id, reader, id, tenantNow(tenant, ctx.clock.now())))) throw notFound('notification', id);
  const after = await findNotification(ctx.store.db, tenant.id, reader, id);
  if (after === null) throw notFound('notification', id);
  return toView(after);
}

export async function markAllRead(ctx: ServiceContext, tenant: Tenant, userId: string | undefined): Promise<{ marked: number; unread: number }> {
  const reader = await readerOf(ctx, tenant, userId);
  const marked = await markAllNotificationsRead(ctx.store.db, tenant.id, reader, tenantNow(tenant, ctx.clock.now()));
  return { marked, unread: await unreadNotifications(ctx.store.db, tenant.id, reader) };
}
