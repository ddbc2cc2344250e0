// The journeys a finance admin takes through the console (issue 7, "Done when"), in a real
// headless chromium against a real xerosync serve and the Xero emulator: sign in; connect an
// organisation; sync now and watch it finish; open an error, follow its fix (a mapping), retry,
// see it synced; archive an error; disconnect (syncs stop, nothing is lost) and reconnect (the
// backlog syncs by itself); a viewer cannot retry; edit a document's fields; bulk actions by code
// and by selection, by keyboard. A screenshot of each page.
//
// The journeys share one stack and run in order, each starting where the one before left off (as
// one admin's session would). Nothing waits for time: every wait is for a selector, a response or
// a condition the page checks.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  ApiClient, apiKeyClient, createUser, launchBrowser, missingPrerequisite, newPage, orgPath,
  pushDocuments, screenshot, signIn, startStack,
} from './harness.mjs';

const skip = missingPrerequisite();
const WAIT = { timeout: 30_000 };

function invoice(hostId, line, extra = {}) {
  return {
    kind: 'invoice', host_id: hostId,
    parents: [{ kind: 'contact', host_id: 'c-bayside', role: 'contact' }],
    payload: {
      Type: 'ACCREC', InvoiceNumber: hostId, Date: '2026-11-02', DueDate: '2026-11-30',
      Status: 'AUTHORISED', LineAmountTypes: 'Exclusive',
      LineItems: [{ Description: 'Sail repairs', Quantity: 2, UnitAmount: 120.5, ...line }],
      ...extra,
    },
  };
}

const DOCUMENTS = [
  { kind: 'contact', host_id: 'c-bayside', payload: { Name: 'Bayside Sailing Club' } },
  invoice('INV-GOOD', { AccountCode: '200', TaxType: 'OUTPUT2' }),
  // The business app's own account code: fixed by mapping SALES to 200.
  invoice('INV-SALES', { AccountCode: 'SALES', TaxType: 'OUTPUT2' }),
  // A tax code Xero does not know: archived (entered by hand).
  invoice('INV-TAX', { AccountCode: '200', TaxType: 'GST15' }),
  // A currency the organisation does not use: stays open (the viewer's journey).
  invoice('INV-EUR', { AccountCode: '200', TaxType: 'OUTPUT2' }, { CurrencyCode: 'EUR' }),
];

// Until no run is running and nothing waits to be sent: the documents' states are settled (the
// reconnect's backlog run, say, has sent and failed what it will). Asked from inside the page.
async function waitForQuiet(page, stack) {
  await page.waitForFunction(async ({ status, runs }) => {
    const [now, recent] = await Promise.all([fetch(status), fetch(runs)]);
    if (!now.ok || !recent.ok) return false;
    const { documents } = await now.json();
    const latest = (await recent.json()).runs[0];
    return documents.pending + documents.syncing + documents.blocked === 0 && (!latest || latest.outcome !== 'running');
  }, { status: orgPath(stack.tenant, '/status'), runs: orgPath(stack.tenant, '/runs?limit=1') }, { polling: 250, ...WAIT });
}

// The document's state as the API gives it, asked from inside the page (its session).
async function waitForDocumentState(page, stack, kind, hostId, state) {
  await page.waitForFunction(async ({ path, want }) => {
    const response = await fetch(path);
    return response.ok && (await response.json()).state === want;
  }, { path: orgPath(stack.tenant, `/documents/${kind}/${hostId}`), want: state }, { polling: 250, ...WAIT });
}

describe('console journeys', { skip: skip || false }, () => {
  let stack;
  let browser;
  let page;
  let host;

  before(async () => {
    stack = await startStack({ name: 'journeys', connect: false });
    browser = await launchBrowser();
    page = await newPage(browser, stack);
  });

  // Every action's failure shows as an error toast, which stays until dismissed: none may be left.
  afterEach(async () => {
    if (!page) return;
    const failures = await page.locator('.toast-error').allTextContents();
    assert.deepEqual(failures, []);
  });

  after(async () => {
    if (browser) await browser.close();
    if (stack) await stack.stop();
  });

  test('sign in', async () => {
    const response = await page.goto('/');
    // Served from the binary with its security headers.
    const headers = response.headers();
    assert.match(headers['content-security-policy'], /default-src 'self'/);
    assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'no-referrer');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'sign-in');
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#sign-in-error', { hasText: 'wrong user name or password' }).waitFor(WAIT);

    await signIn(page, stack);
    await assert.doesNotReject(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync Errors' }).waitFor());
    assert.equal(await page.locator('.user-name').textContent(), 'admin');
    // Nothing is connected yet: the console says how to start.
    await page.getByRole('heading', { name: 'Connect xerosync to Xero' }).waitFor(WAIT);
    await screenshot(page, 'integrations-not-connected');
  });

  test('connect an organisation', async () => {
    await page.locator('#connect').click();
    // Xero's consent (the emulator consents at once) sends the browser back to the console.
    await page.waitForURL(/#\/integrations\?(connected|choose)=/, WAIT);
    if (page.url().includes('choose=')) {
      await page.locator('#choose-organisations').waitFor(WAIT);
      await page.getByRole('checkbox', { name: 'Demo Company (UK)' }).uncheck();
      await page.getByRole('button', { name: 'Keep these' }).click();
    } else {
      await page.locator('#connected-notice').waitFor(WAIT);
    }
    const org = page.locator('.org-item', { hasText: 'Demo Company (NZ)' });
    await org.getByText('Connected', { exact: true }).waitFor(WAIT);
    await page.locator('#org-picker').waitFor();
    await page.locator('#org-picker').selectOption(stack.tenant);
    await screenshot(page, 'integrations');
  });

  test('sync now and watch it finish', async () => {
    host = await apiKeyClient(stack, 'host-app', 'operator');
    await pushDocuments(stack, host, DOCUMENTS);
    // Xero answers the run's first call slowly, so the run is seen running.
    const fault = await fetch(`${stack.emulatorUrl}/_emulator/faults`, {
      method: 'POST', body: JSON.stringify({ path: '/api.xro/2.0/', delay_ms: 1500, times: 1 }),
    });
    assert.equal(fault.status, 201);

    await page.goto('/#/status');
    await page.getByRole('heading', { name: 'Sync Status' }).waitFor(WAIT);
    await page.locator('#sync-now').click();
    const progress = page.locator('#sync-progress');
    await page.locator('#sync-progress[data-state="running"]').waitFor(WAIT);
    await progress.getByRole('progressbar', { name: 'Sync progress' }).waitFor(WAIT);
    await page.locator('#sync-progress[data-state="done"]').waitFor(WAIT);
    const figures = await progress.locator('.run-figures').textContent();
    assert.match(figures, /\d+ documents? synced, \d+ failed, \d+ blocked/);
    // Whichever run took them (the scheduler may have started one as they arrived), the good
    // documents are in Xero and the three bad ones failed.
    const admin = stack.admin.api;
    assert.equal((await admin.get(orgPath(stack.tenant, '/documents/invoice/INV-GOOD'))).state, 'synced');
    const open = await admin.get(orgPath(stack.tenant, '/errors?status=open'));
    assert.equal(open.errors.length, 3);
    // The run is in the list, manual, with its figures; the totals count it.
    const run = page.locator('tbody tr', { hasText: 'Manual' }).first();
    await run.waitFor(WAIT);
    assert.match(await run.textContent(), /Partial|Succeeded/);
    assert.notEqual(await page.locator('#stat-total .stat-value').textContent(), '0');
    await screenshot(page, 'status');
  });

  test('open an error, follow its fix, retry, see it synced', async () => {
    await page.goto('/#/errors');
    const row = page.locator('tbody tr', { hasText: 'INV-SALES' });
    await row.waitFor(WAIT);
    assert.match(await row.textContent(), /SALES/);
    await screenshot(page, 'errors');

    // The fix: map SALES to a Xero account, chosen from the organisation's own list.
    await row.getByRole('link', { name: 'Map SALES in Mapping' }).click();
    await page.waitForURL(/#\/mapping\?kind=account&from=SALES/);
    const to = page.getByLabel('Xero account');
    await to.waitFor(WAIT);
    assert.equal(await page.getByLabel('The business app\'s account code').inputValue(), 'SALES');
    await to.selectOption('200');
    await screenshot(page, 'mapping');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.locator('tbody tr', { hasText: 'SALES' }).waitFor(WAIT);

    // The mapping queued it again; retry it now from the errors list.
    await page.goto('/#/errors');
    const again = page.locator('tbody tr', { hasText: 'INV-SALES' });
    await again.getByText('Queued for the next sync').waitFor(WAIT);
    await again.getByRole('button', { name: /^Retry error \d+ now$/ }).click();
    await page.locator('.toast', { hasText: /^Sync (succeeded|partial): 1 synced/ }).waitFor(WAIT);
    await waitForDocumentState(page, stack, 'invoice', 'INV-SALES', 'synced');

    // It left the open errors, and shows as resolved.
    await page.goto('/#/errors');
    await page.locator('tbody tr', { hasText: 'INV-TAX' }).waitFor(WAIT);
    assert.equal(await page.locator('tbody tr', { hasText: 'INV-SALES' }).count(), 0);
    await page.getByLabel('Status').selectOption('resolved');
    await page.locator('tbody tr', { hasText: 'INV-SALES' }).waitFor(WAIT);
  });

  test('archive an error, and un-archive it', async () => {
    await page.goto('/#/errors');
    const row = page.locator('tbody tr', { hasText: 'INV-TAX' });
    await row.waitFor(WAIT);
    await row.getByRole('button', { name: 'Archive' }).click();
    const dialog = page.getByRole('dialog', { name: 'Archive this error?' });
    await dialog.waitFor();
    // The reason is required.
    await dialog.getByRole('button', { name: 'Archive' }).click();
    await dialog.getByText('Reason is required.').waitFor();
    await dialog.getByLabel('Reason').fill('Entered in Xero by hand');
    await dialog.getByRole('button', { name: 'Archive' }).click();
    await page.locator('.toast', { hasText: '1 error archived' }).waitFor(WAIT);
    await page.locator('tbody tr', { hasText: 'INV-EUR' }).waitFor(WAIT);
    assert.equal(await page.locator('tbody tr', { hasText: 'INV-TAX' }).count(), 0);

    await page.getByLabel('Status').selectOption('archived');
    const archived = page.locator('tbody tr', { hasText: 'INV-TAX' });
    await archived.waitFor(WAIT);
    assert.match(await archived.textContent(), /Entered in Xero by hand/);
    await screenshot(page, 'errors-archived');

    // Archived by mistake: un-archive it (reason required), and it is open again.
    await archived.getByRole('button', { name: 'Un-archive' }).click();
    const undo = page.getByRole('dialog', { name: 'Un-archive this error?' });
    await undo.getByLabel('Reason').fill('Not entered after all');
    await undo.getByRole('button', { name: 'Un-archive' }).click();
    await page.locator('.toast', { hasText: 'Error un-archived' }).waitFor(WAIT);
    await page.getByRole('heading', { name: 'No archived errors' }).waitFor(WAIT);
    const reopened = await stack.admin.api.get(orgPath(stack.tenant, '/errors?status=open'));
    assert.ok(reopened.errors.some((error) => error.code === 'tax_rate.unknown'));
    // And archived again, for good.
    await page.goto('/#/errors?code=tax_rate.unknown');
    await page.locator('tbody tr', { hasText: 'INV-TAX' }).getByRole('button', { name: 'Archive' }).click();
    const again = page.getByRole('dialog', { name: 'Archive this error?' });
    await again.getByLabel('Reason').fill('Entered in Xero by hand');
    await again.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('heading', { name: 'No open errors with code tax_rate.unknown' }).waitFor(WAIT);
  });

  test('disconnect (syncs stop, nothing is lost) and reconnect (the backlog syncs by itself)', async () => {
    await page.goto('/#/integrations');
    const org = page.locator('.org-item', { hasText: 'Demo Company (NZ)' });
    await org.getByRole('button', { name: 'Disconnect Demo Company (NZ)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect Demo Company (NZ)?' });
    await dialog.getByText('stops all syncs until you reconnect; your data is kept').waitFor();
    await screenshot(page, 'integrations-disconnect');
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await org.getByText('Disconnected', { exact: true }).waitFor(WAIT);

    // The host app keeps pushing; xerosync keeps what it gets but sends nothing.
    await pushDocuments(stack, host, [invoice('INV-LATER', { AccountCode: '200', TaxType: 'OUTPUT2' })]);
    const admin = stack.admin.api;
    const refused = await admin.call('POST', orgPath(stack.tenant, '/sync'), {});
    if (refused.status === 200) assert.equal(refused.body.run.counts.api_calls, 0);
    const kept = await admin.get(orgPath(stack.tenant, '/documents/invoice/INV-LATER'));
    assert.notEqual(kept.state, 'synced');
    assert.equal((await admin.get(orgPath(stack.tenant, '/documents/invoice/INV-GOOD'))).state, 'synced');
    await screenshot(page, 'integrations-disconnected');

    await page.locator('#reconnect').click();
    await page.waitForURL(/#\/integrations\?(connected|choose)=/, WAIT);
    if (page.url().includes('choose=')) {
      await page.getByRole('checkbox', { name: 'Demo Company (UK)' }).uncheck();
      await page.getByRole('button', { name: 'Keep these' }).click();
    }
    await page.locator('.org-item', { hasText: 'Demo Company (NZ)' }).getByText('Connected', { exact: true }).waitFor(WAIT);
    // Nobody presses Sync now: reconnecting runs the backlog.
    await waitForDocumentState(page, stack, 'invoice', 'INV-LATER', 'synced');
  });

  test('a viewer cannot retry', async () => {
    await waitForQuiet(page, stack);
    await waitForDocumentState(page, stack, 'invoice', 'INV-EUR', 'failed');
    const viewer = await createUser(stack, 'vera', 'viewer');
    const context = await browser.newContext({ baseURL: stack.baseUrl });
    try {
      const viewerPage = await context.newPage();
      await viewerPage.goto('/');
      await signIn(viewerPage, viewer);
      await viewerPage.goto('/#/errors');
      const row = viewerPage.locator('tbody tr', { hasText: 'INV-EUR' });
      await row.waitFor(WAIT);
      // The button is not offered: disabled, saying which role may.
      const retry = row.getByRole('button', { name: /^Retry/ });
      assert.equal(await retry.getAttribute('aria-disabled'), 'true');
      assert.equal(await retry.getAttribute('title'), 'Needs the operator or admin role');
      assert.equal(await row.locator('input[type=checkbox]').count(), 0);
      await screenshot(viewerPage, 'errors-viewer');

      // And the API refuses it.
      const api = await new ApiClient(stack.baseUrl).signIn(viewer.name, viewer.password);
      const errors = await api.get(orgPath(stack.tenant, '/errors?status=open'));
      assert.ok(errors.errors.length > 0);
      const answer = await api.call('POST', orgPath(stack.tenant, '/errors/retry'), { ids: [errors.errors[0].id] });
      assert.equal(answer.status, 403);
      assert.equal(answer.body.error.code, 'permission_denied');

      // A session that ends (here: the cookie is gone) sends the console back to sign-in.
      await context.clearCookies();
      await viewerPage.getByRole('link', { name: 'Sync Status' }).click();
      await viewerPage.getByText('Your session has ended. Sign in again.').waitFor(WAIT);
      await signIn(viewerPage, viewer);
      // On a phone the navigation runs across the top.
      await viewerPage.setViewportSize({ width: 390, height: 844 });
      await viewerPage.goto('/#/status');
      await viewerPage.locator('#stat-total').waitFor(WAIT);
      await screenshot(viewerPage, 'status-phone');
      // Sign out ends the session.
      await viewerPage.locator('#sign-out').click();
      await viewerPage.getByText('You are signed out.').waitFor(WAIT);
      await viewerPage.goto('/#/errors');
      await viewerPage.getByRole('heading', { name: 'Sign in' }).waitFor(WAIT);
    } finally {
      await context.close();
    }
  });

  test('edit the offending fields of a document', async () => {
    // The reconnect's backlog run may still be sending it: it fails again (the currency).
    await waitForQuiet(page, stack);
    await waitForDocumentState(page, stack, 'invoice', 'INV-EUR', 'failed');
    await page.goto('/#/errors');
    const row = page.locator('tbody tr', { hasText: 'INV-EUR' });
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit the document' });
    // The dialog starts from the document as it is.
    assert.equal(await dialog.getByLabel('Account code').inputValue(), '200');
    assert.equal(await dialog.getByLabel('Currency').inputValue(), 'EUR');
    await dialog.getByLabel('Currency').fill('NZD');
    await screenshot(page, 'errors-edit');
    await dialog.getByRole('button', { name: 'Save and retry' }).click();
    await page.locator('.toast', { hasText: 'The new version is sent at the next sync' }).waitFor(WAIT);
    await page.goto('/#/status');
    await page.locator('#sync-now').click();
    await page.locator('#sync-progress[data-state="done"]').waitFor(WAIT);
    await waitForDocumentState(page, stack, 'invoice', 'INV-EUR', 'synced');
    const document = await stack.admin.api.get(orgPath(stack.tenant, '/documents/invoice/INV-EUR'));
    assert.equal(document.payload.CurrencyCode, 'NZD');
    assert.equal(document.version, 2);
  });

  test('act on several errors at once, by code and by selection, from the keyboard', async () => {
    await pushDocuments(stack, host, [
      invoice('INV-TAX-2', { AccountCode: '200', TaxType: 'GST15' }),
      invoice('INV-TAX-3', { AccountCode: '200', TaxType: 'GST15' }),
    ]);
    await stack.admin.api.post(orgPath(stack.tenant, '/sync'));
    await page.goto('/#/errors?code=tax_rate.unknown');
    await page.locator('tbody tr', { hasText: 'INV-TAX-3' }).waitFor(WAIT);
    assert.equal(await page.locator('tbody tr').count(), 2);

    // Every open error of the code, in one go.
    await page.locator('#retry-code').click();
    await page.locator('.toast', { hasText: '2 documents will be sent again' }).waitFor(WAIT);

    // Select both and archive them, by keyboard only.
    await page.locator('tbody tr', { hasText: 'INV-TAX-3' }).waitFor(WAIT);
    await page.getByRole('checkbox', { name: 'Select all' }).focus();
    await page.keyboard.press('Space');
    const bulk = page.locator('#bulk-actions');
    await bulk.getByText('2 selected').waitFor();
    const archive = bulk.getByRole('button', { name: 'Archive' });
    await archive.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Archive 2 errors?' });
    await dialog.waitFor();
    // Esc cancels and gives the focus back.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await archive.evaluate((button) => button === document.activeElement), true);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    // The reason field has the focus; Tab stays inside the dialog.
    await page.keyboard.type('Duplicates of INV-TAX');
    for (let i = 0; i < 4; ++i) await page.keyboard.press('Tab');
    assert.equal(await dialog.evaluate((element) => element.contains(document.activeElement)), true);
    await dialog.getByLabel('Reason').focus();
    await page.keyboard.press('Enter');
    await page.locator('.toast', { hasText: '2 errors archived' }).waitFor(WAIT);
    await page.getByRole('heading', { name: 'No open errors with code tax_rate.unknown' }).waitFor(WAIT);
    const archived = await stack.admin.api.get(orgPath(stack.tenant, '/errors?status=archived&code=tax_rate.unknown'));
    assert.equal(archived.errors.length, 3);
    assert.deepEqual(page.problems, []);
  });
});
