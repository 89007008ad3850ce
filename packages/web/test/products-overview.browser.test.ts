import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleSuite, expectNoSeriousAxeViolations, generous, logInWithKey, logOut, overflowing, screenshot, tenantNav } from './support.js';

// The products overview of the Licenses page (Lucanet's licenses workspace), against a real
// `allot serve`: a solution's card carries the solution's name, a product a solution license
// grants modules of is licensed through it, the licensed count counts catalog products only,
// licenses read by name (their code beside it, never cut off), and a server license reads the
// same in its card and in the licenses table.

const adminToken = 'products-overview-test-admin-token-0123';
const customerCode = `PROD-${Date.now().toString(36).toUpperCase()}`;
const longCode = 'CRM-NAMED-USERS-PREMIUM-2026-EU-WEST-CONTRACT-7781';

describe('the products overview', () => {
  const ui = consoleSuite(adminToken);
  const { vendor } = ui;
  let page: Page;
  let tenantId = '';

  beforeAll(async () => {
    ({ page } = ui);
    await vendor('POST', '/v1/products', { code: 'crm', name: 'CRM Suite', modules: [{ code: 'core', name: 'Core' }, { code: 'cases', name: 'Cases' }] });
    await vendor('POST', '/v1/products', { code: 'bi', name: 'BI Studio', modules: [{ code: 'dashboards', name: 'Dashboards' }] });
    await vendor('POST', '/v1/products', { code: 'hr', name: 'HR Desk', modules: [{ code: 'payroll', name: 'Payroll' }] });
    await vendor('POST', '/v1/solutions', { code: 'svc-desk', name: 'Service Desk Solution', modules: ['crm:cases', 'bi:dashboards'] });
    tenantId = (await vendor('POST', '/v1/tenants', { name: 'Overview Products GmbH', customerCode })).id;
    const base = `/v1/tenants/${tenantId}`;
    await vendor('POST', `${base}/licenses`, { code: longCode, name: 'CRM named users', model: 'named', product: 'crm', quantity: 10, package: 'Premium' });
    await vendor('POST', `${base}/licenses`, { code: 'crm-site', name: 'CRM site license', model: 'server', product: 'crm' });
    await vendor('POST', `${base}/licenses`, { code: 'svc-desk-seats', name: 'Service desk seats', model: 'solution', solution: 'svc-desk', quantity: 5 });
  }, generous);

  it(
    'titles solution cards by name, counts licensed catalog products only, names licenses, and shows a server license alike in card and table, at 1366 and 390 px',
    async () => {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(`/tenants/${tenantId}`);
      await logInWithKey(page, adminToken);
      await page.getByRole('heading', { name: 'Overview Products GmbH' }).waitFor();
      await tenantNav(page).getByRole('link', { name: 'Licenses' }).click();
      const overview = page.getByRole('region', { name: 'Products overview' });
      const crm = overview.getByRole('article', { name: 'Product CRM Suite' });
      await crm.waitFor();

      // Three catalog products, two licensed (BI only through the solution); the solution is no
      // catalog product and is told apart.
      expect(await overview.textContent()).toContain('2 of 3 catalog products licensed, and licenses of 1 solution.');
      const bi = overview.getByRole('article', { name: 'Product BI Studio' });
      expect(await bi.textContent()).toContain('Licensed through the solution Service Desk Solution.');
      expect(await bi.textContent()).not.toContain('Not licensed');
      expect(await crm.textContent()).toContain('Also licensed through the solution Service Desk Solution.');

      // The solution's card: its name as the title, its code beside it, never `solution:<code>`.
      const solution = overview.getByRole('article', { name: 'Solution Service Desk Solution' });
      await solution.waitFor();
      expect(await solution.textContent()).toContain('Solution · svc-desk');
      expect(await overview.textContent()).not.toContain('solution:');
      await solution.getByRole('link', { name: 'Service desk seats' }).waitFor();

      // Licenses by name, with the whole code: nothing cut off with an ellipsis.
      const named = crm.getByRole('link', { name: 'CRM named users' });
      await named.waitFor();
      expect(await crm.textContent()).toContain(longCode);
      const cut = await crm.locator('.product-license-name, .product-license-name *').evaluateAll((elements) => elements.filter((e) => e.scrollWidth > e.clientWidth + 1).length);
      expect(cut).toBe(0);

      // A server license counts nobody: the same words in the card and in the table.
      const siteInCard = crm.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'CRM site license' }) });
      expect(await siteInCard.textContent()).toContain('Every user · not counted');
      const siteInTable = page.getByRole('table', { name: 'Licenses' }).getByRole('row', { name: /crm-site/ });
      expect(await siteInTable.textContent()).toContain('Every user · not counted');
      expect(await crm.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'CRM named users' }) }).textContent()).toContain('0 / 10');
      expect(await overview.getByRole('article', { name: 'Product HR Desk' }).textContent()).toContain('Not licensed');
      await expectNoSeriousAxeViolations(page);
      await overview.scrollIntoViewIfNeeded();
      await screenshot(page, 'allot-console-products-overview-1366');

      await page.setViewportSize({ width: 390, height: 844 });
      expect(await solution.isVisible()).toBe(true);
      expect(await named.isVisible()).toBe(true);
      expect(await crm.textContent()).toContain(longCode);
      expect(await overflowing(page)).toEqual([]);
      await expectNoSeriousAxeViolations(page);
      await screenshot(page, 'allot-console-products-overview-390');
      await page.setViewportSize({ width: 1366, height: 900 });
      await logOut(page);
    },
    generous,
  );
});
