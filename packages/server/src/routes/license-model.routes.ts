import { allModelSpecs } from '@allot/core';
import Type from 'typebox';
import type { App } from '../http/app-types.js';
import { LicenseModelSpec } from '../schemas/license-model.schema.js';

/** The description of every license model, read by the console for its labels and rules. */
export function licenseModelRoutes(app: App): void {
  app.get(
    '/v1/license-models',
    {
      config: { public: true },
      schema: { tags: ['licenses'], summary: 'What each license model counts, its unit, its own fields and defaults, and from which quantity it is unlimited', response: { 200: Type.Object({ models: Type.Array(LicenseModelSpec) }) } },
    },
    async () => ({ models: allModelSpecs.map((spec) => ({ ...spec, fields: [...spec.fields] })) }),
  );
}
