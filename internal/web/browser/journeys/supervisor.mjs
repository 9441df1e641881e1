// A supervisor sees a red light on the board, drills from the department's red
// count to its cases and into the overdue case with its audit trail, and checks
// the audit chain.
import { base, session, visit, login, expect } from '../lib.mjs';

export default async function (browser) {
  const { page } = await session(browser);
  await login(page, 'supervisor');
  await Promise.all([page.waitForNavigation(), page.click('nav.roles a[href="/supervise"]')]);
  await visit(page, 'board');
  const red = page.locator('table.board a.count.red[href*="department=scjg"]');
  expect((await red.textContent()).trim() === '1', 'scjg has one red case');
  await Promise.all([page.waitForNavigation(), red.click()]);
  expect(page.url().includes('light=red'), `the list is of the red cases: ${page.url()}`);
  expect((await page.$$('ul.queue li')).length === 1, 'one red case listed');
  await visit(page, 'red-cases');

  await Promise.all([page.waitForNavigation(), page.click('ul.queue a.case-link')]);
  expect((await page.textContent('.case-status')).includes('已超期'), 'the case page shows it overdue');
  expect((await page.textContent('ol.timeline')).includes('受理'), 'the audit trail shows the acceptance');
  expect(!(await page.isVisible('section.actions')), 'a supervisor is offered no action');
  await visit(page, 'red-case');

  await page.goto(`${base}/supervise`);
  await Promise.all([page.waitForNavigation(), page.click('a[href="/supervise/audit"]')]);
  expect((await page.textContent('main')).includes('审计链完整'), 'the audit chain is intact');
  await visit(page, 'audit');
}
