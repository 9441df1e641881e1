// A window clerk registers a walk-in applicant (the ID number's check character
// is checked as typed), files a promised item with paper materials, accepts it,
// and opens the printable receipt (受理通知书), printed to PDF and in print media.
import path from 'node:path';
import { base, session, visit, login, expect } from '../lib.mjs';

export default async function (browser) {
  const { page } = await session(browser);
  await login(page, 'clerk');
  await page.click('nav.roles a[href="/window"]');
  await visit(page, 'start');

  await page.fill('input[name=q]', '食品经营');
  await Promise.all([page.waitForNavigation(), page.click('form[role=search] button')]);
  await page.check('input[name=item][value="370211-XK-0001"]');
  await page.fill('#id_number', '370211199007214041');
  await page.locator('#id_number').blur();
  expect((await page.textContent('#id_number-error')).includes('校验位不正确'), 'a wrong check digit is told beside the field as typed');
  await visit(page, 'check-digit');
  await page.fill('#id_number', '37021119900721404X');
  expect((await page.textContent('#id_number-error')).trim() === '', 'the message goes once the number is right');
  await page.fill('#name', '李四');
  await page.fill('#phone', '13800000003');
  await Promise.all([page.waitForNavigation(), page.click('form.window-start button[type=submit]')]);
  expect((await page.textContent('h1')).includes('食品经营许可'), 'the filing screen of the chosen item');
  expect((await page.textContent('main')).includes('新登记'), 'a first visit registers the applicant');

  const fill = { '经营者名称': '李四小吃店', '统一社会信用代码': '91350100M000100Y43', '经营场所': '青岛市黄岛区长江路1号',
    '经营面积': '60', '负责人': '李四', '负责人身份证号': '37021119900721404X', '联系电话': '13800000003' };
  for (const [k, v] of Object.entries(fill)) await page.fill(`[id="f-${k}"]`, v);
  await page.selectOption('[id="f-主体业态"]', '餐饮服务经营者');
  await page.selectOption('[id="f-经营项目"]', '热食类食品制售');
  await page.check('input[name="form.是否含热食"][value=true]');
  for (const box of await page.locator('input[type=checkbox][name^=got_]').all()) await box.check();
  await page.check('input[name=decision][value=accept]');
  await visit(page, 'filing');
  await Promise.all([page.waitForNavigation(), page.click('form.filing button[type=submit]')]);
  expect((await page.textContent('.done')).includes('已受理'), 'accepted in the same step');
  expect((await page.textContent('main')).includes('已受理'), 'the case shows its status');
  await visit(page, 'accepted');

  await Promise.all([page.waitForNavigation(), page.click('a.button:has-text("受理通知书")')]);
  const doc = await page.textContent('article.doc');
  for (const want of ['受理通知书', '食品经营许可', '承诺办结日期', '法定办结期限', '查询码', '区政务服务中心']) {
    expect(doc.includes(want), `the receipt shows ${want}`);
  }
  expect(await page.locator('article.doc img[src^="data:image/png"]').count() === 1, 'the receipt carries a QR code');
  await visit(page, 'receipt');
  await printed(page, 'receipt');

  // zhangsan's online application waits for the window, without his business licence.
  await page.goto(`${base}/window/waiting`);
  expect((await page.textContent('table.waiting')).includes('张三'), 'the online case waits at the hall');
  expect((await page.textContent('table.waiting')).includes('剩 6 个工作日'), 'with the working days left under Art. 32');
  await visit(page, 'waiting');
  await Promise.all([page.waitForNavigation(), page.click('table.waiting a')]);
  expect((await page.textContent('main')).includes('未提交'), 'the review shows the missing material');
  await page.check('input[name=decision][value=correction]');
  await page.check('input[name=fix_m2]');
  await page.fill('#problem_m2', '未提交营业执照，请上传营业执照副本扫描件');
  await page.check('input[name=fix_m1]');
  await page.fill('#problem_m1', '申请书未签字');
  await visit(page, 'review');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/decide"] button[type=submit]')]);
  expect((await page.textContent('.done')).includes('一次性告知'), 'the correction notice is sent');
  await Promise.all([page.waitForNavigation(), page.click('a.button:has-text("补正材料通知书")')]);
  const notice = await page.textContent('article.doc');
  expect(notice.includes('申请书未签字') && notice.includes('未提交营业执照'), 'the notice lists every problem');
  await visit(page, 'correction');
  await printed(page, 'correction');
}

// printed saves the page as it prints: an A4 PDF, and a screenshot in print media.
export async function printed(page, name) {
  const shots = process.env.YIWANG_SCREENSHOTS;
  const journey = process.env.YIWANG_JOURNEY;
  await page.emulateMedia({ media: 'print' });
  expect(!(await page.locator('header').isVisible()), 'the header does not print');
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  await page.screenshot({ path: path.join(shots, `${journey}-print-${name}.png`), fullPage: true });
  await page.pdf({ path: path.join(shots, `${journey}-print-${name}.pdf`), format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });
}
