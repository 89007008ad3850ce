import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Shared by the browser suites: each starts its own `allot serve` child process and its own
// Chromium, and drives the console through the same login forms and navigation.

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = '/tmp';
export const generous = 120_000;

export interface Console {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far; a flow leaves it empty. */
  problems: string[];
}

/** Headless Chromium on the server's origin, collecting what the page throws or logs as an error. */
export async function openConsole(baseURL: string): Promise<Console> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ baseURL, viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  // A console that throws or logs errors is broken even when the page looks right.
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every non-2xx answer as a failed load; the flows expect some (401, 409, 429).
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  return { browser, context, page, problems };
}

export async function logInWithKey(page: Page, key: string): Promise<void> {
  await page.getByRole('tab', { name: 'API key' }).click();
  await page.getByLabel('API key', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Log in' }).click();
}

export async function logInAsUser(page: Page, tenant: string, email: string, password: string): Promise<void> {
  await page.getByRole('tab', { name: 'Tenant user' }).click();
  const form = page.getByRole('form', { name: 'Tenant user login' });
  await form.getByLabel('Tenant', { exact: true }).fill(tenant);
  await form.getByLabel('Email', { exact: true }).fill(email);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
}

/** The sidebar's links of the open tenant. */
export function tenantNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('region', { name: /^Tenant / });
}

/** A full-page screenshot from the top, so that the sticky bars sit where they belong. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${screenshotDir}/${name}.png`, fullPage: true });
}
