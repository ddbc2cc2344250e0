// The browser tests' harness: a whole xerosync stack on 127.0.0.1 (the Xero emulator with its demo
// organisations, and `xerosync serve` in a fresh data directory), a headless Debian chromium
// driven by playwright-core, and helpers to sign in, make users and API keys, push documents and
// take screenshots. Used by journeys.test.mjs and pages.test.mjs.
//
//   const stack = await startStack({ name: 'journeys' });   // connected to Demo Company (NZ)
//   const browser = await launchBrowser();
//   const page = await browser.newPage();
//   await signIn(page, stack);                               // as the first admin
//   ...
//   await browser.close(); await stack.stop();
//
// Nothing waits for time: processes are awaited by the lines they print, pages by selectors and
// responses.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const sourceDir = resolve(here, '../..');
export const buildDir = resolve(process.env.XEROSYNC_BUILD_DIR || join(sourceDir, 'build'));
export const chromiumPath = process.env.XEROSYNC_CHROMIUM || '/usr/bin/chromium';
export const screenshotDir = resolve(process.env.XEROSYNC_SCREENSHOT_DIR || join(buildDir, 'browser-screenshots'));

export const DEMO_CLIENT_ID = 'XEROSYNCDEMO00000000000000000000';
export const DEMO_CLIENT_SECRET = 'xerosync-demo-secret-do-not-use-in-production';
export const DEMO_NZ_TENANT = '7a3c1f5e-2b4d-4e6f-8a9b-0c1d2e3f4a51';
export const DEMO_UK_TENANT = '9b4d2a6f-3c5e-4f70-9bac-1d2e3f4a5b62';

// Why the browser tests cannot run here, or null when they can (the test files skip with it).
export function missingPrerequisite() {
  if (!existsSync(chromiumPath)) return `${chromiumPath} is missing (scripts/setup installs chromium)`;
  if (!existsSync(join(here, 'node_modules', 'playwright-core'))) {
    return 'tests/browser/node_modules is missing (scripts/setup runs npm ci --prefix tests/browser)';
  }
  for (const binary of ['src/cli/xerosync', 'src/emulator/xero-emulator']) {
    if (!existsSync(join(buildDir, binary))) return `${join(buildDir, binary)} is missing: build it first`;
  }
  return null;
}

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// A child process whose output is kept, so that tests wait for a line instead of for time.
class Child {
  constructor(label, command, args, env) {
    this.label = label;
    this.output = '';
    this.waiters = [];
    this.exited = false;
    this.process = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (chunk) => {
      this.output += chunk.toString();
      this.check();
    };
    this.process.stdout.on('data', take);
    this.process.stderr.on('data', take);
    this.closed = new Promise((resolveClosed) => {
      this.process.on('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code ?? signal;
        this.check();
        resolveClosed();
      });
    });
  }

  check() {
    for (const waiter of [...this.waiters]) {
      const match = this.output.match(waiter.pattern);
      if (match) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      } else if (this.exited) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.reject(new Error(`${this.label} exited (${this.exitCode}) before printing ${waiter.pattern}:\n${this.output}`));
      }
    }
  }

  // Resolves with the match of `pattern` in the output so far or to come.
  waitFor(pattern) {
    return new Promise((resolveMatch, reject) => {
      this.waiters.push({ pattern, resolve: resolveMatch, reject });
      this.check();
    });
  }

  async stop() {
    if (!this.exited) this.process.kill('SIGTERM');
    await this.closed;
  }
}

// A signed-in API client for node (the tests' own calls: users, API keys, checks). Keeps the
// session cookie and CSRF token, or sends an API key.
export class ApiClient {
  constructor(baseUrl, { key = null } = {}) {
    this.baseUrl = baseUrl;
    this.key = key;
    this.cookie = '';
    this.csrf = '';
  }

  async signIn(name, password) {
    const response = await fetch(this.baseUrl + '/api/v1/session', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`sign-in as ${name}: ${response.status} ${JSON.stringify(body)}`);
    this.cookie = (response.headers.get('set-cookie') || '').split(';')[0];
    this.csrf = body.csrf_token;
    return this;
  }

  // {status, body} for any answer; never throws on an HTTP error status.
  async call(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.key) headers.Authorization = `Bearer ${this.key}`;
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    const response = await fetch(this.baseUrl + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual',
    });
    const text = await response.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  // The body of a 2xx answer; throws with the API's error otherwise.
  async ok(method, path, body) {
    const answer = await this.call(method, path, body);
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }

  get(path) { return this.ok('GET', path); }
  post(path, body = {}) { return this.ok('POST', path, body); }
  put(path, body = {}) { return this.ok('PUT', path, body); }
}

export function orgPath(tenant, tail = '') {
  return `/api/v1/orgs/${encodeURIComponent(tenant)}${tail}`;
}

// Connects the stack's xerosync to the emulator the way the console does: POST .../connect gives
// Xero's authorize URL; the emulator (auto-consent) redirects to serve's callback, which answers
// 303 to the console. Returns the console URL it redirected to.
export async function connectThroughApi(stack) {
  const { authorize_url: authorizeUrl } = await stack.admin.api.post('/api/v1/connection/connect');
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = consent.headers.get('location');
  if (!callback) throw new Error(`the emulator did not redirect: ${consent.status} ${await consent.text()}`);
  const landed = await fetch(callback, { redirect: 'manual' });
  if (landed.status !== 303) throw new Error(`the callback answered ${landed.status}: ${await landed.text()}`);
  return landed.headers.get('location');
}

// Starts the emulator and xerosync serve; resolves once both listen and (unless connect: false)
// xerosync is connected to the demo organisations. stop() always ends both and removes the data.
export async function startStack({ name = 'stack', connect = true, syncWorkers = 2 } = {}) {
  const directory = mkdtempSync(join(tmpdir(), `xerosync-browser-${name}-`));
  const children = [];
  const stop = async () => {
    await Promise.all(children.map((child) => child.stop()));
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const callback = `${baseUrl}/api/v1/connection/callback`;
    const emulator = new Child('xero-emulator', join(buildDir, 'src/emulator/xero-emulator'),
      ['--demo', '--auto-consent', '--port', '0', '--redirect-uri', callback], process.env);
    children.push(emulator);
    const [, emulatorUrl] = await emulator.waitFor(/listening on (http:\/\/[0-9.:]+)/);

    const keyFile = join(directory, 'token.key');
    writeFileSync(keyFile, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    mkdirSync(join(directory, 'data'));
    const env = {
      ...process.env,
      XEROSYNC_XERO_URL: emulatorUrl,
      XEROSYNC_DATA_DIR: join(directory, 'data'),
      XEROSYNC_XERO_CLIENT_ID: DEMO_CLIENT_ID,
      XEROSYNC_XERO_CLIENT_SECRET: DEMO_CLIENT_SECRET,
      XEROSYNC_TOKEN_KEY_FILE: keyFile,
      XEROSYNC_REDIRECT_URI: callback,
    };
    const serve = new Child('xerosync serve', join(buildDir, 'src/cli/xerosync'),
      ['serve', '--listen', `127.0.0.1:${port}`, '--sync-workers', String(syncWorkers)], env);
    children.push(serve);
    const [, password] = await serve.waitFor(/sign in as admin with password (\S+)/);
    await serve.waitFor(/listening on http:\/\//);

    const adminApi = await new ApiClient(baseUrl).signIn('admin', password);
    const stack = {
      name, baseUrl, emulatorUrl, directory, serve, emulator,
      admin: { name: 'admin', password, api: adminApi },
      tenant: DEMO_NZ_TENANT,
      stop,
    };
    if (connect) await connectThroughApi(stack);
    return stack;
  } catch (error) {
    await stop();
    throw error;
  }
}

// Makes a user with `role` (viewer, operator, admin) and returns {name, password}.
export async function createUser(stack, name, role) {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  await stack.admin.api.post('/api/v1/users', { name, password, role });
  return { name, password };
}

// An API client for the host app: a new API key of `role` (operator by default).
export async function apiKeyClient(stack, name = 'host-app', role = 'operator') {
  const created = await stack.admin.api.post('/api/v1/api-keys', { name, role });
  return new ApiClient(stack.baseUrl, { key: created.key });
}

// Pushes documents to the stack's organisation with `client` (an API key's, as the host app).
export async function pushDocuments(stack, client, documents, tenant = stack.tenant) {
  return client.post(orgPath(tenant, '/documents'), { documents });
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const args = ['--disable-dev-shm-usage', '--disable-gpu'];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args });
}

// A new page that fails the test on any console error or CSP violation the console causes.
export async function newPage(browser, stack) {
  const context = await browser.newContext({ baseURL: stack.baseUrl, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[13]|Failed to load resource/.test(message.text())) {
      page.problems.push(`console error: ${message.text()}`);
    }
  });
  return page;
}

// Signs in through the console's sign-in page and waits for the frame.
export async function signIn(page, creds) {
  const { name, password } = creds.admin && !creds.password ? creds.admin : creds;
  const base = creds.baseUrl || '';
  if (!page.url().startsWith('http')) await page.goto(base + '/');
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#sign-out').waitFor();
}

// Saves a full-page screenshot as <screenshotDir>/<name>.png and returns its path.
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
