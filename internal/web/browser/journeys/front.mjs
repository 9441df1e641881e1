// The online hall's front door, as a visitor uses it on a phone and at the hall's
// kiosk: a colloquial search, a life event, an item's guide with its QR code, and
// the progress look-up typed in full-width digits, which shows the status in words,
// what is missing and the steps. The Go test (TestBrowserFront) filed the case and
// passes its number and query code.
import path from 'node:path';
import { base, session, visit, expect, checkAccessibility } from '../lib.mjs';

const number = process.env.YIWANG_CASE_NUMBER;
const code = process.env.YIWANG_CASE_CODE;
const shots = process.env.YIWANG_SCREENSHOTS;

// fullWidth types ASCII digits and dashes as a Chinese input method in full-width mode does.
const fullWidth = (s) => [...s].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');

// withinFirstScreen fails unless the whole of selector shows without scrolling.
async function withinFirstScreen(page, selector, where) {
  const box = await page.locator(selector).boundingBox();
  const { height } = page.viewportSize();
  expect(box && box.y >= 0 && box.y + box.height <= height,
    `${where}: ${selector} ends at ${box && Math.round(box.y + box.height)} px, below the first screen of ${height} px`);
}

export default async function (browser) {
  const { page } = await session(browser, { width: 390, height: 844 });
  await page.goto(`${base}/`);
  await withinFirstScreen(page, 'form.lookup-form', 'home on a phone');
  await visit(page, 'home');

  // A colloquial phrase finds the food licence first.
  await page.fill('input[name=q]', '想开个小饭馆');
  await Promise.all([page.waitForNavigation(), page.click('form[role=search] button')]);
  const first = await page.locator('ul.items li a').first().textContent();
  expect(first.includes('食品经营许可'), `想开个小饭馆 finds ${first} first`);
  await visit(page, 'search');

  // A life event lists what opening a restaurant takes.
  await Promise.all([page.waitForNavigation(), page.click('ul.events a[href="/?event=kai-canguan"]')]);
  const listed = await page.locator('ul.items li a').allTextContents();
  expect(listed.length === 4 && listed.some((t) => t.includes('食品经营许可')) && listed.some((t) => t.includes('个体工商户')),
    `开餐馆 lists ${listed}`);
  await visit(page, 'life-event');

  // The guide: conditions, materials, where to go, and a QR code of itself.
  await Promise.all([page.waitForNavigation(), page.click('ul.items a:has-text("食品经营许可")')]);
  for (const heading of ['申请条件', '申请材料', '办理流程', '去哪里办']) {
    expect(await page.locator(`h2:has-text("${heading}")`).count() === 1, `the guide has no ${heading}`);
  }
  const qr = page.locator('figure.guide-qr img');
  expect(await qr.isVisible(), 'the guide shows its QR code');
  expect((await qr.evaluate((img) => img.naturalWidth)) > 0, 'the QR code is an image that loaded');
  expect((await page.textContent('figure.guide-qr')).includes(`/items/${'370211-XK-0001'}`), 'the QR code carries the guide address');
  await visit(page, 'guide');

  // The look-up, typed in full-width digits and dashes from the receipt.
  await page.goto(`${base}/`);
  await page.fill('form.lookup-form input[name=number]', fullWidth(number));
  await page.fill('form.lookup-form input[name=code]', fullWidth(code));
  await Promise.all([page.waitForNavigation(), page.click('form.lookup-form button')]);
  expect((await page.textContent('.status-line')).includes('待补正'), 'the look-up shows the status in words');
  expect((await page.textContent('.todo')).includes('缺少经营场所的使用证明'), 'the look-up says what is missing and why');
  const steps = await page.locator('ol.timeline li').allTextContents();
  expect(steps.length === 2 && steps[0].includes('提交申请') && steps[1].includes('一次性告知补正材料'), `the steps: ${steps}`);
  expect(!(await page.content()).includes('王窗口'), 'the public timeline names no staff');
  await visit(page, 'lookup');

  // The hall's kiosk: a tall touch screen; the look-up form is on the first screen.
  const kiosk = await session(browser, { width: 1080, height: 1920 });
  await kiosk.page.goto(`${base}/`);
  await withinFirstScreen(kiosk.page, 'form.lookup-form', 'home on the kiosk');
  await withinFirstScreen(kiosk.page, 'ul.events', 'home on the kiosk');
  await kiosk.page.screenshot({ path: path.join(shots, 'front-kiosk-home-1080x1920.png') });
  await checkAccessibility(kiosk.page, 'home on the kiosk');
  await kiosk.page.goto(`${base}/lookup?number=${encodeURIComponent(fullWidth(number))}&code=${encodeURIComponent(code)}`);
  await kiosk.page.screenshot({ path: path.join(shots, 'front-kiosk-lookup-1080x1920.png') });
  await checkAccessibility(kiosk.page, 'look-up on the kiosk');
  expect(kiosk.page.problems.length === 0, `kiosk: ${kiosk.page.problems.join('; ')}`);
}
