import { lookup } from 'node:dns/promises';
import { classifyAddress, describeAddressKind, firstRefusedAddress, hostOfUrl } from '@allot/core';

/** An address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has; tests replace it to play a DNS that changes. */
export type HostResolver = (host: string) => Promise<ResolvedAddress[]>;

/** The operating system's resolver (what any other client on this machine would reach). */
export const systemResolver: HostResolver = async (host) => {
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Where a delivery may connect: the checked address to pin the connection to, or null to let the client resolve. */
export type TargetCheck = { ok: true; pinned: ResolvedAddress | null } | { ok: false; detail: string };

const resolveTimeoutMs = 5000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Checks where a webhook URL leads. With `publicOnly` (a URL a tenant's admin set) the host is
 * resolved here and every address it has must be public; the connection is then pinned to the
 * checked address, so that no second lookup between the check and the connect can lead elsewhere
 * (DNS rebinding). Without it (the vendor's own URLs) anything goes and the client resolves.
 */
export async function checkWebhookTarget(url: URL, publicOnly: boolean, resolve: HostResolver = systemResolver): Promise<TargetCheck> {
  const host = hostOfUrl(url);
  const literal = classifyAddress(host);
  if (literal !== 'invalid') {
    if (publicOnly && literal !== 'public') {
      return { ok: false, detail: `The URL points at ${host}, ${describeAddressKind(literal)}; a tenant's webhook may only reach public addresses.` };
    }
    return { ok: true, pinned: { address: host, family: host.includes(':') ? 6 : 4 } };
  }
  if (!publicOnly) return { ok: true, pinned: null };
  let addresses: ResolvedAddress[];
  try {
    addresses = await withTimeout(resolve(host), resolveTimeoutMs);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, detail: `The host ${host} could not be resolved${typeof code === 'string' ? ` (${code})` : ''}.` };
  }
  if (addresses.length === 0) return { ok: false, detail: `The host ${host} has no address.` };
  const refused = firstRefusedAddress(addresses.map((a) => a.address));
  if (refused !== null) {
    return {
      ok: false,
      detail: `The host ${host} resolves to ${refused.address}, ${describeAddressKind(refused.kind)}; a tenant's webhook may only reach public addresses.`,
    };
  }
  return { ok: true, pinned: addresses[0] ?? null };
}
