// An applicant applies online for a food licence: finds the item, fills the form
// with one mistake and sees it beside its field, uploads the materials (the page's
// script checks them first and shows progress), reviews, confirms with a double
// click, and finds one case in 我的办件. The clerk asks for a missing material (through
// the API); the applicant uploads it from the checklist; the clerk accepts and the
// approver approves, and the case page shows 准予许可 with its timeline.
import { base, session, visit, login, expect } from '../lib.mjs';

const pdf = (text) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);

// api calls the JSON API as a member of staff would.
async function api(method, path, token, body) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

async function staff(username) {
  return (await api('POST', '/api/v1/auth/login', '', { username, password: process.env.YIWANG_PASSWORD })).token;
}

// attach chooses a file for a material and waits for the script to upload it.
async function attach(page, material, name, buffer, mimeType = 'application/pdf') {
  await page.setInputFiles(`input[name="file.${material}"]`, { name, mimeType, buffer });
  await page.waitForFunction((m) => document.querySelector(`input[name="blob.${m}"]`).value !== '', material);
}

export default async function (browser) {
  const { page } = await session(browser);
  await login(page, 'zhangsan');

  await page.fill('input[name=q]', '餐饮');
  await Promise.all([page.waitForNavigation(), page.click('form[role=search] button')]);
  await Promise.all([page.waitForNavigation(), page.click('a:text("食品经营许可（新办）")')]);
  await visit(page, 'guide');
  await Promise.all([page.waitForNavigation(), page.click('a:text("在线申请")')]);
  await visit(page, 'form');

  await page.fill('[name="f.经营者名称"]', '青岛小张餐饮店');
  await page.fill('[name="f.统一社会信用代码"]', '91350100M000100Y43');
  await page.fill('[name="f.经营场所"]', '青岛市黄岛区长江路1号');
  await page.fill('[name="f.经营面积"]', '80');
  await page.selectOption('[name="f.主体业态"]', '餐饮服务经营者');
  await page.selectOption('[name="f.经营项目"]', '热食类食品制售');
  await page.check('[name="f.是否含热食"][value="true"]');
  await page.fill('[name="f.负责人"]', '张三');
  await page.fill('[name="f.负责人身份证号"]', '110105194912310021'); // the check digit is wrong
  await page.fill('[name="f.联系电话"]', '13800000000');

  // The script refuses a file of the wrong type before sending it.
  await page.setInputFiles('input[name="file.m1"]', { name: '申请书.txt', mimeType: 'text/plain', buffer: Buffer.from('text') });
  expect((await page.textContent('#file-m1-error')).includes('只接受'), 'a text file is refused at once');
  await visit(page, 'wrong-type');
  await attach(page, 'm1', '申请书.pdf', pdf('application'));
  for (const m of ['m2', 'm3', 'm4', 'm5', 'm6']) await attach(page, m, `材料${m}.pdf`, pdf(m));
  expect(await page.isVisible('#file-m1-error') === false, 'the error goes once a good file is chosen');

  await Promise.all([page.waitForNavigation(), page.click('button:text("下一步：核对申请")')]);
  const idError = await page.textContent('#f-8-error');
  expect(idError.includes('负责人身份证号'), `the ID number's error stands beside it: ${idError}`);
  expect(await page.inputValue('[name="f.经营者名称"]') === '青岛小张餐饮店', 'what was typed is kept');
  expect((await page.textContent('.upload:has(#file-m3)')).includes('已上传：材料m3.pdf'), 'the uploads are kept');
  await visit(page, 'refused');

  await page.fill('[name="f.负责人身份证号"]', '11010519491231002X');
  await Promise.all([page.waitForNavigation(), page.click('button:text("下一步：核对申请")')]);
  const review = await page.textContent('main');
  expect(review.includes('11010519491231002X') && review.includes('已上传：申请书.pdf') && review.includes('尚未上传'),
    'the review shows the form, the files and the missing material');
  await visit(page, 'review');

  await Promise.all([page.waitForURL(/\/my\/cases\/[0-9-]+/), page.dblclick('button:text("确认提交")')]);
  await page.waitForLoadState('load');
  expect((await page.textContent('main')).includes('申请已提交'), 'the case page confirms the filing');
  const number = new URL(page.url()).pathname.split('/').pop();
  await visit(page, 'filed');

  await Promise.all([page.waitForNavigation(), page.click('nav.roles a:text("我的办件")')]);
  const rows = await page.locator('table.cases tbody tr').count();
  expect(rows === 1, `a double click files one case, not ${rows}`);
  expect((await page.textContent('table.cases')).includes('已提交，待受理'), 'the list shows the status in Chinese');
  await visit(page, 'my-cases');

  const clerk = await staff('clerk');
  await api('POST', `/api/v1/cases/${number}/request-correction`, clerk,
    { items: [{ material: 'm7', problem: '缺少经营场所使用证明，请上传租赁合同' }] });
  await Promise.all([page.waitForNavigation(), page.click(`a:text("${number}")`)]);
  expect((await page.textContent('#correction')).includes('缺少经营场所使用证明'), 'the notice is shown as a checklist');
  await visit(page, 'checklist');
  await attach(page, 'm7', '租赁合同.pdf', pdf('lease'));
  await Promise.all([page.waitForNavigation(), page.click('button:text("提交补正材料")')]);
  const after = await page.textContent('main');
  expect(after.includes('材料已补交') && after.includes('已提交，待受理'), 'after the supplement the case waits for acceptance again');
  await visit(page, 'supplemented');

  await api('POST', `/api/v1/cases/${number}/accept`, clerk, {});
  const approver = await staff('approver');
  await api('POST', `/api/v1/cases/${number}/complete-task`, approver, { seq: 1, opinion: '材料齐全' });
  await api('POST', `/api/v1/cases/${number}/approve`, approver, { reason: '符合条件' });
  await page.reload();
  expect((await page.textContent('strong.status')).includes('准予许可'), 'the decision is shown');
  const timeline = await page.textContent('ol.timeline');
  for (const step of ['提交申请', '一次性告知补正材料', '补正材料', '受理', '准予许可']) {
    expect(timeline.includes(step), `the timeline shows ${step}`);
  }
  await visit(page, 'approved');
}
