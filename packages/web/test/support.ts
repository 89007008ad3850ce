import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { callNode, startServerProcess, type ServerProcess } from '../../../test-support/processes.js';

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
  // Every console path the flow reaches is checked again when it logs out (see `checkVisitedPages`).
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    const { pathname } = new URL(frame.url());
    if (pathname !== '/' && pathname !== '/login') visited(page).add(pathname);
  });
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

/** Logs out, after checking every page the flow visited (axe at 1366 px, width at 390 px); the login page is checked too. */
export async function logOut(page: Page): Promise<void> {
  await checkVisitedPages(page);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
  await expectNoSeriousAxeViolations(page);
}

const visitedPaths = new WeakMap<Page, Set<string>>();
function visited(page: Page): Set<string> {
  let paths = visitedPaths.get(page);
  if (paths === undefined) visitedPaths.set(page, (paths = new Set()));
  return paths;
}

/** Waits until the page has its heading and nothing is loading any more. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null && !document.body.textContent?.includes('Loading…'));
}

/** The serious and critical axe violations on the page as it is now, one line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page), `axe on ${new URL(page.url()).pathname}`).toEqual([]);
}

/**
 * Opens each console page the flow has visited since the last check, anew: axe finds no serious or
 * critical violation at 1366 px, and nothing is wider than a 390 px screen. The viewport is restored.
 */
export async function checkVisitedPages(page: Page): Promise<void> {
  const paths = [...visited(page)];
  visited(page).clear();
  const viewport = page.viewportSize();
  const found: string[] = [];
  for (const path of paths) {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(path);
    await settled(page);
    found.push(...(await seriousAxeViolations(page)).map((line) => `${path} axe ${line}`));
    await page.setViewportSize({ width: 390, height: 844 });
    // Charts follow a resize a moment later (ResizeObserver): give the layout up to two seconds.
    let wide = await overflowing(page);
    for (let tries = 0; wide.length > 0 && tries < 10; tries++) {
      await page.waitForTimeout(200);
      wide = await overflowing(page);
    }
    found.push(...wide.map((element) => `${path} at 390 px: ${element}`));
  }
  visited(page).clear();
  if (viewport !== null) await page.setViewportSize(viewport);
  expect(found).toEqual([]);
}

/** Chooses a match of a checkbox picker: types `search` into the box labelled `label`, then ticks the match named by `match`. */
export async function pick(scope: Page | Locator, label: string, search: string, match: string | RegExp): Promise<void> {
  await scope.getByLabel(label, { exact: true }).fill(search);
  await scope.getByRole('list', { name: `${label}: matches` }).getByRole('checkbox', { name: match }).check();
}

/**
 * The page as it is now (a dialog, a preview or a picker open: not a page of its own to reload):
 * axe finds nothing serious at 1366 px nor at 390 px, where nothing sticks out; a screenshot at
 * each width (`<name>-1366`, `<name>-390`). Ends at 1366 px.
 */
export async function checkAsItIsAtBothWidths(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 900 });
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, `${name}-1366`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => overflowing(page)).toEqual([]);
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1366, height: 900 });
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

/** What sticks out sideways past the viewport (and shows): the outermost such elements, named by tag and class. */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    // A wide table inside a scrolling box (`.table-wrap`) scrolls on its own and widens nothing.
    const clipped = (element: Element) => {
      for (let box = element.parentElement; box !== null; box = box.parentElement) if (getComputedStyle(box).overflowX !== 'visible') return true;
      return false;
    };
    const wide = [...document.body.querySelectorAll('*')].filter((element) => element.getBoundingClientRect().right > width + 0.5 && getComputedStyle(element).visibility !== 'hidden' && !clipped(element));
    return wide.filter((element) => !wide.includes(element.parentElement as Element)).map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
  });
}

export interface ConsoleSuite extends Console {
  server: ServerProcess;
  /** A vendor call through the API that must work; answers the body. */
  vendor(method: string, path: string, body?: unknown): Promise<any>;
}

/**
 * The lifecycle every browser suite shares: its own `allot serve` (vendor access with
 * `adminToken`) and Chromium before all flows; each flow starts logged out, whatever the one before
 * left behind, and must end without page or console errors; all is stopped afterwards, the data
 * directory removed; every console page a flow visits is checked with axe and at 390 px (see
 * `checkVisitedPages`). The fields are set once the first `beforeAll` has run: register the suite's
 * own `beforeAll` after calling this.
 */
export function consoleSuite(adminToken: string): ConsoleSuite {
  const suite = {
    async vendor(method: string, path: string, body?: unknown) {
      const answer = await callNode(suite.server.url, method, path, adminToken, body);
      expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      return answer.body;
    },
  } as ConsoleSuite;
  beforeAll(async () => {
    suite.server = await startServerProcess({ ALLOT_ADMIN_TOKEN: adminToken, LOG_LEVEL: 'warn' });
    Object.assign(suite, await openConsole(suite.server.url));
  }, generous);
  beforeEach(async () => {
    await suite.context.clearCookies();
  });
  afterEach(async () => {
    // A flow that ends logged in has its pages checked here; one that logged out had them checked then.
    if (await suite.page.getByRole('button', { name: 'Log out' }).isVisible()) await checkVisitedPages(suite.page);
    else visited(suite.page).clear();
    expect(suite.problems.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  }, generous);
  return suite;
}
