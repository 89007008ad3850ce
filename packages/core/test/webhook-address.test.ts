import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, classifyAddress, firstRefusedAddress, parseIPv6, type AddressKind } from '../src/webhook-address.js';

describe('classifyAddress', () => {
  it.each<[string, AddressKind]>([
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.10.10', 'link_local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['192.0.0.192', 'metadata'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['203.0.113.5', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['febf::1', 'link_local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:93.184.216.34', 'public'],
    ['::10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:0808:0808::1', 'public'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:81b::200e', 'public'],
    ['4000::1', 'reserved'],
    ['not-an-ip', 'invalid'],
    ['256.1.1.1', 'invalid'],
    ['1.2.3', 'invalid'],
    ['1::2::3', 'invalid'],
    ['1:2:3:4:5:6:7:8:9', 'invalid'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('reads an IPv4 tail and a zone', () => {
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIPv6('fe80::1%25lo')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6('1.2.3.4::')).toBeNull();
  });
});

describe('checkWebhookUrl', () => {
  it.each<[string, string | null]>([
    ['https://hooks.example.com/allot', null],
    ['http://93.184.216.34:8080/x?y=1', null],
    ['ftp://example.com/', 'must use http or https'],
    ['file:///etc/passwd', 'must use http or https'],
    ['javascript:alert(1)', 'must use http or https'],
    ['https://user:pw@example.com/', 'user name or password'],
    ['https://user@example.com/', 'user name or password'],
    ['example.com/hook', 'not an absolute URL'],
    ['', 'not an absolute URL'],
    [`https://example.com/${'a'.repeat(2100)}`, 'at most 2048'],
  ])('%s', (text, problem) => {
    const check = checkWebhookUrl(text);
    if (problem === null) expect(check.ok).toBe(true);
    else expect(check.ok === false && check.detail).toContain(problem);
  });

  it('normalises the numeric spellings of an address, so that they are classified as what they reach', () => {
    for (const text of ['http://2130706433/', 'http://0x7f.1/', 'http://0177.0.0.1/', 'http://127.1/']) {
      const check = checkWebhookUrl(text);
      expect(check.ok && check.url.hostname).toBe('127.0.0.1');
    }
  });
});

describe('firstRefusedAddress', () => {
  it('looks at every address a host resolves to', () => {
    expect(firstRefusedAddress(['93.184.216.34', '2606:4700:4700::1111'])).toBeNull();
    expect(firstRefusedAddress(['93.184.216.34', '127.0.0.1'])).toEqual({ address: '127.0.0.1', kind: 'loopback' });
    expect(firstRefusedAddress([])).toBeNull();
  });
});
