import { openStore } from '@allot/storage';
import { buildApp } from './app.js';
import { withNamedComponents } from './openapi-components.js';
import { SecretKey } from './security/secret-key.js';
import { systemClock } from './services/context.js';

/** The OpenAPI 3.1 document, built from the route schemas (committed as `openapi.json`). */
export async function openApiDocument(): Promise<object> {
  const store = openStore({ sqlitePath: ':memory:' });
  // Only the routes' schemas are read: the throw-away key seals nothing.
  const app = await buildApp({ store, clock: systemClock, secretKey: SecretKey.generate(), adminToken: undefined, secureCookies: false });
  try {
    return withNamedComponents(app.swagger() as never);
  } finally {
    await app.close();
    await store.close();
  }
}
