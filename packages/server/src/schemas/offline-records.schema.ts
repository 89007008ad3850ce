import Type from 'typebox';
import { Nullable, Timestamp } from './common.js';

const Facts = {
  id: Type.String(),
  installationId: Type.String(),
  customerCode: Type.String(),
  tenantId: Nullable(Type.String({ description: 'the tenant with this customer code on this server, if any' })),
};

export const OfflineRecordFilters = {
  customerCode: Type.Optional(Type.String({ maxLength: 100 })),
  installationId: Type.Optional(Type.String({ maxLength: 100 })),
};

export const LicenseRequestRecord = Type.Object({
  ...Facts,
  companyId: Type.String(),
  targetVersion: Nullable(Type.String()),
  importedAt: Timestamp,
});

export const LicenseRequestDetail = Type.Object({ ...LicenseRequestRecord.properties, request: Type.Unknown({ description: 'the request as imported: licenses and their use' }) });

export const UsageReportRecord = Type.Object({
  ...Facts,
  from: Type.String({ description: 'start of the reported period' }),
  to: Type.String({ description: 'end of the reported period' }),
  receivedAt: Timestamp,
});

export const UsageReportDetail = Type.Object({ ...UsageReportRecord.properties, report: Type.Unknown({ description: 'the report as verified: hits, data, peak sessions, denials' }) });
