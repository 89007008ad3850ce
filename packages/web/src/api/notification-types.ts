// Notification shapes of the API (/v1/tenants/{t}/notifications), mirroring
// packages/server/src/schemas/notification.schema.ts.

export interface Notification {
  id: string;
  eventId: string;
  type: string;
  title: string;
  /** What happened and what to do. */
  body: string;
  /** The license it is about, for the link; null when none. */
  licenseId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  unread: number;
}

export interface AllRead {
  marked: number;
  unread: number;
}
