// A window clerk files an instant item (即办件) for a walk-in applicant, a
// scanned photo among its materials, and decides it in the same screen; the
// decision letter prints with its QR code.
import { base, session, visit, login, expect } from '../lib.mjs';
import { printed } from './window.mjs';

// A 1×1 PNG: the photo the applicant brought, scanned.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export default async function (browser) {
  const { page } = await session(browser);
  await login(page, 'clerk');
  await page.goto(`${base}/window?q=${encodeURIComponent('社会保障卡')}`);
  await page.check('input[name=item][value="370211-GG-0001"]');
  await page.fill('#id_number', '37021119900721404X');
  await page.fill('#name', '李四');
  await page.fill('#phone', '13800000003');
  await Promise.all([page.waitForNavigation(), page.click('form.window-start button[type=submit]')]);
  expect((await page.textContent('main')).includes('即办件'), 'the filing screen says the item is instant');

  await page.fill('[id="f-姓名"]', '李四');
  await page.fill('[id="f-身份证号"]', '37021119900721404X');
  await page.fill('[id="f-户籍地址"]', '青岛市黄岛区长江路1号');
  await page.selectOption('[id="f-领卡方式"]', '窗口领取');
  await page.fill('[id="f-联系电话"]', '13800000003');
  await page.check('input[name=got_m1]');
  await page.check('input[name=got_m2]');
  await page.check('input[name=kind_m2][value=scan]');
  await page.setInputFiles('#file_m2', { name: 'photo.png', mimeType: 'image/png', buffer: png });
  await page.check('input[name=decision][value=approve]');
  await page.fill('#reason', '材料齐全，当场办结');
  await visit(page, 'filing');
  await Promise.all([page.waitForNavigation(), page.click('form.filing button[type=submit]')]);
  expect((await page.textContent('.done')).includes('准予'), 'decided in the same screen');
  expect((await page.textContent('main')).includes('准予许可'), 'the case is approved');
  expect(await page.locator('a[href^="/api/v1/cases/"][href*="/materials/"]').count() === 1, 'the scanned photo is on the case');
  await visit(page, 'decided');

  await Promise.all([page.waitForNavigation(), page.click('a.button:has-text("决定书")')]);
  const doc = await page.textContent('article.doc');
  expect(doc.includes('准予办理决定书') && doc.includes('社会保障卡申领'), 'the decision letter names the decision and the item');
  expect(await page.locator('article.doc img[src^="data:image/png"]').count() === 1, 'the letter carries a QR code');
  await visit(page, 'decision');
  await printed(page, 'decision');
}
