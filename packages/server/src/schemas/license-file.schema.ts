import { licenseFileDiffFields } from '@allot/core';
import Type from 'typebox';
import { Nullable } from './common.js';

const PublicKey = Type.Object({ keyId: Type.String(), publicKeyPem: Type.String() });

export const VendorPublicKey = Type.Object({
  keyId: Type.String(),
  algorithm: Type.Literal('Ed25519'),
  publicKeyPem: Type.String(),
  previous: Type.Array(PublicKey, { description: 'retired keys, still trusted for files they signed' }),
});

export const IssueFile = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
    expiresAt: Type.String({ format: 'date-time', description: "must lie after the tenant's now" }),
    customerCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the tenant's customer code (the default); any other is refused" })),
    customerName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "the customer's name in the file; the tenant's name by default" })),
    partnerId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    orderNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    installationId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    grace: Type.Optional(
      Type.Object(
        { licenseCode: Type.String({ minLength: 1, maxLength: 64 }), startsAt: Type.String({ format: 'date-time' }), endsAt: Type.String({ format: 'date-time' }), orderNumber: Type.String({ minLength: 1, maxLength: 100 }) },
        { additionalProperties: false },
      ),
    ),
    encryptionKey: Type.Optional(Type.String({ maxLength: 100, description: 'base64 of 32 bytes: encrypts the payload with AES-256-GCM' })),
  },
  { additionalProperties: false },
);

export const IssuedFile = Type.Object({ file: Type.String(), keyId: Type.String(), version: Type.Integer() });

export const LicenseFileText = Type.String({ minLength: 1, maxLength: 1_000_000, description: 'the license file, as text/plain' });

export const LicenseFileGrace = Type.Object({ licenseCode: Type.String(), startsAt: Type.String(), endsAt: Type.String(), orderNumber: Type.String() }, { description: "the grace key the file carries: it lifts the license's concurrency limit during the period" });

const fileHeader = {
  version: Type.Integer(),
  keyId: Type.String({ description: 'the vendor key that signed the file' }),
  customerCode: Nullable(Type.String({ description: 'null for a file loaded before the header was kept' })),
  customerName: Nullable(Type.String()),
  partnerId: Nullable(Type.String()),
  orderNumber: Nullable(Type.String()),
  issuedAt: Nullable(Type.String()),
  expiresAt: Type.String(),
  installationId: Nullable(Type.String({ description: 'the installation the file is bound to; null: any installation of the customer' })),
  grace: Type.Union([LicenseFileGrace, Type.Null()]),
};

export const LicenseFileHeader = Type.Object(fileHeader, { description: 'what a license file says about itself' });

export const LicenseFileDiffField = Type.Enum([...licenseFileDiffFields]);

const FieldValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.String()), Type.Null()]);

export const LicenseFileDiffEntry = Type.Object({
  code: Type.String(),
  name: Type.String(),
  model: Type.String(),
  product: Nullable(Type.String()),
  modules: Type.Union([Type.Array(Type.String()), Type.Null()]),
  solution: Nullable(Type.String()),
  quantity: Nullable(Type.Integer()),
  unlimited: Type.Boolean(),
  validFrom: Type.String(),
  validUntil: Nullable(Type.String()),
});

export const LicenseFileDiff = Type.Object(
  {
    added: Type.Array(LicenseFileDiffEntry),
    changed: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), changes: Type.Array(Type.Object({ field: LicenseFileDiffField, before: FieldValue, after: FieldValue })) })),
    removed: Type.Array(LicenseFileDiffEntry),
  },
  { description: "what the load does to the tenant's file-sourced licenses, each list sorted by code" },
);

export const LoadedFile = Type.Object({
  tenantId: Type.String(),
  version: Type.Integer(),
  licenses: Type.Integer({ description: 'how many licenses the file holds' }),
  status: Type.String({ description: "the tenant's status after the load" }),
  dryRun: Type.Boolean({ description: 'true: nothing was stored; this is what loading the file would do' }),
  file: LicenseFileHeader,
  changes: LicenseFileDiff,
});

export const LoadedFileInfo = Type.Object({
  installationId: Type.String(),
  loaded: Type.Union([Type.Object({ ...fileHeader, loadedAt: Type.String({ description: "when it was loaded (the tenant's now)" }) }), Type.Null()], {
    description: 'the file loaded last; it stays the version floor after every license is deleted',
  }),
});

export const RequestInput = Type.Object(
  { companyId: Type.String({ minLength: 1, maxLength: 100 }), targetVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) },
  { additionalProperties: false },
);

export const RequestFile = Type.Object({ request: Type.String(), installationId: Type.String() });

export const ImportedRequest = Type.Object({
  id: Type.String(),
  installationId: Type.String(),
  customerCode: Type.String(),
  companyId: Type.String(),
  targetVersion: Nullable(Type.String()),
  tenantId: Nullable(Type.String()),
  licenses: Type.Unknown(),
});

export const ReportInput = Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) }, { additionalProperties: false });

export const ReportFile = Type.Object({ report: Type.String(), installationId: Type.String() });

export const ReceivedReport = Type.Object({
  id: Type.String(),
  installationId: Type.String(),
  customerCode: Type.String(),
  from: Type.String(),
  to: Type.String(),
  keyId: Type.String(),
  duplicate: Type.Boolean({ description: 'true when this very report was received before: it is stored once, and this is that one' }),
  report: Type.Unknown(),
});
