// A visitor browses the catalog, fails to log in with a wrong password, logs in as
// an applicant, and logs out again.
import { base, session, visit, login, expect } from '../lib.mjs';

export default async function (browser) {
  const { page } = await session(browser);
  await page.goto(`${base}/`);
  await visit(page, 'home');
  await page.click('header a[href="/login"]');
  await visit(page, 'login');

  await login(page, 'zhangsan', 'not-the-password');
  expect((await page.textContent('.notice')).includes('用户名或密码不正确'), 'a wrong password is told on the form');
  await visit(page, 'login-refused');

  await login(page, 'zhangsan');
  expect((await page.textContent('header nav.account')).includes('张三'), 'the header names the applicant');
  await visit(page, 'logged-in');
  await Promise.all([page.waitForNavigation(), page.click('header nav.account button')]);
  expect((await page.textContent('header nav.account')).includes('登录'), 'after log-out the header offers log-in');
}
