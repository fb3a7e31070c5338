// Lighthouse (mobile profile, the default) on the app's main pages, in Debian's Chromium.
// Fails when accessibility < 1, best practices < 1 or SEO < 0.9 on any page; prints the
// performance score without failing on it, because it depends on this machine's load.
//
// Pages: the home page, the demo enterprise's page (found as a person finds it, by
// searching), and every path listed in lighthouse-pages.json (relative to the app's base,
// e.g. "?page=lists"), which the app's authors keep up to date as pages are added.
// Reports are saved as output/lighthouse-<name>.json.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

import { CHROMIUM_ARGS, OUTPUT, baseUrl, demoEnterprise, launch, newPage, openEnterprise } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** Minimum scores (0..1) per category; performance is reported only. */
const THRESHOLDS = { accessibility: 1, 'best-practices': 1, seo: 0.9 };

async function pages() {
  const list = [{ name: 'home', url: baseUrl() }];
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await openEnterprise(page, baseUrl(), demoEnterprise());
    list.push({ name: 'enterprise', url: page.url() });
  } catch (error) {
    console.log(`could not reach the enterprise page by searching: ${error.message}`);
    list.push({ name: 'enterprise', url: null });
  } finally {
    await browser.close();
  }
  const extra = join(here, 'lighthouse-pages.json');
  if (existsSync(extra)) {
    for (const [name, path] of Object.entries(JSON.parse(readFileSync(extra, 'utf8')))) {
      list.push({ name, url: new URL(path, baseUrl()).href });
    }
  }
  return list;
}

const list = await pages();
mkdirSync(OUTPUT, { recursive: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.ZHIXIN_CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: CHROMIUM_ARGS,
});

let passed = 0;
let failed = 0;
try {
  for (const { name, url } of list) {
    if (!url) {
      console.log(`✖ ${name}: no URL to audit`);
      failed += 1;
      continue;
    }
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    const { lhr, report } = result;
    writeFileSync(join(OUTPUT, `lighthouse-${name}.json`), report);
    const score = (id) => lhr.categories[id]?.score ?? 0;
    console.log(`\n${name}: ${url}`);
    console.log(`  performance ${score('performance').toFixed(2)} (reported, not checked)`);
    if (lhr.runtimeError) {
      console.log(`  ✖ Lighthouse could not audit the page: ${lhr.runtimeError.message}`);
      failed += 1;
      continue;
    }
    for (const [id, min] of Object.entries(THRESHOLDS)) {
      const value = score(id);
      if (value >= min) {
        console.log(`  ✔ ${id} ${value.toFixed(2)} (needs ${min})`);
        passed += 1;
      } else {
        console.log(`  ✖ ${id} ${value.toFixed(2)} (needs ${min}); failing audits:`);
        for (const ref of lhr.categories[id].auditRefs) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
            console.log(`      - ${ref.id}: ${audit.title}`);
          }
        }
        failed += 1;
      }
    }
  }
} finally {
  await chrome.kill();
}

console.log(`\nlighthouse: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
