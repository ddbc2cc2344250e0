// Sync Errors: each failed document with the message and the fix, links to the document, to the
// fix (a prefilled mapping) and to Xero; filters by code and status; archived errors viewable;
// per row and in bulk (by selection, or every open error of a code): retry, archive with a
// reason, mark passed to accounts, edit the offending fields, and un-archive.

import { api, orgPath, query } from '../api.js';
import { mappingFix } from '../fixes.js';
import { actionButton, badge, confirmDialog, emptyState, errorMessage, field, h, mount, plural, table, time, toast } from '../ui.js';

const STATUSES = [
  { value: 'open', label: 'Open' },
  { value: 'archived', label: 'Archived' },
  { value: 'resolved', label: 'Resolved' },
];
// The documents of errors in each status are in these states (for the links to them).
// An open error's document is failed, or already queued again (a retry, a mapping that fixes it).
const DOCUMENT_STATES = {
  open: ['failed', 'paused', 'pending', 'blocked', 'syncing'],
  archived: ['archived'],
  resolved: ['synced', 'passed'],
};
const QUEUED = ['pending', 'blocked', 'syncing'];

function mappingLink(fix) {
  const label = fix.kind === 'setting' ? 'Turn on creating missing contacts' :
    fix.kind === 'default' ? 'Set a default in Mapping' : `Map ${fix.from || 'it'} in Mapping`;
  return h('a', { class: 'fix-link', href: `#/mapping${query(fix)}` }, label);
}

async function documentIndex(tenant, status) {
  const index = new Map();
  const lists = await Promise.all((DOCUMENT_STATES[status] || []).map((state) =>
    api.get(orgPath(tenant, '/documents') + query({ state, limit: 500 })).catch(() => ({ documents: [] }))));
  for (const list of lists) for (const document of list.documents || []) index.set(document.id, document);
  return index;
}

function documentPath(document) {
  return `/documents/${encodeURIComponent(document.kind)}/${encodeURIComponent(document.host_id)}`;
}

export async function render(root, context) {
  const { tenant, params } = context;
  const status = STATUSES.some((s) => s.value === params.get('status')) ? params.get('status') : 'open';
  const code = params.get('code') || '';
  const after = params.get('after') || '';

  const [listed, all, documents] = await Promise.all([
    api.get(orgPath(tenant, '/errors') + query({ status, code, after, limit: 100 })),
    api.get(orgPath(tenant, '/errors') + query({ status, limit: 500 })),
    documentIndex(tenant, status),
  ]);
  const errors = listed.errors || [];
  const codes = [...new Set([...(all.errors || []).map((error) => error.code), ...(code ? [code] : [])])].sort();

  const go = (changes) => {
    const next = { status, code, ...changes };
    if (next.status === 'open') delete next.status;
    context.navigate(`#/errors${query(next)}`);
  };
  const reload = () => context.reload();
  const done = (message) => {
    toast(message, 'good');
    reload();
  };
  const failed = (error) => toast(errorMessage(error), 'error');

  async function retry(ids) {
    try {
      const { retried } = await api.post(orgPath(tenant, '/errors/retry'), { ids });
      done(`${plural(retried, 'document')} will be sent again at the next sync.`);
    } catch (error) {
      failed(error);
    }
  }

  async function archive(rows) {
    const reason = await confirmDialog({
      title: rows.length === 1 ? 'Archive this error?' : `Archive ${rows.length} errors?`,
      body: 'Archived errors leave the list and their documents are not sent again. You can un-archive them later.',
      confirmLabel: 'Archive',
      input: { label: 'Reason', required: true, hint: 'For example: entered in Xero by hand.' },
    });
    if (!reason) return;
    try {
      for (const row of rows) await api.post(orgPath(tenant, `/errors/${row.id}/archive`), { reason });
      done(`${plural(rows.length, 'error')} archived.`);
    } catch (error) {
      failed(error);
    }
  }

  async function pass(rows) {
    const ok = await confirmDialog({
      title: rows.length === 1 ? 'Mark as passed to accounts?' : `Mark ${rows.length} documents as passed to accounts?`,
      body: 'Use this when the document is already in Xero (entered by hand). xerosync will not send it; you can reopen it later.',
      confirmLabel: 'Mark passed',
    });
    if (!ok) return;
    try {
      for (const row of rows) {
        const document = documents.get(row.document_id);
        if (!document) throw new Error(`The document of error ${row.id} was not found.`);
        await api.post(orgPath(tenant, `${documentPath(document)}/pass`), {});
      }
      done(`${plural(rows.length, 'document')} marked as passed to accounts.`);
    } catch (error) {
      failed(error);
    }
  }

  // The document's fields as they are now, to start the edit from (empty when it cannot be read).
  async function currentFields(row) {
    const document = documents.get(row.document_id);
    if (!document) return { lines: [] };
    try {
      const detail = await api.get(orgPath(tenant, documentPath(document)));
      const payload = detail.payload || {};
      return {
        lines: payload.LineItems || [],
        Date: payload.Date || '',
        CurrencyCode: payload.CurrencyCode || '',
        ContactID: (payload.Contact && payload.Contact.ContactID) || '',
      };
    } catch {
      return { lines: [] };
    }
  }

  async function edit(row) {
    const now = await currentFields(row);
    // With one line its codes are shown; with several, the codes are typed for the chosen line.
    const single = now.lines.length <= 1 ? now.lines[0] || {} : {};
    const before = { AccountCode: single.AccountCode || '', TaxType: single.TaxType || '',
      Date: now.Date, CurrencyCode: now.CurrencyCode, ContactID: now.ContactID };
    const fields = [];
    if (now.lines.length > 1) {
      fields.push({ name: 'line', label: 'Line', value: '0', options: now.lines.map((line, index) =>
        ({ value: String(index), label: `${index + 1}: ${line.Description || line.AccountCode || ''}` })) });
    }
    fields.push(
      { name: 'AccountCode', label: 'Account code', value: before.AccountCode },
      { name: 'TaxType', label: 'Tax rate', value: before.TaxType },
      { name: 'Date', label: 'Date', value: now.Date, hint: 'YYYY-MM-DD' },
      { name: 'CurrencyCode', label: 'Currency', value: now.CurrencyCode },
      { name: 'ContactID', label: 'Xero contact id', value: now.ContactID,
        hint: 'The document then names this Xero contact instead of its own.' });
    const values = await confirmDialog({
      title: 'Edit the document',
      body: 'Saves a new version of the document with the fields you change; it is sent at the next sync.',
      confirmLabel: 'Save and retry',
      fields,
    });
    if (!values) return;
    const body = { fields: {} };
    for (const [name, value] of Object.entries(values)) {
      if (name === 'line') body.line = Number.parseInt(value, 10);
      else if (value !== before[name]) body.fields[name] = value;
    }
    if (Object.keys(body.fields).length === 0) {
      toast('Nothing was changed.', 'info');
      return;
    }
    if (!('AccountCode' in body.fields) && !('TaxType' in body.fields)) delete body.line;
    try {
      await api.post(orgPath(tenant, `/errors/${row.id}/edit`), body);
      done('Saved. The new version is sent at the next sync.');
    } catch (error) {
      failed(error);
    }
  }

  async function unarchive(row) {
    const reason = await confirmDialog({
      title: 'Un-archive this error?',
      body: 'The error opens again and its document is sent at the next sync.',
      confirmLabel: 'Un-archive',
      input: { label: 'Reason', required: true },
    });
    if (!reason) return;
    try {
      await api.post(orgPath(tenant, `/errors/${row.id}/unarchive`), { reason });
      done('Error un-archived.');
    } catch (error) {
      failed(error);
    }
  }

  // Filters.
  const statusSelect = h('select', { id: 'filter-status', onchange: () => go({ status: statusSelect.value, code: '' }) },
    STATUSES.map((s) => h('option', { value: s.value, selected: s.value === status }, s.label)));
  const codeSelect = h('select', { id: 'filter-code', onchange: () => go({ code: codeSelect.value }) },
    h('option', { value: '' }, 'All codes'),
    codes.map((c) => h('option', { value: c, selected: c === code }, c)));
  const filters = h('div', { class: 'filters', role: 'search' },
    field('Status', statusSelect), field('Error code', codeSelect));

  // Bulk actions, shown once rows are selected.
  let selection = [];
  const bulkCount = h('strong', {});
  const bulk = h('div', { class: 'bulk-bar', id: 'bulk-actions', hidden: true },
    bulkCount,
    actionButton(context, 'retry', 'Retry', () => {
      const waiting = selection.filter((row) => !queued(row));
      if (waiting.length === 0) {
        toast('These documents are already queued for the next sync.', 'info');
        return undefined;
      }
      return retry(waiting.map((row) => row.id));
    }, { class: 'small' }),
    actionButton(context, 'archive', 'Archive', () => archive(selection), { class: 'small' }),
    actionButton(context, 'retry', 'Mark passed to accounts', () => pass(selection), { class: 'small' }));
  const onSelect = (rows) => {
    selection = rows;
    bulk.hidden = rows.length === 0;
    bulkCount.textContent = `${rows.length} selected`;
  };

  const byCode = code && status === 'open' && errors.length > 0
    ? h('div', { class: 'callout callout-info row spread' },
      h('span', {}, `Showing every open error with code ${code}.`),
      actionButton(context, 'retry', `Retry all ${code}`, async () => {
        try {
          const { retried } = await api.post(orgPath(tenant, '/errors/retry'), { code });
          done(`${plural(retried, 'document')} will be sent again at the next sync.`);
        } catch (error) {
          failed(error);
        }
      }, { id: 'retry-code' }))
    : null;

  async function syncNow() {
    try {
      const { run } = await api.post(orgPath(tenant, '/sync'));
      done(`Sync ${run.outcome}: ${run.counts.synced} synced, ${run.counts.failed} failed.`);
    } catch (error) {
      failed(error);
    }
  }

  const queued = (row) => {
    const document = documents.get(row.document_id);
    return row.status === 'open' && document && QUEUED.includes(document.state);
  };

  const rowActions = (row) => {
    if (queued(row)) {
      // Already on its way (a retry, or a mapping that fixes it): offer to send it now.
      return h('div', { class: 'row' },
        badge('queued', 'Queued for the next sync'),
        actionButton(context, 'sync_now', 'Retry now', syncNow, { class: 'small', 'aria-label': `Retry error ${row.id} now` }),
        actionButton(context, 'edit', 'Edit', () => edit(row), { class: 'small' }),
        actionButton(context, 'archive', 'Archive', () => archive([row]), { class: 'small' }));
    }
    if (row.status === 'archived') {
      return actionButton(context, 'archive', 'Un-archive', () => unarchive(row), { class: 'small' });
    }
    if (row.status !== 'open') return h('span', { class: 'muted' }, row.closed_reason || '');
    return h('div', { class: 'row' },
      actionButton(context, 'retry', 'Retry', () => retry([row.id]), { class: 'small', 'aria-label': `Retry error ${row.id}` }),
      actionButton(context, 'edit', 'Edit', () => edit(row), { class: 'small' }),
      actionButton(context, 'archive', 'Archive', () => archive([row]), { class: 'small' }),
      actionButton(context, 'retry', 'Mark passed', () => pass([row]), { class: 'small' }));
  };

  const describe = (row) => {
    const document = documents.get(row.document_id);
    const fix = row.status === 'open' ? mappingFix(row, document ? document.kind : '') : null;
    const xeroUrl = row.xero_url || (document && document.xero_url);
    return h('div', { class: 'error-detail' },
      h('div', { class: 'row' }, badge(row.status === 'open' ? 'failed' : row.status, row.code)),
      h('p', { class: 'error-message' }, row.message),
      row.fix ? h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), row.fix) : null,
      row.status === 'archived' && row.closed_reason ? h('p', { class: 'muted' }, `Archived by ${row.closed_by}: ${row.closed_reason}`) : null,
      h('details', { class: 'error-more' },
        h('summary', {}, 'Details'),
        h('dl', { class: 'facts' },
          h('dt', {}, 'First seen'), h('dd', {}, time(row.first_seen)),
          h('dt', {}, 'Seen'), h('dd', {}, plural(row.attempts, 'time')),
          (row.xero_messages || []).length ? [h('dt', {}, 'Xero said'), h('dd', {}, row.xero_messages.join(' · '))] : null,
          row.correlation_id ? [h('dt', {}, 'Correlation id'), h('dd', {}, h('code', {}, row.correlation_id))] : null,
          h('dt', {}, 'Error id'), h('dd', {}, String(row.id)))),
      h('div', { class: 'row' },
        fix && context.can('mappings') ? mappingLink(fix) : null,
        fix && !context.can('mappings') ? h('span', { class: 'muted', title: 'Needs the admin role' }, 'An admin can fix this in Mapping') : null,
        xeroUrl ? h('a', { href: xeroUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Open in Xero') : null));
  };

  const list = table({
    caption: 'Sync errors',
    rows: errors,
    // Only someone who may act on a selection gets the checkboxes.
    selectable: status === 'open' && (context.can('retry') || context.can('archive')),
    onSelect,
    rowLabel: (row) => {
      const document = documents.get(row.document_id);
      return document ? `${document.kind} ${document.host_id}` : `error ${row.id}`;
    },
    empty: status === 'open'
      ? emptyState({ title: code ? `No open errors with code ${code}` : 'No sync errors',
        body: code ? 'Every document with this code has been dealt with.' : 'Every document reached Xero or is on its way. Errors show here when Xero or a pre-flight check refuses a document.' })
      : emptyState({ icon: '☐', title: `No ${status} errors`, body: status === 'archived' ? 'Errors you archive are kept here, and can be un-archived.' : 'Errors resolved by a later sync show here.' }),
    columns: [
      { label: 'Document', render: (row) => {
        const document = documents.get(row.document_id);
        if (!document) return h('span', { class: 'muted' }, `Document ${row.document_id}`);
        return h('a', { href: `#${documentPath(document)}`, class: 'document-link' }, `${document.kind} ${document.host_id}`);
      } },
      { label: 'Problem and fix', render: describe },
      { label: 'Last seen', render: (row) => h('div', {}, time(row.last_seen), h('div', { class: 'muted' }, plural(row.attempts, 'time'))) },
      { label: 'Actions', class: 'actions', render: rowActions },
    ],
  });

  mount(root, 
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Sync Errors'),
        h('p', { class: 'subtitle' }, `${context.org.name}: documents Xero or a pre-flight check refused, with what to do about each.`))),
    filters, byCode, bulk, list,
    listed.next_after ? h('div', { class: 'row' }, h('button', { type: 'button', onclick: () => go({ after: listed.next_after }) }, 'Next page')) : null);
}
