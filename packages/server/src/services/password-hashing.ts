import { AllotError } from '@allot/core';
import { hashPassword } from '../security/secrets.js';

/**
 * How many password hashes (scrypt, 16 MiB and tens of milliseconds each) this process computes
 * at once, whoever asks: logins, password re-entries, purchase confirmations, new passwords. Twice
 * libuv's four hashing threads keeps them busy while bounding any one hash's wait to a few hash
 * times; above the per-address cap (8), so that one address alone never fills it.
 */
export const hashingAtOnce = 16;

/**
 * Places for password hashing in this process. Per process rather than per store: the CPU and
 * the thread pool it protects are the process's, however many stores (nodes in a test) it runs.
 */
export class HashingSlots {
  #running = 0;

  constructor(readonly capacity: number) {}

  /** Takes a place, or answers false at once when all are taken. */
  tryEnter(): boolean {
    if (this.#running >= this.capacity) return false;
    this.#running += 1;
    return true;
  }

  leave(): void {
    this.#running = Math.max(0, this.#running - 1);
  }

  get running(): number {
    return this.#running;
  }
}

export const hashingSlots = new HashingSlots(hashingAtOnce);

/** The refusal when every place is taken: at once, so that a flood cannot queue up hashing without bound. */
export function hashingBusy(): AllotError {
  return new AllotError('too_many_attempts', 'The server is checking too many passwords at once; try again in a moment.', { retryAfterSeconds: 1 });
}

/**
 * Runs `work` (which hashes a password) in a place of `slots`, or refuses at once (429
 * `too_many_attempts`, `Retry-After: 1`).
 *
 * @example
 * const hash = await withHashingSlot(() => hashPassword(password));
 */
export async function withHashingSlot<T>(work: () => Promise<T>, slots: HashingSlots = hashingSlots): Promise<T> {
  if (!slots.tryEnter()) throw hashingBusy();
  try {
    return await work();
  } finally {
    slots.leave();
  }
}

/** The stored hash of a new password, computed in a hashing place. */
export function hashNewPassword(password: string): Promise<string> {
  return withHashingSlot(() => hashPassword(password));
}
