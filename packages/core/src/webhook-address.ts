/**
 * Where a webhook may point. A tenant's own admins may only reach public addresses, so that a
 * webhook cannot be turned into a probe of the server's own network (SSRF); a vendor admin may
 * point one anywhere. Pure functions over the URL text and the addresses a host name resolves to;
 * the resolving is the server's business.
 */

/** What kind of address an IP is; everything but `public` is refused for a tenant's webhook. */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'unspecified'
  | 'multicast'
  | 'metadata'
  | 'reserved'
  | 'invalid';

const kindWords: Record<AddressKind, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private address',
  link_local: 'a link-local address',
  cgnat: 'a shared (CGNAT) address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  metadata: 'a cloud metadata address',
  reserved: 'a reserved address',
  invalid: 'not an IP address',
};

/** "a loopback address", for an error's detail. */
export function describeAddressKind(kind: AddressKind): string {
  return kindWords[kind];
}

// Instance metadata services of the big clouds (AWS, ECS, Alibaba, Oracle; AWS over IPv6).
const metadataAddresses = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192', 'fd00:ec2::254']);

/** `a.b.c.d` as an unsigned 32-bit number, or null. Only the dotted-quad form (what URLs and resolvers give). */
export function parseIPv4(text: string): number | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (match === null) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(match[i]);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** The eight 16-bit groups of an IPv6 address (a zone `%eth0` dropped, an embedded IPv4 tail read), or null. */
export function parseIPv6(text: string): number[] | null {
  let rest = text.replace(/^\[|\]$/g, '');
  const zone = rest.indexOf('%');
  if (zone >= 0) rest = rest.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(rest) || rest.split('::').length > 2) return null;
  const parseGroups = (part: string, last: boolean): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (piece.includes('.')) {
        // An IPv4 tail takes the last two groups, and only at the end.
        const v4 = last && i === pieces.length - 1 ? parseIPv4(piece) : null;
        if (v4 === null) return null;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const [head = '', tail] = rest.split('::');
  const before = parseGroups(head, tail === undefined);
  const after = tail === undefined ? [] : parseGroups(tail, true);
  if (before === null || after === null) return null;
  if (tail === undefined) return before.length === 8 ? before : null;
  const missing = 8 - before.length - after.length;
  if (missing < 1) return null;
  return [...before, ...Array.from({ length: missing }, () => 0), ...after];
}

type Range4 = [base: string, bits: number, kind: AddressKind];

// Longest prefixes first where ranges nest; anything not listed is public.
const ranges4: Range4[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function kindOfIPv4(value: number): AddressKind {
  for (const [base, bits, kind] of ranges4) {
    const size = 2 ** (32 - bits);
    const start = parseIPv4(base) ?? 0;
    if (value >= start && value < start + size) return kind;
  }
  return 'public';
}

function ipv4Text(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function classifyIPv4(value: number): AddressKind {
  return metadataAddresses.has(ipv4Text(value)) ? 'metadata' : kindOfIPv4(value);
}

/** Whether the first `bits` bits of `groups` equal those of `prefix`. */
function inPrefix(groups: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if (((groups[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function classifyIPv6(groups: number[]): AddressKind {
  const canonical = groups.map((g) => g.toString(16)).join(':');
  if (canonical === 'fd00:ec2:0:0:0:0:0:254') return 'metadata';
  const embedded = (hi: number, lo: number) => classifyIPv4((groups[hi] ?? 0) * 65536 + (groups[lo] ?? 0));
  if (groups.every((g) => g === 0)) return 'unspecified';
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach an IPv4 address.
  if (inPrefix(groups, [0, 0, 0, 0, 0, 0xffff], 96)) return embedded(6, 7);
  if (inPrefix(groups, [0, 0, 0, 0, 0, 0], 96)) return embedded(6, 7);
  if (inPrefix(groups, [0x64, 0xff9b, 0, 0, 0, 0], 96)) return embedded(6, 7);
  if (inPrefix(groups, [0x64, 0xff9b, 1], 48)) return 'private';
  // 6to4 carries its IPv4 address in the second and third groups.
  if (inPrefix(groups, [0x2002], 16)) return embedded(1, 2);
  if (inPrefix(groups, [0x2001, 0xdb8], 32)) return 'reserved';
  if (inPrefix(groups, [0x2001], 23)) return 'reserved';
  if (inPrefix(groups, [0xfc00], 7)) return 'private';
  if (inPrefix(groups, [0xfe80], 10)) return 'link_local';
  if (inPrefix(groups, [0xfec0], 10)) return 'private';
  if (inPrefix(groups, [0xff00], 8)) return 'multicast';
  // Only 2000::/3 is handed out as global unicast.
  return inPrefix(groups, [0x2000], 3) ? 'public' : 'reserved';
}

/**
 * What kind of address an IPv4 or IPv6 address (text) is.
 *
 * @example
 * classifyAddress('169.254.169.254') // 'metadata'
 * classifyAddress('::ffff:10.0.0.1') // 'private'
 * classifyAddress('93.184.216.34') // 'public'
 */
export function classifyAddress(address: string): AddressKind {
  const v4 = parseIPv4(address);
  if (v4 !== null) return classifyIPv4(v4);
  const v6 = parseIPv6(address);
  return v6 === null ? 'invalid' : classifyIPv6(v6);
}

/** The host of a URL as a resolver or a socket takes it: an IPv6 literal without its brackets. */
export function hostOfUrl(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Why a webhook URL is refused before any address is looked at. */
export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; detail: string };

/** The longest URL a webhook takes. */
export const webhookUrlMaxLength = 2048;

/**
 * Checks the shape of a webhook URL: absolute, `http` or `https`, a host, and no user name or
 * password (a secret in a URL ends up in logs; the signature is what authenticates Allot).
 *
 * @example
 * checkWebhookUrl('ftp://example.com/') // { ok: false, detail: 'A webhook URL must use http or https.' }
 */
export function checkWebhookUrl(text: string): WebhookUrlCheck {
  if (text.length > webhookUrlMaxLength) return { ok: false, detail: `A webhook URL is at most ${webhookUrlMaxLength} characters.` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, detail: 'The webhook URL is not an absolute URL.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, detail: 'A webhook URL must use http or https.' };
  if (url.username !== '' || url.password !== '') return { ok: false, detail: 'A webhook URL may not carry a user name or password.' };
  if (hostOfUrl(url) === '') return { ok: false, detail: 'A webhook URL needs a host.' };
  return { ok: true, url };
}

/**
 * Of the addresses a host resolved to, the first one a tenant's webhook may not reach, or null
 * when every one is public. Every address is checked, not just the one a client would pick.
 *
 * @example
 * firstRefusedAddress(['93.184.216.34', '127.0.0.1']) // { address: '127.0.0.1', kind: 'loopback' }
 */
export function firstRefusedAddress(addresses: readonly string[]): { address: string; kind: AddressKind } | null {
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (kind !== 'public') return { address, kind };
  }
  return null;
}
