// zhangsan has filed a case (the Go test did, through the API). Logged in, the header
// shows one unread message; on 消息 it is marked and links to the case; reading it
// takes the badge away. The clerk then accepts the case through the API: the badge is
// back, the 受理 message is on top, and reading all clears it again. A session that
// has ended sends the visitor to log in, told so.
import { base, session, visit, login, expect } from '../lib.mjs';

async function badge(page) {
  const b = await page.$('header nav.roles a[href="/messages"] .badge');
  return b ? (await b.textContent()).trim() : '';
}

async function api(method, path, token, body) {
  const r = await fetch(`${base}${path}`, {
    method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(data)}`);
  return data;
}

export default async function (browser) {
  const { context, page } = await session(browser);
  await login(page, 'zhangsan');
  expect(await badge(page) === '1', `the header shows 1 unread message, not "${await badge(page)}"`);
  await visit(page, 'unread-badge');

  await Promise.all([page.waitForNavigation(), page.click('header nav.roles a[href="/messages"]')]);
  expect(await page.locator('li.message.unread').count() === 1, 'the message is marked unread');
  const link = page.locator('li.message .message-actions a');
  const number = (await link.getAttribute('href')).replace('/my/cases/', '');
  expect((await page.textContent('li.message')).includes('申请已提交'), 'the message says the application was filed');
  await visit(page, 'messages-unread');

  await Promise.all([page.waitForNavigation(), page.click('li.message button:has-text("标为已读")')]);
  expect(await page.locator('li.message.unread').count() === 0, 'the message is read');
  expect(await badge(page) === '', 'the badge has gone');
  await visit(page, 'messages-read');

  const { token } = await api('POST', '/api/v1/auth/login', '', { username: 'clerk', password: process.env.YIWANG_PASSWORD });
  await api('POST', `/api/v1/cases/${number}/accept`, token, {});
  await page.goto(`${base}/`);
  expect(await badge(page) === '1', 'after the acceptance the badge is back');
  await Promise.all([page.waitForNavigation(), page.click('header nav.roles a[href="/messages"]')]);
  const top = page.locator('li.message').first();
  expect((await top.getAttribute('class')).includes('unread') && (await top.textContent()).includes('申请已受理'),
    'the newest message tells of the acceptance, unread');
  expect((await top.textContent()).includes('承诺办结日期'), 'it says by when the case is promised');
  await visit(page, 'accepted-unread');

  await Promise.all([page.waitForNavigation(), page.click('button:has-text("全部标为已读")')]);
  expect(await page.locator('li.message.unread').count() === 0, 'every message is read');
  expect(await badge(page) === '', 'the badge has gone again');
  await visit(page, 'all-read');

  // The session ends on the server (its cookie no longer valid): opening 消息 leads to
  // the log-in page, which says why, and logging in again comes back here.
  await context.addCookies([{ name: 'yiwang_session', value: 'ended', url: base }]);
  await page.goto(`${base}/messages`);
  expect(new URL(page.url()).pathname === '/login', 'an ended session leads to log-in');
  expect((await page.textContent('.notice')).includes('登录已过期，请重新登录'), 'the log-in page says the session expired');
  await visit(page, 'session-expired');
  await page.fill('input[name=username]', 'zhangsan');
  await page.fill('input[name=password]', process.env.YIWANG_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form.stacked button[type=submit]')]);
  expect(new URL(page.url()).pathname === '/messages', 'logging in again returns to 消息');
}
