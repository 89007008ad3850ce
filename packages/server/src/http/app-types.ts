import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Store } from '@allot/storage';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import { principalOf } from './auth.js';
import type { SecretKey } from '../security/secret-key.js';
import type { Clock, ServiceContext } from '../services/context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Compiles the routes' validators and serializers not used yet (`http/compile-on-first-use.ts`), answering how many. */
    compilePending(): number;
  }
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** What the HTTP layer needs from the outside. */
export interface AppDeps {
  store: Store;
  clock: Clock;
  /** Seals and opens private signing keys (`ALLOT_SECRET_KEY` or `secret.key`). */
  secretKey: SecretKey;
  adminToken: string | undefined;
  secureCookies: boolean;
  /** Runs the per-tenant jobs of a tenant whose test clock moved. */
  onClockMoved?: (tenantId: string) => Promise<void>;
  /** `ALLOT_VENDOR_PUBLIC_KEY`: extra vendor keys trusted for license files. */
  vendorPublicKeys?: string | undefined;
  /** `ALLOT_LICENSE_FILE_KEY`: base64 key for encrypted license files. */
  licenseFileKey?: string | undefined;
  /** The built console (`packages/web/dist`); absent when not built. */
  webRoot?: string | undefined;
}

/** The service context of a guarded request. */
export function contextOf(request: FastifyRequest, deps: AppDeps): ServiceContext {
  return { store: deps.store, clock: deps.clock, secretKey: deps.secretKey, principal: principalOf(request), requestId: String(request.id) };
}
