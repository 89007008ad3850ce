import Type from 'typebox';
import { Nullable } from './common.js';

export const Notification = Type.Object(
  {
    id: Type.String(),
    eventId: Type.String(),
    type: Type.String({ description: 'the event type' }),
    title: Type.String(),
    body: Type.String({ description: 'what happened and what to do' }),
    licenseId: Nullable(Type.String({ description: 'the license it is about, if any' })),
    createdAt: Type.String({ format: 'date-time', description: "the event's time (the tenant's)" }),
    readAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'Notification' },
);

const userId = Type.String({ maxLength: 64, description: 'whose notifications: an API key belongs to no one and must name the user (without it: 400 invalid_request naming userId); a person may name only themselves' });

export const NotificationFilters = { userId: Type.Optional(userId) };

export const NotificationQuery = Type.Object({ userId: Type.Optional(userId) });

export const NotificationParams = Type.Object({ t: Type.String(), id: Type.String() });

export const AllRead = Type.Object({
  marked: Type.Integer({ description: 'notifications marked read now' }),
  unread: Type.Integer({ description: 'unread notifications left (new ones may have come meanwhile)' }),
});
