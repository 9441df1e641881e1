// An approver works the department's queue: opens the red case at its head, looks
// at a scanned material in place, suspends the clock for an expert review and
// resumes it, completes the review with an opinion (an empty one is refused beside
// its field first) and approves the case.
import { base, session, visit, login, expect } from '../lib.mjs';

export default async function (browser) {
  const { page } = await session(browser);
  await login(page, 'approver');
  await Promise.all([page.waitForNavigation(), page.click('nav.roles a[href="/tasks"]')]);
  await visit(page, 'queue');
  const lights = await page.$$eval('ul.queue .light', (els) => els.map((e) => e.className));
  expect(lights.length >= 2 && lights[0].includes('red'), `the queue starts with the red task: ${lights}`);

  // Only the red ones, through the filter form.
  await page.selectOption('#light', 'red');
  await Promise.all([page.waitForNavigation(), page.click('form.filters button')]);
  expect((await page.$$('ul.queue li')).length === 1, 'the red filter leaves one task');
  await visit(page, 'queue-red');

  await Promise.all([page.waitForNavigation(), page.click('ul.queue a.case-link')]);
  const number = page.url().split('/cases/')[1];
  await visit(page, 'case');

  // The PNG material is shown in place, and opens on its own as an image.
  const img = page.locator('a.material-view img').first();
  expect(await img.evaluate((e) => e.complete && e.naturalWidth > 0), 'the scanned material is shown on the case page');
  const pdf = page.locator('a.material-view.pdf').first();
  const pdfHead = await page.request.get(base + (await pdf.getAttribute('href')));
  expect(pdfHead.headers()['content-type'] === 'application/pdf' && pdfHead.headers()['content-disposition'] === 'inline',
    `a PDF opens in the browser: ${JSON.stringify(pdfHead.headers())}`);
  await Promise.all([page.waitForNavigation(), page.click('a.material-view:has(img)')]);
  expect(await page.evaluate(() => document.contentType === 'image/png'), 'the material opens as the image it is');
  await page.goBack();

  // Suspend for an expert review; only resume is offered while suspended.
  await page.selectOption('#sp-reason', 'expert_review');
  await page.fill('#sp-note', '组织食品安全专家现场评审');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/suspend"] button')]);
  expect((await page.textContent('p.done')).includes('暂停计时'), 'the suspension is confirmed');
  expect(await page.isVisible('form[action$="/resume"]') && !(await page.isVisible('form[action$="/suspend"]')),
    'while suspended, resume is offered and suspend is not');
  await visit(page, 'suspended');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/resume"] button')]);
  expect((await page.textContent('p.done')).includes('恢复计时'), 'the clock runs again');

  // An opinion of spaces is refused beside its field; a real one completes the review.
  await page.fill('#ct-opinion', '   ');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/complete-task"] button')]);
  expect(await page.isVisible('#ct-opinion-error'), 'the empty opinion is refused beside its field');
  await visit(page, 'opinion-refused');
  await page.fill('#ct-opinion', '材料齐全，经营场所符合要求');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/complete-task"] button')]);

  await page.fill('#ap-reason', '符合食品经营许可条件，准予许可');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/approve"] button')]);
  expect((await page.textContent('.case-status')).includes('准予许可'), 'the case is approved');
  expect(!(await page.isVisible('section.actions')), 'nothing is left for the approver to do');
  expect((await page.textContent('ol.timeline')).includes('准予许可'), 'the timeline records the approval');
  await visit(page, 'approved');
  expect(page.url().endsWith(`/cases/${number}?done=approve`), `back on the case: ${page.url()}`);
}
