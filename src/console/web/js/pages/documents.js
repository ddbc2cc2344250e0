// Documents: everything the host app sent, filtered by state and kind, paged, found by host id;
// #/documents/<kind>/<host_id> is one document: its state, payload (shown exactly as sent: the
// amounts are never parsed into floats), parents, open error with its fix, link to Xero and
// history, with the actions the user's role allows: pass to accounts, reopen, retry, void and
// delete (each confirmed first).

import { api, orgPath, query } from '../api.js';
import { actionButton, badge, card, confirmDialog, emptyState, errorMessage, field, h, humanize, mount, plural, table, time, toast } from '../ui.js';
import { memberText, prettyJson } from '../json_text.js';
import { KINDS, documentHash, historyHash, historyTimeline } from './log.js';

const STATES = ['pending', 'blocked', 'syncing', 'synced', 'failed', 'paused', 'passed', 'archived'];
const VOIDABLE = ['invoice', 'bill', 'credit_note', 'expense'];
const PAGE_SIZE = 50;

function documentPath(tenant, kind, hostId) {
  return orgPath(tenant, `/documents/${encodeURIComponent(kind)}/${encodeURIComponent(hostId)}`);
}

// ---- the list ----

function filtersForm(context, { state, kind, q }) {
  const stateSelect = h('select', { id: 'filter-state', name: 'state' },
    h('option', { value: '' }, 'All states'),
    STATES.map((s) => h('option', { value: s, selected: s === state }, humanize(s))));
  const kindSelect = h('select', { id: 'filter-kind', name: 'kind' },
    h('option', { value: '' }, 'All kinds'),
    KINDS.map((k) => h('option', { value: k, selected: k === kind }, humanize(k))));
  const search = h('input', { id: 'filter-host-id', name: 'q', type: 'search', value: q || null, placeholder: 'INV-0001', autocomplete: 'off' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter documents' },
    field('State', stateSelect), field('Kind', kindSelect), field('Host id', search),
    h('div', { class: 'field' }, h('span', { class: 'sr-only' }, 'Apply'), h('button', { type: 'submit' }, 'Apply')));
  const apply = () => context.navigate(`#/documents${query({ state: stateSelect.value, kind: kindSelect.value, q: search.value.trim() })}`);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  stateSelect.addEventListener('change', apply);
  kindSelect.addEventListener('change', apply);
  return form;
}

// The documents with host id `q` (of `kind`, or of every kind).
async function findByHostId(tenant, q, kind) {
  const kinds = kind ? [kind] : KINDS;
  const found = await Promise.all(kinds.map((k) => api.get(documentPath(tenant, k, q)).catch((error) => {
    if (error.status === 404) return null;
    throw error;
  })));
  return found.filter(Boolean);
}

function documentsTable(rows, filtered) {
  return table({
    caption: 'Documents',
    rows,
    rowLabel: (row) => `${row.kind} ${row.host_id}`,
    empty: filtered
      ? emptyState({ icon: '⌕', title: 'No documents match', body: 'Try another state, kind or host id.',
        action: h('a', { class: 'button', href: '#/documents' }, 'Show all documents') })
      : emptyState({ icon: '▤', title: 'No documents yet',
        body: 'The host app sends documents to xerosync through the REST API (POST …/documents) with an API key; an admin creates one under Settings. They show here as soon as they arrive.',
        action: h('a', { class: 'button', href: '#/settings' }, 'Go to Settings') }),
    columns: [
      { label: 'Document', render: (row) => h('a', { href: documentHash(row.kind, row.host_id), class: 'document-link' }, `${humanize(row.kind)} ${row.host_id}`) },
      { label: 'State', render: (row) => badge(row.state) },
      { label: 'Version', class: 'num', render: (row) => String(row.version) },
      { label: 'In Xero', render: (row) => row.xero_url
        ? h('a', { href: row.xero_url, target: '_blank', rel: 'noopener noreferrer', 'aria-label': `Open ${row.kind} ${row.host_id} in Xero` }, 'Open in Xero')
        : h('span', { class: 'muted' }, row.xero_id ? 'Yes' : '—') },
      { label: 'Last change', render: (row) => time(row.updated_at) },
      { label: 'History', render: (row) => h('a', { href: historyHash(row.kind, row.host_id), 'aria-label': `History of ${row.kind} ${row.host_id}` }, 'History') },
    ],
  });
}

async function renderList(root, context) {
  const { tenant, params } = context;
  const state = STATES.includes(params.get('state')) ? params.get('state') : '';
  const kind = KINDS.includes(params.get('kind')) ? params.get('kind') : '';
  const q = (params.get('q') || '').trim();
  const after = params.get('after') || '';

  let rows;
  let next = null;
  if (q) {
    rows = (await findByHostId(tenant, q, kind)).filter((row) => !state || row.state === state);
  } else {
    const answer = await api.get(orgPath(tenant, '/documents') + query({ state, kind, after, limit: PAGE_SIZE }));
    rows = answer.documents || [];
    next = answer.next_after;
  }
  const filtered = Boolean(state || kind || q || after);
  mount(root,
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Documents'),
        h('p', { class: 'subtitle' }, `${context.org.name}: what the host app sent, where each document is, and its history.`))),
    filtersForm(context, { state, kind, q }),
    q ? h('p', { class: 'muted', role: 'status' }, `${plural(rows.length, 'document')} with host id ${q}.`) : null,
    documentsTable(rows, filtered),
    h('div', { class: 'row' },
      after ? h('a', { class: 'button', href: `#/documents${query({ state, kind })}` }, 'First page') : null,
      next ? h('a', { class: 'button', href: `#/documents${query({ state, kind, after: next })}` }, 'Next page') : null));
}

// ---- one document ----

// The document and its payload's text as sent. Falls back to api.get for a failure, so that the
// API's message (and a 401's return to sign-in) come as everywhere else.
async function loadDocument(path) {
  const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) {
    await api.get(path);
    throw new Error(`The document could not be read (HTTP ${response.status}).`);
  }
  const text = await response.text();
  const document = JSON.parse(text);
  const payload = memberText(text, 'payload');
  return { document, payloadText: payload === null ? '' : prettyJson(payload) };
}

function facts(document) {
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
  return h('dl', { class: 'facts', id: 'document-facts' },
    row('State', badge(document.state)),
    row('Version', document.synced_version && document.synced_version !== document.version
      ? `${document.version} (version ${document.synced_version} is in Xero)` : String(document.version)),
    row('Operation', humanize(document.operation)),
    row('Accepted', time(document.accepted_at)),
    row('Last change', time(document.updated_at)),
    row('Tries since the last change', String(document.tries)),
    row('Xero id', document.xero_id ? h('span', { class: 'mono' }, document.xero_id) : h('span', { class: 'muted' }, 'Not in Xero yet')));
}

function errorCallout(error) {
  if (!error) return null;
  return h('div', { class: 'callout callout-bad', id: 'document-error' },
    h('h3', {}, 'Sync error ', badge('failed', error.code)),
    h('p', { class: 'error-message' }, error.message),
    error.fix ? h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), error.fix) : null,
    (error.xero_messages || []).length
      ? h('ul', { class: 'plain-list', 'aria-label': 'Xero\'s words' }, error.xero_messages.map((m) => h('li', { class: 'muted' }, `Xero: ${m}`)))
      : null,
    h('a', { href: `#/errors${query({ code: error.code })}` }, 'See it in Sync Errors'));
}

function blockedCallout(document) {
  const why = document.why_blocked;
  if (!why && !document.blocked_by) return null;
  return h('div', { class: 'callout callout-warn', id: 'document-blocked' },
    h('h3', {}, 'Waiting for another document'),
    document.blocked_by ? h('p', {}, 'It waits for ',
      h('a', { href: documentHash(document.blocked_by.kind, document.blocked_by.host_id) },
        `${humanize(document.blocked_by.kind).toLowerCase()} ${document.blocked_by.host_id}`), ' to reach Xero.') : null,
    why ? h('p', { class: 'fix' }, why.message) : null,
    why && why.fix ? h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), why.fix) : null);
}

function actions(context, document, path, done) {
  const { kind, host_id: hostId, state } = document;
  const name = `${humanize(kind).toLowerCase()} ${hostId}`;
  const run = async (title, body, confirmLabel, call, message, danger = false) => {
    const ok = await confirmDialog({ title, body, confirmLabel, danger });
    if (!ok) return;
    try {
      await call();
      done(message);
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };
  const buttons = [];
  if (document.xero_url) {
    buttons.push(h('a', { class: 'button', href: document.xero_url, target: '_blank', rel: 'noopener noreferrer', id: 'open-in-xero' }, 'Open in Xero'));
  }
  if (state === 'failed' && document.error) {
    buttons.push(actionButton(context, 'retry', 'Retry', () => run(`Retry ${name}?`,
      'It is sent again at the next sync, as it is now.', 'Retry',
      () => api.post(orgPath(context.tenant, '/errors/retry'), { ids: [document.error.id] }),
      'It will be sent again at the next sync.')));
  }
  if (['pending', 'blocked', 'failed'].includes(state)) {
    buttons.push(actionButton(context, 'retry', 'Mark passed to accounts', () => run(`Mark ${name} as passed to accounts?`,
      'Use this when it is already in Xero (entered by hand). xerosync will not send it; you can reopen it later.',
      'Mark passed', () => api.post(`${path}/pass`, {}), 'Marked as passed to accounts.')));
  }
  if (state === 'passed') {
    buttons.push(actionButton(context, 'retry', 'Reopen', () => run(`Reopen ${name}?`,
      'xerosync will send it again at the next sync.', 'Reopen', () => api.post(`${path}/reopen`, {}),
      'Reopened: it is sent at the next sync.')));
  }
  if (document.xero_id && document.operation === 'upsert' && state !== 'passed') {
    if (VOIDABLE.includes(kind)) {
      buttons.push(actionButton(context, 'edit', 'Void', () => run(`Void ${name} in Xero?`,
        'A new version asks Xero to void it at the next sync. It stays in Xero, marked void, and cannot be edited there afterwards.',
        'Void it', () => api.post(`${path}/void`, {}), 'It will be voided in Xero at the next sync.', true), { class: 'danger-outline' }));
    }
    const label = kind === 'contact' ? 'Archive in Xero' : 'Delete';
    buttons.push(actionButton(context, 'edit', label, () => run(kind === 'contact' ? `Archive ${name} in Xero?` : `Delete ${name} in Xero?`,
      kind === 'contact' ? 'Xero never deletes a contact: it is archived at the next sync.' : 'A new version asks Xero to delete it at the next sync.',
      label, () => api.del(path), kind === 'contact' ? 'It will be archived in Xero at the next sync.' : 'It will be deleted in Xero at the next sync.', true),
    { class: 'danger-outline' }));
  }
  return buttons;
}

async function renderDocument(root, context, kind, hostId) {
  const path = documentPath(context.tenant, kind, hostId);
  let loaded;
  try {
    loaded = await loadDocument(path);
  } catch (error) {
    if (error.status !== 404) throw error;
    mount(root, emptyState({ icon: '?', title: `No ${humanize(kind).toLowerCase()} with host id ${hostId}`,
      body: 'Check the kind and the id as the host app names it.',
      action: h('a', { class: 'button', href: '#/documents' }, 'All documents') }));
    return;
  }
  const { document, payloadText } = loaded;
  const done = (message) => {
    toast(message, 'good');
    context.reload();
  };
  const history = h('div', { id: 'document-history' });
  mount(root,
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, `${humanize(kind)} ${hostId} `, badge(document.state)),
        h('p', { class: 'subtitle' }, h('a', { href: '#/documents' }, 'All documents'))),
      h('div', { class: 'page-actions', id: 'document-actions' }, actions(context, document, path, done))),
    errorCallout(document.error),
    blockedCallout(document),
    card('Details', facts(document)),
    card('Refers to', (document.parents || []).length
      ? h('ul', { class: 'plain-list', id: 'document-parents' }, document.parents.map((p) =>
        h('li', {}, h('a', { href: documentHash(p.kind, p.host_id) }, `${humanize(p.kind)} ${p.host_id}`), h('span', { class: 'muted' }, ` (${humanize(p.role).toLowerCase()})`))))
      : h('p', { class: 'muted' }, 'No other documents: it does not wait for anything.')),
    card('Payload', h('p', { class: 'hint' }, 'As the host app sent it (amounts exactly as written), without the Xero ids of the documents it refers to.'),
      h('pre', { class: 'payload', id: 'document-payload', tabindex: '0', 'aria-label': 'Payload' }, payloadText)),
    card('History', history, h('p', {}, h('a', { href: historyHash(kind, hostId) }, 'Full history in the Sync Log'))));
  history.append(await historyTimeline(context.tenant, kind, hostId, { limit: 20 }));
}

export async function render(root, context) {
  const { rest } = context;
  if (rest.length >= 2) {
    return renderDocument(root, context, decodeURIComponent(rest[0]), decodeURIComponent(rest.slice(1).join('/')));
  }
  return renderList(root, context);
}
