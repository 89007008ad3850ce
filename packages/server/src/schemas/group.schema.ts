import Type from 'typebox';
import { Name, Timestamp } from './common.js';

export const Group = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  name: Type.String(),
  memberCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const GroupFilters = {
  q: Type.Optional(Type.String({ maxLength: 100, description: 'part of the name, any letter case' })),
};

export const NewGroup = Type.Object({ name: Name }, { additionalProperties: false });

export const Members = Type.Object(
  { userIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

export const MembershipChange = Type.Object({
  group: Group,
  added: Type.Array(Type.String()),
  alreadyMembers: Type.Array(Type.String()),
});

export const MemberParams = Type.Object({ t: Type.String(), id: Type.String(), userId: Type.String() });
