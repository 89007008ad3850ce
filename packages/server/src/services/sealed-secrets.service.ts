import { replacePrivateKey, replaceWebhookSecret, signingKeys, webhookSecrets, type Db } from '@allot/storage';
import { isSealed, webhookSecretLabel, type SecretKey } from '../security/secret-key.js';

/** What kind of secret a sealed value is. */
export type SealedSecretKind = 'signing_key' | 'webhook_secret';

/** One stored secret: its row, and the text stored for it (sealed, or plain from an older version). */
interface StoredSecret {
  id: string;
  stored: string;
}

/**
 * A column that holds secrets sealed under the secret key: every such column is listed here, so
 * that a rotation of the secret key seals all of them again and none is forgotten.
 */
interface SealedColumn {
  kind: SealedSecretKind;
  /** What the envelope is bound to: a value sealed for one row opens only there. */
  label(id: string): string;
  rows(db: Db): Promise<StoredSecret[]>;
  /** Writes `to` only while the row still holds `from` (a guarded update); answers whether it did. */
  replace(db: Db, id: string, from: string, to: string): Promise<boolean>;
}

/** The envelope of a private signing key names its row (`signing_keys.id`, the key id). */
export const signingKeyLabel = (keyId: string): string => `signing-key:${keyId}`;

const sealedColumns: readonly SealedColumn[] = [
  {
    kind: 'signing_key',
    label: signingKeyLabel,
    rows: async (db) => {
      const keys = [...(await signingKeys(db, 'vendor')), ...(await signingKeys(db, 'installation'))];
      return keys.map((key) => ({ id: key.id, stored: key.sealedPrivateKey }));
    },
    replace: replacePrivateKey,
  },
  {
    kind: 'webhook_secret',
    label: webhookSecretLabel,
    rows: async (db) => (await webhookSecrets(db)).map((hook) => ({ id: hook.id, stored: hook.secret })),
    replace: replaceWebhookSecret,
  },
];

/** A stored secret named by its kind and row. */
export interface SecretRef {
  kind: SealedSecretKind;
  id: string;
}

export interface Resealed {
  /** Secrets sealed now: plain text of an older version, or sealed under the previous secret key. */
  sealed: SecretRef[];
  /** Secrets neither the secret key nor the previous one opens (left as they are). */
  closed: SecretRef[];
}

/**
 * Seals every stored secret under `current`, at start-up: plain text an older version stored, and
 * what was sealed under `previous` (`ALLOT_PREVIOUS_SECRET_KEY`, during a rotation of the secret
 * key). Each row is written by a guarded update, so that nodes starting at once seal it once and a
 * second start finds nothing to do. What no key opens is left alone and answered in `closed`: the
 * caller decides whether that stops the start.
 */
export async function resealSecrets(db: Db, current: SecretKey, previous: SecretKey | null): Promise<Resealed> {
  const sealed: SecretRef[] = [];
  const closed: SecretRef[] = [];
  for (const column of sealedColumns) {
    for (const row of await column.rows(db)) {
      const label = column.label(row.id);
      if (isSealed(row.stored) && current.open(row.stored, label).opened) continue;
      const outcome = isSealed(row.stored) ? previous?.open(row.stored, label) : { opened: true as const, text: row.stored };
      if (outcome?.opened !== true) {
        closed.push({ kind: column.kind, id: row.id });
        continue;
      }
      if (await column.replace(db, row.id, row.stored, current.seal(outcome.text, label))) sealed.push({ kind: column.kind, id: row.id });
    }
  }
  return { sealed, closed };
}
