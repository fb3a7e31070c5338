// Embeds in any newsroom CMS: a host page that already runs Pym.js (a pinned copy,
// pym.js 1.3.2 from npm, package-lock.json) or Datawrapper's responsive-embed listener
// fits the app's iframe to its content with nothing else pasted; the embed code offered
// carries a title and a <noscript> plain link.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { baseUrl, foreignRequests, launch, newPage } from './helpers.mjs';

const require = createRequire(import.meta.url);
/** The pinned Pym.js, as news sites load it. */
const PYM = require.resolve('pym.js/dist/pym.v1.js');
const JSQR = require.resolve('jsqr/dist/jsQR.js');

/**
 * Datawrapper's responsive-embed listener, as its embed code ships it: the height
 * message of the iframe the message came from sets that iframe's height.
 */
const DATAWRAPPER = `window.addEventListener('message', function (event) {
  if (typeof event.data['datawrapper-height'] !== 'undefined') {
    var iframes = document.querySelectorAll('iframe');
    for (var chartId in event.data['datawrapper-height']) {
      for (var i = 0; i < iframes.length; i++) {
        if (iframes[i].contentWindow === event.source) {
          iframes[i].style.height = event.data['datawrapper-height'][chartId] + 'px';
        }
      }
    }
  }
});`;

function blacklisted() {
  const file = join(process.env.ZHIXIN_DEMO_SRC ?? '', '.zhixin-truth', 'cases.json');
  assert.ok(existsSync(file), `the demo writes ${file}`);
  return JSON.parse(readFileSync(file, 'utf8')).blacklisted;
}

const c = blacklisted();
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The embed code the enterprise page offers. */
async function offeredCode() {
  const page = await newPage(browser);
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  await page.locator('h1', { hasText: c.name }).waitFor();
  await page.locator('details.embed summary').click();
  const code = await page.locator('details.embed textarea').inputValue();
  await page.context().close();
  return code;
}

/**
 * Waits until the iframe `selector` of `page` is as tall as the document inside it,
 * and returns both heights.
 */
async function fitted(page, selector) {
  const frame = page.frameLocator(selector);
  await frame.locator('h1', { hasText: c.name }).waitFor();
  await frame.getByText('以原发布机关公布为准').first().waitFor();
  const heights = async () => ({
    inner: await frame.locator('body').evaluate((b) => b.scrollHeight),
    outer: Math.round(await page.locator(selector).evaluate((f) => f.getBoundingClientRect().height)),
  });
  const deadline = Date.now() + 15_000;
  let h = await heights();
  while (h.inner !== h.outer && Date.now() < deadline) {
    await page.waitForTimeout(100);
    h = await heights();
  }
  return h;
}

/** A host article on the app's origin (a plain text file, so that no app CSP applies). */
async function article(body) {
  const page = await newPage(browser, { width: 800, height: 600 });
  const foreign = foreignRequests(page, new URL(baseUrl()).origin);
  await page.goto(`${baseUrl()}robots.txt`);
  await page.setContent(`<!doctype html><html lang="en"><title>Article</title><main><h1>Article</h1>${body}<p>After the embed.</p></main></html>`);
  return { page, foreign };
}

test('the embed code has a title and a plain link for readers without scripts', async () => {
  const code = await offeredCode();
  const [frame, fallback] = code.split('\n');
  assert.match(frame, /^<iframe src="[^"]+" title="[^"]+"/, code);
  assert.ok(frame.includes(`title="${c.name} · 质信查"`), code);
  assert.equal(fallback, `<noscript><a href="${baseUrl()}?e=${c.uscc}">${c.name} · 质信查</a></noscript>`);
});

test('a page that loads Pym.js fits a data-pym-src embed with nothing else pasted', async () => {
  const src = `${baseUrl()}?e=${c.uscc}&embed=1`;
  const { page, foreign } = await article(
    `<div id="zhixin" data-pym-src="${src.replace('&', '&amp;')}"><a href="${baseUrl()}?e=${c.uscc}">${c.name}</a></div>`,
  );
  await page.addScriptTag({ path: PYM });
  const selector = '#zhixin iframe';
  await page.locator(selector).waitFor();
  assert.match(await page.locator(selector).getAttribute('src'), /[?&]childId=zhixin(&|$)/, 'Pym.js made the iframe');
  const h = await fitted(page, selector);
  assert.ok(h.inner > 200, `the card has content: ${JSON.stringify(h)}`);
  assert.equal(h.outer, h.inner, 'Pym.js sized the iframe from the height message');
  assert.equal(await page.locator(selector).getAttribute('height'), `${h.inner}px`, 'by its own height attribute');
  assert.deepEqual(foreign, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a page with Datawrapper\'s resize listener fits the offered iframe with nothing else pasted', async () => {
  const code = await offeredCode();
  const { page, foreign } = await article(`<script>${DATAWRAPPER}</script>${code}`);
  const h = await fitted(page, 'main iframe');
  assert.ok(h.inner > 200, `the card has content: ${JSON.stringify(h)}`);
  assert.equal(h.outer, h.inner, 'the listener sized the iframe from the datawrapper-height message');
  assert.equal(
    await page.locator('main iframe').evaluate((f) => f.style.height),
    `${h.inner}px`,
    'by the style Datawrapper\'s listener sets',
  );
  assert.deepEqual(foreign, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the share card is a PNG of the status drawn in the browser', async () => {
  const page = await newPage(browser);
  await page.goto(`${baseUrl()}?e=${c.uscc}`);
  await page.locator('h1', { hasText: c.name }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('button.share-card').click(),
  ]);
  assert.equal(download.suggestedFilename(), `${c.uscc}.png`);
  const png = readFileSync(await download.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1200, 630], 'the size link previews use');
  // The card's stripe is the status's colour (red: this enterprise is blacklisted), and
  // its text is drawn (dark pixels where the name goes).
  const pixels = await page.evaluate(async (bytes) => {
    const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const c2 = canvas.getContext('2d');
    c2.drawImage(bitmap, 0, 0);
    const stripe = [...c2.getImageData(4, 300, 1, 1).data];
    const name = c2.getImageData(64, 100, 600, 70).data;
    let dark = 0;
    for (let i = 0; i < name.length; i += 4) if (name[i] < 100 && name[i + 1] < 100 && name[i + 2] < 100) dark++;
    return { stripe, dark };
  }, [...png]);
  assert.deepEqual(pixels.stripe.slice(0, 3), [0xb3, 0x26, 0x1e]);
  assert.ok(pixels.dark > 500, `the name is drawn: ${pixels.dark} dark pixels`);
  // The card's QR code (top right) decodes to the enterprise's permalink, as the page's does
  // (jsQR in a blank page, outside the app's Content-Security-Policy).
  const scratch = await page.context().newPage();
  await scratch.setContent('<p>scratch</p>');
  await scratch.addScriptTag({ path: JSQR });
  const decoded = await scratch.evaluate(async (bytes) => {
    const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const c2 = canvas.getContext('2d');
    c2.drawImage(bitmap, 0, 0);
    const data = c2.getImageData(0, 0, bitmap.width, bitmap.height);
    return window.jsQR(data.data, bitmap.width, bitmap.height)?.data ?? null;
  }, [...png]);
  assert.match(decoded ?? '', new RegExp(`[?&]e=${c.uscc}$`), 'the QR code is the permalink');
  await scratch.close();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
