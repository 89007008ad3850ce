import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { errorResponses, TenantParams } from '../schemas/common.js';
import { DryRunQuery } from '../schemas/license.schema.js';
import {
  ImportedRequest,
  IssuedFile,
  IssueFile,
  LicenseFileText,
  LoadedFile,
  LoadedFileInfo,
  ReceivedReport,
  ReportFile,
  ReportInput,
  RequestFile,
  RequestInput,
  VendorPublicKey,
} from '../schemas/license-file.schema.js';
import { deleteAllLicenses, issueLicenseFile, licenseFileInfo, loadLicenseFile } from '../services/license-file.service.js';
import { createLicenseRequest, createUsageReport, importLicenseRequest, receiveUsageReport } from '../services/offline.service.js';
import { keyRing, rotateVendorKey, type KeyRing } from '../services/signing-keys.service.js';

const tags = ['license files'];
const problem = errorResponses[409];

function publicKeys(ring: KeyRing) {
  return {
    keyId: ring.current.keyId,
    algorithm: 'Ed25519' as const,
    publicKeyPem: ring.current.publicPem,
    previous: ring.previous.map((k) => ({ keyId: k.keyId, publicKeyPem: k.publicPem })),
  };
}

export function licenseFileRoutes(app: App, deps: AppDeps): void {
  const trust = { vendorPublicKeys: deps.vendorPublicKeys, licenseFileKey: deps.licenseFileKey };
  app.get(
    '/v1/vendor/public-key',
    { config: { public: true }, schema: { tags, summary: "The vendor's Ed25519 public key (and retired ones)", response: { 200: VendorPublicKey } } },
    async () => publicKeys(await keyRing(deps.store.db, 'vendor')),
  );
  app.get(
    '/v1/installation/public-key',
    {
      config: { public: true },
      schema: { tags, summary: "This installation's Ed25519 public key (and retired ones): it signs license requests, usage reports and borrow leases", response: { 200: VendorPublicKey } },
    },
    async () => publicKeys(await keyRing(deps.store.db, 'installation')),
  );
  app.post(
    '/v1/vendor/keys/rotate',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: 'Make a new signing key current; the old one stays trusted (written to the audit log)', response: { 200: VendorPublicKey, ...errorResponses } } },
    async (request) => publicKeys(await rotateVendorKey(contextOf(request, deps))),
  );
  app.post(
    '/v1/tenants/:t/license-file',
    { config: { permission: 'vendor.manage' }, schema: { tags, summary: "Issue a signed license file of the tenant's licenses (vendor)", params: TenantParams, body: IssueFile, response: { 200: IssuedFile, ...errorResponses } } },
    async (request) => {
      const issued = await issueLicenseFile(contextOf(request, deps), tenantOf(request), request.body);
      return { file: issued.file, keyId: issued.keyId, version: issued.payload.version };
    },
  );
  app.put(
    '/v1/tenants/:t/license-file',
    {
      config: { permission: 'licenses.manage' },
      schema: {
        tags,
        summary: 'Load a license file (body: the file as text/plain); a refusal changes nothing. dryRun answers the licenses it would add, change and remove, and stores nothing',
        params: TenantParams,
        querystring: DryRunQuery,
        body: LicenseFileText,
        response: { 200: LoadedFile, ...errorResponses, 422: problem },
      },
    },
    async (request) => {
      const { tenant, ...loaded } = await loadLicenseFile(contextOf(request, deps), tenantOf(request), request.body, trust, request.query.dryRun === true);
      return { tenantId: tenant.id, status: tenant.status, ...loaded };
    },
  );
  app.get(
    '/v1/tenants/:t/license-file',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: 'The loaded license file and this installation', params: TenantParams, response: { 200: LoadedFileInfo, ...errorResponses } } },
    async (request) => {
      const { installationId, loaded } = await licenseFileInfo(contextOf(request, deps), tenantOf(request));
      if (loaded === null) return { installationId, loaded: null };
      const { tenantId: _tenant, ...fields } = loaded;
      return { installationId, loaded: fields };
    },
  );
  app.delete(
    '/v1/tenants/:t/licenses',
    { config: { permission: 'licenses.manage' }, schema: { tags, summary: 'Delete every license: the tenant goes to demo mode', params: TenantParams, response: { 200: Type.Object({ removed: Type.Integer() }), ...errorResponses } } },
    async (request) => deleteAllLicenses(contextOf(request, deps), tenantOf(request)),
  );
  app.post(
    '/v1/tenants/:t/license-request',
    { config: { permission: 'licenses.manage' }, schema: { tags, summary: 'A license request file naming this installation', params: TenantParams, body: RequestInput, response: { 200: RequestFile, ...errorResponses } } },
    async (request) => createLicenseRequest(contextOf(request, deps), tenantOf(request), request.body),
  );
  app.post(
    '/v1/license-requests',
    {
      config: { permission: 'vendor.manage' },
      schema: { tags, summary: "Import a license request (body: the file as text/plain); its installation's key is trusted for usage reports", body: LicenseFileText, response: { 200: ImportedRequest, ...errorResponses, 422: problem } },
    },
    async (request) => importLicenseRequest(contextOf(request, deps), request.body),
  );
  app.post(
    '/v1/tenants/:t/usage-report',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: 'A usage report of a period, signed by this installation', params: TenantParams, body: ReportInput, response: { 200: ReportFile, ...errorResponses } } },
    async (request) => createUsageReport(contextOf(request, deps), tenantOf(request), request.body),
  );
  app.post(
    '/v1/usage-reports',
    {
      config: { permission: 'vendor.manage' },
      schema: {
        tags,
        summary: 'Verify a usage report against the installation keys learned from license requests, and store it once (body: the report as text/plain)',
        body: LicenseFileText,
        response: { 200: ReceivedReport, ...errorResponses, 422: problem },
      },
    },
    async (request) => receiveUsageReport(contextOf(request, deps), request.body),
  );
}
