import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { tenantOf } from '../http/auth.js';
import { errorResponses, TenantParams } from '../schemas/common.js';
import { commerceComponents, ContractBody, ContractRef } from '../schemas/commerce.schema.js';
import { getContract, setContract } from '../services/contract.service.js';

const tags = ['commerce'];

export function commerceRoutes(app: App, deps: AppDeps): void {
  for (const [name, shape] of Object.entries(commerceComponents)) app.addSchema({ ...shape, $id: name });
  app.put(
    '/v1/tenants/:t/contract',
    {
      config: { permission: 'vendor.manage' },
      schema: {
        tags,
        summary: "Set the tenant's contract: currency, billing period, term and priced components (vendor)",
        description: 'Replaces the contract whole. Each component raises the quantity of the tenant license named by `licenseCode` (422 `unknown_license` when the tenant has none); `unitPrice` is in minor units per unit per billing period.',
        params: TenantParams,
        body: ContractBody,
        response: { 200: ContractRef, ...errorResponses, 422: errorResponses[409] },
      },
    },
    async (request) => setContract(contextOf(request, deps), tenantOf(request), request.body),
  );
  app.get(
    '/v1/tenants/:t/contract',
    { config: { permission: 'licenses.read' }, schema: { tags, summary: "The tenant's contract (404 when none is set)", params: TenantParams, response: { 200: ContractRef, ...errorResponses } } },
    async (request) => getContract(contextOf(request, deps), tenantOf(request)),
  );

}
