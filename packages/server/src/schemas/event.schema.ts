import { eventTypes } from '@allot/core';
import Type from 'typebox';
import { Nullable } from './common.js';

export const EventType = Type.Enum([...eventTypes], { description: 'what happened (SPEC 7)' });

export const OutboxEvent = Type.Object(
  {
    id: Type.String(),
    type: Type.String({ description: 'one of the event types' }),
    tenantId: Nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time', description: "the tenant's time of the change (its test clock in a sandbox)" }),
    data: Type.Record(Type.String(), Type.Unknown(), { description: 'what the event is about: license, user, module, version…' }),
  },
  { $id: 'Event' },
);

export const EventFilters = {
  type: Type.Optional(EventType),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'events at or after this instant' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'events before this instant' })),
};
