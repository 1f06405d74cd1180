// Shared set-up of the browser tests: the real server on a fresh demo database whose demo
// accounts all get DEMO_PASSWORD, Debian's /usr/bin/chromium through playwright-core, pages
// that record console errors and CSP violations, sign-in through the UI, screenshots.
// Not a test file itself (node --test runs *.test.mjs).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, startServer, testOutputDir } from '../lib/server.mjs';

const { chromium } = createRequire(path.join(repoRoot, 'web/package.json'))('playwright-core');

/** The password of every demo account in these tests (XZQ_E2E_PASSWORD with XZQ_E2E_URL). */
export const DEMO_PASSWORD = process.env.XZQ_E2E_PASSWORD || 'E2e-demo-2026!';
export const shotDir = path.join(testOutputDir, 'e2e');
export const DESKTOP = { width: 1366, height: 900 };
export const MOBILE = { width: 390, height: 844 };

/** Starts the server (or uses XZQ_E2E_URL) and the browser; returns {baseUrl, browser, close()}. */
export async function launch() {
  mkdirSync(shotDir, { recursive: true });
  let server = null;
  let baseUrl;
  if (process.env.XZQ_E2E_URL) {
    baseUrl = process.env.XZQ_E2E_URL.replace(/\/$/, '');
  } else {
    // `xzq serve` serves the built UI from web/dist (relative to the repository root), or from
    // XZQ_WEB_ROOT when set (a build of one's own, e.g. `vite build --outDir …`).
    const webRoot = process.env.XZQ_WEB_ROOT;
    if (!existsSync(path.join(webRoot || path.join(repoRoot, 'web/dist'), 'index.html'))) {
      throw new Error(`${webRoot || 'web/dist'} is missing: run \`npm ci && npm run build\` in web/ first`);
    }
    server = await startServer({ demoPassword: DEMO_PASSWORD, extraArgs: webRoot ? ['--web-root', webRoot] : [] });
    baseUrl = server.baseUrl;
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    baseUrl,
    browser,
    server,
    async close() {
      await browser.close();
      if (server) await server.stop();
    },
  };
}

/**
 * Opens a page that records console errors, uncaught exceptions, CSP violations, failed
 * requests and API requests (with their Accept-Language), in a context of the given size.
 */
export async function openPage(browser, { viewport = DESKTOP, mobile = false, acceptDownloads = false } = {}) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: mobile ? 2 : 1,
    isMobile: mobile,
    hasTouch: mobile,
    locale: 'zh-CN',
    acceptDownloads,
  });
  const page = await context.newPage();
  const problems = [];
  const apiRequests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') {
      apiRequests.push({ path: url.pathname, method: request.method(), language: request.headers()['accept-language'],
        csrf: request.headers()['x-csrf-token'] });
    }
  });
  await page.exposeFunction('__xzqCspViolation', (text) => problems.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__xzqCspViolation(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  return { context, page, problems, apiRequests };
}

/** Fails with the recorded problems, ignoring those matching `allowed` (an array of RegExp). */
export function assertNoProblems(problems, allowed = []) {
  const left = problems.filter((p) => !allowed.some((re) => re.test(p)));
  assert.deepEqual(left, [], `browser reported problems:\n${left.join('\n')}`);
}

/** Element Plus puts the attributes of el-input on its native <input>. */
export const input = (page, testid) => page.locator(`input[data-testid="${testid}"]`);

/** Fills the sign-in form (the page must show it) and submits it. */
export async function submitLogin(page, username, password = DEMO_PASSWORD) {
  await input(page, 'login-username').fill(username);
  await input(page, 'login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Signs in through the UI at `target` (default /) and waits for the app shell. */
export async function signIn(page, baseUrl, username, { target = '/', password = DEMO_PASSWORD } = {}) {
  await page.goto(`${baseUrl}/login${target === '/' ? '' : `?redirect=${encodeURIComponent(target)}`}`);
  await page.getByTestId('login-page').waitFor();
  await submitLogin(page, username, password);
  await page.getByTestId('user-menu').waitFor();
  // Let the landing page finish its requests, so that a following goto does not abort them.
  await page.waitForLoadState('networkidle');
}

export async function shot(page, name, { fullPage = false } = {}) {
  // Let drawers, dialogs and messages finish their transitions.
  await page.waitForTimeout(350);
  await page.screenshot({ path: path.join(shotDir, `${name}.png`), fullPage, animations: 'disabled' });
}

/** The visible menu entries (side menu on a desktop). */
export async function menuTexts(page) {
  return page.locator('[data-testid="side-nav"] .el-menu-item').allInnerTexts();
}
