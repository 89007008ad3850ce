import { describe, expect, it } from 'vitest';
import { clusterSuite } from '../../../test-support/cluster.js';
import { dialects } from '../../../test-support/databases.js';
import { adminToken } from '../../../test-support/http.js';
import { callNode } from '../../../test-support/processes.js';

const guesses = 90;

async function logIn(url: string, body: Record<string, string>): Promise<number> {
  const response = await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.text();
  return response.status;
}

describe.each(dialects.filter((d) => d === 'postgres'))('login limit under a race on three server processes (%s)', () => {
  const cluster = clusterSuite();

  it(`checks at most 5 of ${guesses} wrong passwords raced over three nodes, by tenant id and customer code`, async () => {
    const { nodes } = cluster;
    const urls = nodes.map((node) => node.url);
    const first = urls[0] as string;
    const tenant = await callNode(first, 'POST', '/v1/tenants', adminToken, { name: 'Login race', customerCode: `LOGINRACE${Date.now()}` });
    const tenantId = tenant.body.id as string;
    const customerCode = tenant.body.customerCode as string;
    const user = await callNode(first, 'POST', `/v1/tenants/${tenantId}/users`, adminToken, { email: 'target@example.com', name: 'Target', password: 'the-right-password' });
    expect(user.status).toBe(201);

    const answers = await Promise.all(
      Array.from({ length: guesses }, (_, i) =>
        logIn(urls[i % urls.length] as string, { tenant: i % 2 === 0 ? tenantId : customerCode, email: 'target@example.com', password: `guess-${i}` }),
      ),
    );
    const checked = answers.filter((status) => status === 401).length;
    const refused = answers.filter((status) => status === 429).length;
    // A 401 is a password that was hashed and compared; a 429 was refused before that.
    expect(checked).toBeLessThanOrEqual(5);
    expect(checked + refused).toBe(guesses);
    for (const url of urls) expect(await logIn(url, { tenant: customerCode, email: 'target@example.com', password: 'the-right-password' })).toBe(429);
  }, 120_000);
});
