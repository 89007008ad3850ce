import Type from 'typebox';
import { Nullable, Timestamp } from './common.js';

export const AuditEvent = Type.Object({
  id: Type.String(),
  tenantId: Nullable(Type.String()),
  actor: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  at: Timestamp,
  requestId: Nullable(Type.String()),
});

export const AuditFilters = {
  action: Type.Optional(Type.String({ maxLength: 100, description: '`user.created`, or `user.` for every user action' })),
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  targetType: Type.Optional(Type.String({ maxLength: 100 })),
  targetId: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
};

/** The vendor's trail of every tenant, optionally narrowed to one. */
export const VendorAuditFilters = { ...AuditFilters, tenantId: Type.Optional(Type.String({ maxLength: 64, description: 'one tenant' })) };
