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

export const LoadedFile = Type.Object({ tenantId: Type.String(), version: Type.Integer(), licenses: Type.Integer(), status: Type.String() });

export const LoadedFileInfo = Type.Object({
  installationId: Type.String(),
  loaded: Type.Union([Type.Object({ version: Type.Integer(), keyId: Type.String(), orderNumber: Nullable(Type.String()), expiresAt: Type.String(), loadedAt: Type.String() }), Type.Null()]),
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
