// The harness of the browser journeys: Debian's Chromium driven by playwright-core
// against a yiwang server that the Go test started on 127.0.0.1. Every page a
// journey visits is screenshot at 1280 and 390 px wide and checked with axe-core;
// a serious or critical accessibility violation, a console error (a CSP refusal is
// one) or a failed request fails the journey.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const base = process.env.YIWANG_URL;
const shots = process.env.YIWANG_SCREENSHOTS;
const journey = process.env.YIWANG_JOURNEY;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// session opens a fresh browser context (its own cookies): one person at one device.
export async function session(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  // A page may answer 4xx on purpose (a form refused, a page of another role);
  // Chromium logs that as a console error, so only what a page loads is held to 2xx.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`${r.status()} for ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A navigation away from a page cancels what it was still loading; that is not a fault.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.problems = problems;
  return { context, page };
}

let seen = 0;

// visit records the page as it is now: a screenshot at 1280 and 390 px wide, an axe
// check at each width, and no console error so far.
export async function visit(page, name) {
  seen++;
  const file = `${journey}-${String(seen).padStart(2, '0')}-${name}`;
  const size = page.viewportSize();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: path.join(shots, `${file}-${width}.png`), fullPage: true });
    await checkAccessibility(page, `${name} at ${width}px`);
  }
  await page.setViewportSize(size);
  if (page.problems.length) throw new Error(`${name}: ${page.problems.join('; ')}`);
}

// checkAccessibility runs axe-core in the page (evaluated through the debugging
// protocol, so the page's own CSP stays in force) and fails on a serious or
// critical violation.
export async function checkAccessibility(page, where) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const lines = bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    throw new Error(`accessibility of ${where}:\n  ${lines.join('\n  ')}`);
  }
}

// login logs in through the log-in page.
export async function login(page, username, password = process.env.YIWANG_PASSWORD) {
  await page.goto(`${base}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('form.stacked button[type=submit]')]);
}

// expect fails the journey with message unless ok.
export function expect(ok, message) {
  if (!ok) throw new Error(message);
}

export function ensureDir(dir) { mkdirSync(dir, { recursive: true }); }
