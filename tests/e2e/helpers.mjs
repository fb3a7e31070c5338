// Shared helpers for the browser end-to-end tests: launching Debian's Chromium through
// playwright-core, finding a demo enterprise, axe-core checks and screenshots.
//
// The tests are run by `cargo xtask test`, which builds the app and the demo registry,
// serves them and sets the ZHIXIN_* environment variables read here (see run.mjs).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

/** Where screenshots and reports go (git-ignored). */
export const OUTPUT = join(here, 'output');

/** The repository root. */
export const ROOT = join(here, '..', '..');

/**
 * Chromium's flags: headless without a sandbox (we run as root), and without the
 * background connections that this machine's closed network would refuse.
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests with \`cargo xtask test\``);
  }
  return value;
}

/** The app served at the root of an origin, with a trailing slash. */
export const baseUrl = () => env('ZHIXIN_BASE_URL');

/** The same app built with `--public-url /zhixin/` and served by python3 -m http.server. */
export const subpathUrl = () => env('ZHIXIN_SUBPATH_URL');

/** Launches Debian's Chromium (Playwright's own browser download is not used). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.ZHIXIN_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A new page in a fresh context (no shared storage between tests), 1280×800 unless told,
 * light unless told. Uncaught page errors are collected in `page.errors` so a test can
 * assert there were none (a Rust panic in the app surfaces as one).
 */
export async function newPage(
  browser,
  { width = 1280, height = 800, colorScheme = 'light', locale = 'zh-CN', serviceWorkers = 'allow' } = {},
) {
  // `serviceWorkers: 'block'` for tests that change responses with page.route: requests the
  // app's service worker makes (sw.js takes control of the page once installed) are not
  // routed, so a test changing a file on the way would see the genuine one.
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, locale, serviceWorkers });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(String(error)));
  return page;
}

/**
 * Records every request the page makes to an origin other than `origin`: the app must
 * make none (no CDNs, fonts, trackers). Returns the live list.
 */
export function foreignRequests(page, origin) {
  const foreign = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      foreign.push(url);
    }
  });
  return foreign;
}

/** Escapes a string for use inside a RegExp. */
export const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The demo's truth file (`.zhixin-truth/cases.json` beside the demo sources that
 * `cargo xtask test` writes): one fictional enterprise per status, with what its page
 * must show.
 */
export function demoCases() {
  const file = join(process.env.ZHIXIN_DEMO_SRC ?? '', '.zhixin-truth', 'cases.json');
  assert.ok(existsSync(file), `the demo writes ${file}`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Types `text` into the search box as a person would (after clearing it) and waits for
 * a result naming `name`; resolves to that result's link.
 */
export async function typeSearch(page, text, name) {
  const box = searchBox(page);
  await box.waitFor();
  await box.fill('');
  await box.pressSequentially(text, { delay: 10 });
  const link = page.locator('#results a.result', { hasText: name }).first();
  await link.waitFor();
  return link;
}

/**
 * A fictional demo enterprise `{ uscc, name }` to search for. Taken from the demo's
 * truth file when it has one, else from the CLI's `zhixin search --json` on the built
 * registry (both are written by `cargo xtask test` before the tests run).
 */
export function demoEnterprise() {
  const truth = join(env('ZHIXIN_DEMO_SRC'), '.zhixin-truth', 'cases.json');
  if (existsSync(truth)) {
    const found = firstEnterprise(JSON.parse(readFileSync(truth, 'utf8')));
    if (found) return found;
  }
  const cli = process.env.ZHIXIN_CLI ?? join(ROOT, 'target', 'release', 'zhixin');
  const registry = process.env.ZHIXIN_REGISTRY ?? join(ROOT, '.zhixin', 'registry');
  const hits = JSON.parse(
    execFileSync(cli, ['search', registry, '公司', '--json', '--limit', '5'], { encoding: 'utf8' }),
  );
  assert.ok(hits.length > 0, 'the demo registry answers no search for 公司');
  return { uscc: hits[0].uscc, name: hits[0].name };
}

/** The first object anywhere in `value` with string `uscc` and `name` fields. */
function firstEnterprise(value) {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstEnterprise(item);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    if (typeof value.uscc === 'string' && typeof value.name === 'string') {
      return { uscc: value.uscc, name: value.name };
    }
    for (const item of Object.values(value)) {
      const found = firstEnterprise(item);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The page heading of the app, once the app has replaced index.html's static boot screen
 * (which has its own `main h1` until then, so a bare `main h1` can match two elements).
 */
export function appHeading(page) {
  return page.locator('#app main h1');
}

/** The app's search box, however the app marks it up (a search input or a combobox). */
export function searchBox(page) {
  return page
    .locator('input[type="search"], [role="searchbox"], [role="combobox"], input[name="q"]')
    .first();
}

/**
 * Opens the app at `url`, types `enterprise.name` into the search box as a person would,
 * and follows the result link that names it. Resolves when the enterprise page's main
 * heading shows the name.
 */
export async function openEnterprise(page, url, enterprise) {
  const response = await page.goto(url);
  assert.equal(response?.status(), 200, `GET ${url}`);
  await failureScreenshot(page, 'open-enterprise', async () => {
    const box = searchBox(page);
    await box.waitFor();
    await box.pressSequentially(enterprise.name, { delay: 15 });
    const result = page.getByRole('link', { name: new RegExp(escapeRegExp(enterprise.name)) }).first();
    await result.click();
    await page.locator('h1', { hasText: enterprise.name }).first().waitFor();
  });
}

/**
 * Runs `steps`; if they throw, saves a screenshot of the page as it was then as
 * `output/FAILED-<name>.png` (and says so in the error) before rethrowing, so a failing
 * run shows what the browser showed.
 */
export async function failureScreenshot(page, name, steps) {
  try {
    return await steps();
  } catch (error) {
    mkdirSync(OUTPUT, { recursive: true });
    const path = join(OUTPUT, `FAILED-${name}.png`);
    await page.screenshot({ path, fullPage: true }).catch(() => {});
    error.message += `\n(screenshot of the page: ${path})`;
    throw error;
  }
}

/**
 * Runs axe-core on the page and fails with a readable list of violations. `exclude`
 * takes CSS selectors of regions a test deliberately leaves out (rarely right).
 */
export async function assertNoAxeViolations(page, { exclude = [] } = {}) {
  let builder = new AxeBuilder({ page });
  for (const selector of exclude) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const summary = violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`)
    .join('\n');
  assert.equal(violations.length, 0, `axe-core violations on ${page.url()}:\n${summary}`);
}

/** The widths and colour schemes every screenshot is taken at. */
export const SCREENSHOT_WIDTHS = [360, 1280];
export const SCREENSHOT_SCHEMES = ['light', 'dark'];

/**
 * Saves full-page screenshots of the page at 360 px and 1280 px, light and dark, as
 * `output/<name>-<width>-<scheme>.png`. Restores the viewport and scheme afterwards.
 * Returns the file paths.
 */
export async function screenshots(page, name) {
  mkdirSync(OUTPUT, { recursive: true });
  const viewport = page.viewportSize();
  const files = [];
  for (const width of SCREENSHOT_WIDTHS) {
    await page.setViewportSize({ width, height: viewport?.height ?? 800 });
    for (const colorScheme of SCREENSHOT_SCHEMES) {
      await page.emulateMedia({ colorScheme });
      // Let layout and any colour transition settle before capturing.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const path = join(OUTPUT, `${name}-${width}-${colorScheme}.png`);
      await page.screenshot({ path, fullPage: true, animations: 'disabled' });
      files.push(path);
    }
  }
  if (viewport) await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme: null });
  return files;
}
