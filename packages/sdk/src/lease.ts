import { leaseAllows, readLease, type LeasePayload, type SignedBlockRefusal } from '@allot/core';
import { trustedKeys } from './license-file.js';

/**
 * A borrow lease whose signature holds: whose borrow it is, of which modules, from when until when,
 * and `allows(module, at)`, answered by core's rule `leaseAllows`.
 */
export class VerifiedLease {
  readonly valid = true;
  /** The installation key that signed it. */
  readonly keyId: string;
  readonly borrowId: string;
  readonly installationId: string;
  readonly tenantId: string;
  readonly customerCode: string;
  readonly userId: string;
  readonly sessionId: string;
  /** `product:module` each. */
  readonly modules: string[];
  /** The borrow's start and end (ISO instants): it allows from `from` until, not including, `until`. */
  readonly from: string;
  readonly until: string;
  readonly #payload: LeasePayload;

  constructor(keyId: string, payload: LeasePayload) {
    this.keyId = keyId;
    this.borrowId = payload.borrowId;
    this.installationId = payload.installationId;
    this.tenantId = payload.tenantId;
    this.customerCode = payload.customerCode;
    this.userId = payload.userId;
    this.sessionId = payload.sessionId;
    this.modules = [...payload.modules];
    this.from = payload.from;
    this.until = payload.until;
    this.#payload = payload;
  }

  /**
   * Whether the lease lets its user use `module` (`product:module`) at `at` (default now): one of
   * its modules, within the borrow. It says nothing of a return made since: offline, nobody knows.
   *
   * @example
   * if (lease.valid && lease.allows('pss2:desk')) startDesk();
   */
  allows(module: string, at: Date | string = new Date()): boolean {
    return leaseAllows(this.#payload, module, typeof at === 'string' ? at : at.toISOString());
  }
}

export type LeaseVerdict = VerifiedLease | { valid: false; reason: SignedBlockRefusal; detail: string };

/**
 * Verifies a borrow lease offline, with the installation's public key(s) alone (PEM or base64, as
 * `AllotClient.installationPublicKeys()` answers them while online), and answers the borrow and
 * `allows(module, at)`. A lease that does not verify (changed, signed by a key not given, not a
 * lease) is a verdict with its reason; only a public key that cannot be read throws.
 *
 * @example
 * const lease = verifyLease(savedLeaseText, pinnedInstallationKeys);
 * if (lease.valid && lease.allows('pss2:desk')) console.log(`borrowed until ${lease.until}`);
 * else if (!lease.valid) console.log(`lease refused: ${lease.reason}`);
 */
export function verifyLease(text: string, publicKeys: string | readonly string[]): LeaseVerdict {
  const check = readLease(text, trustedKeys(publicKeys));
  return check.valid ? new VerifiedLease(check.keyId, check.payload) : check;
}
