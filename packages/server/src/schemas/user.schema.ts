import Type from 'typebox';
import { Name, Nullable, Timestamp } from './common.js';

export const Role = Type.Enum(['owner', 'license_manager', 'system_admin', 'auditor', 'member']);
const Email = Type.String({ format: 'email', maxLength: 254 });
/** The one password rule: wherever a new password is set, it is this. */
export const Password = Type.String({ minLength: 10, maxLength: 256, description: 'at least 10 characters' });

const CurrentPassword = Type.String({ minLength: 1, maxLength: 256, description: 'your current password: needed when you change your own password or e-mail' });

export const User = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(Role),
  certifiedProfessional: Type.Boolean(),
  hasPassword: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** A seat the user holds. */
export const UserSeat = Type.Object({
  licenseId: Type.String(),
  code: Type.String({ description: "the license's code" }),
  direct: Type.Boolean({ description: 'assigned directly; false when only a linked group gives it' }),
});

/** A user in the list, with the seats they hold. */
export const ListedUser = Type.Object({ ...User.properties, seats: Type.Array(UserSeat, { description: 'seats of named and solution licenses, by license code' }) });

/** What a new user is made of, besides a password; shared by a single creation and an import row. */
const newUserFields = {
  email: Email,
  name: Name,
  roles: Type.Optional(Type.Array(Role, { maxItems: 5 })),
  certifiedProfessional: Type.Optional(Type.Boolean()),
};

export const NewUser = Type.Object({ ...newUserFields, password: Type.Optional(Password) }, { additionalProperties: false });

/** The most rows one import takes. */
export const maxImportedUsers = 10_000;

export const UserImport = Type.Object(
  {
    users: Type.Array(Type.Object(newUserFields, { additionalProperties: false }), {
      minItems: 1,
      maxItems: maxImportedUsers,
      description: 'created all or none; an address repeated in the list or already in the tenant refuses the import (409 `already_exists`, `rows` names each)',
    }),
    dryRun: Type.Optional(Type.Boolean({ description: 'check every row and answer what would be created, changing nothing' })),
  },
  { additionalProperties: false },
);

export const UserImportOutcome = Type.Object({
  dryRun: Type.Boolean(),
  created: Type.Integer({ minimum: 0 }),
  userIds: Type.Array(Type.String(), { description: 'in the order of the rows; for a dry run the ids they would have had' }),
});

export const UserPatch = Type.Object(
  {
    email: Type.Optional(Email),
    name: Type.Optional(Name),
    roles: Type.Optional(Type.Array(Role, { maxItems: 5 })),
    certifiedProfessional: Type.Optional(Type.Boolean()),
    password: Type.Optional(Nullable(Password)),
    currentPassword: Type.Optional(CurrentPassword),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UserFilters = {
  role: Type.Optional(Role),
  certifiedProfessional: Type.Optional(Type.Boolean()),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  groupId: Type.Optional(Type.String({ maxLength: 64 })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'part of the name or e-mail address, any letter case' })),
};

/** A user logged in to the console changes their own password. */
export const OwnPasswordChange = Type.Object(
  {
    currentPassword: CurrentPassword,
    newPassword: Password,
  },
  { additionalProperties: false },
);
