// Sync Log: every sync run with its trigger, status and figures, newest first; a run expands to
// what it did, document by document (GET .../runs/{id}/documents). #/log/<kind>/<host_id> is one
// document's history (GET .../documents/{kind}/{host_id}/history): its versions, each attempt
// with its run and error, and the users' actions, newest first. The Documents page links here and
// embeds historyTimeline().

import { api, orgPath, query } from '../api.js';
import { badge, card, clear, emptyState, errorBox, field, h, humanize, loading, mount, plural, table, time } from '../ui.js';

export const KINDS = ['contact', 'invoice', 'bill', 'credit_note', 'payment', 'allocation', 'expense'];

// What each outcome of an attempt means, in words, and its badge.
const OUTCOMES = {
  written: { label: 'Sent to Xero', tone: 'synced' },
  rejected: { label: 'Refused', tone: 'failed' },
  retry: { label: 'Will retry', tone: 'pending' },
  resend: { label: 'To send again', tone: 'pending' },
  paused: { label: 'Paused', tone: 'paused' },
  ambiguous: { label: 'Outcome unknown', tone: 'blocked' },
  blocked: { label: 'Waiting for a parent', tone: 'blocked' },
};

const ACTIONS = {
  'document.retry': 'Retried',
  'document.pass': 'Marked passed to accounts',
  'document.reopen': 'Reopened',
  'document.edit': 'Edited',
  'error.archive': 'Error archived',
  'error.unarchive': 'Error un-archived',
  'document.date_shifted': 'Dated after the lock date',
};

export function outcomeBadge(outcome) {
  const known = OUTCOMES[outcome] || { label: humanize(outcome), tone: outcome };
  return badge(known.tone, known.label);
}

export function documentHash(kind, hostId) {
  return `#/documents/${encodeURIComponent(kind)}/${encodeURIComponent(hostId)}`;
}

export function historyHash(kind, hostId) {
  return `#/log/${encodeURIComponent(kind)}/${encodeURIComponent(hostId)}`;
}

function when(entry) {
  return h('div', { class: 'timeline-when' }, time(entry.at));
}

// One entry of a document's history as a list item.
function entryItem(entry) {
  if (entry.type === 'version') {
    return h('li', { class: 'timeline-item timeline-version', dataset: { type: 'version' } },
      when(entry),
      h('div', { class: 'timeline-body' },
        h('strong', {}, `Version ${entry.version} accepted`),
        ` · ${humanize(entry.operation)}`,
        h('div', { class: 'muted mono', title: 'Content hash: equal hashes, same content' }, entry.content_hash)));
  }
  if (entry.type === 'attempt') {
    const error = entry.error;
    return h('li', { class: `timeline-item timeline-attempt outcome-${entry.outcome}`, dataset: { type: 'attempt', outcome: entry.outcome } },
      when(entry),
      h('div', { class: 'timeline-body' },
        h('div', { class: 'row' }, outcomeBadge(entry.outcome),
          h('span', {}, entry.sent ? `Version ${entry.version} sent` : `Version ${entry.version} not sent: refused by a pre-flight check`),
          entry.run_id ? h('a', { href: `#/log${query({ before: entry.run_id + 1, run: entry.run_id })}` }, `Sync #${entry.run_id}`) : null),
        error ? h('p', { class: 'error-message' }, h('code', {}, error.code), ' ', error.message) : null,
        entry.xero_id ? h('div', { class: 'muted mono' }, `Xero id ${entry.xero_id}`) : null));
  }
  return h('li', { class: 'timeline-item timeline-action', dataset: { type: 'action', action: entry.action } },
    when(entry),
    h('div', { class: 'timeline-body' },
      h('strong', {}, ACTIONS[entry.action] || entry.action), ` by ${entry.actor}`,
      entry.detail ? h('div', { class: 'muted' }, entry.detail) : null));
}

// A document's history: the newest `limit` entries, with "Show older" while there are more.
// Resolves to the element (empty state when there is nothing yet).
export async function historyTimeline(tenant, kind, hostId, { limit = 50 } = {}) {
  const path = orgPath(tenant, `/documents/${encodeURIComponent(kind)}/${encodeURIComponent(hostId)}/history`);
  const first = await api.get(path + query({ limit }));
  if (first.entries.length === 0) {
    return emptyState({ icon: '⌛', title: 'No history yet', body: 'The history starts when the document is accepted.' });
  }
  const list = h('ol', { class: 'timeline', 'aria-label': `History of ${kind} ${hostId}` }, first.entries.map(entryItem));
  const wrap = h('div', {}, list);
  let next = first.next_offset;
  const more = h('button', { type: 'button', class: 'small', hidden: next === null, onclick: async () => {
    const page = await api.get(path + query({ limit, offset: next }));
    mount(list, page.entries.map(entryItem));
    next = page.next_offset;
    more.hidden = next === null;
  } }, 'Show older');
  wrap.append(more);
  return wrap;
}

function duration(run) {
  if (!run.finished_at) return 'running';
  const seconds = Math.max(0, Math.round((new Date(run.finished_at) - new Date(run.started_at)) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function figures(run) {
  const c = run.counts || {};
  return `${c.synced || 0} synced · ${c.failed || 0} failed · ${c.blocked || 0} blocked · ${c.paused || 0} paused`;
}

// What one run did, document by document.
async function runDocuments(tenant, run) {
  const answer = await api.get(orgPath(tenant, `/runs/${run.id}/documents`) + query({ limit: 500 }));
  const rows = answer.documents || [];
  return h('div', { class: 'run-detail' },
    h('dl', { class: 'facts' },
      h('dt', {}, 'Started'), h('dd', {}, time(run.started_at)),
      h('dt', {}, 'Finished'), h('dd', {}, run.finished_at ? time(run.finished_at) : 'Still running'),
      h('dt', {}, 'Calls to Xero'), h('dd', {}, String((run.counts || {}).api_calls || 0)),
      run.joined ? [h('dt', {}, 'Joined'), h('dd', {}, 'Another sync request joined this run')] : null,
      run.detail ? [h('dt', {}, 'Detail'), h('dd', {}, run.detail)] : null),
    table({
      caption: `Documents of sync #${run.id}`,
      rows,
      rowLabel: (row) => `${row.kind} ${row.host_id}`,
      empty: h('p', { class: 'muted' }, 'This sync sent nothing: every document was up to date.'),
      columns: [
        { label: 'Document', render: (row) => h('a', { href: documentHash(row.kind, row.host_id) }, `${humanize(row.kind)} ${row.host_id}`) },
        { label: 'Outcome', render: (row) => outcomeBadge(row.outcome) },
        { label: 'Version', class: 'num', render: (row) => String(row.version) },
        { label: 'Detail', render: (row) => row.error ? h('span', {}, h('code', {}, row.error.code), ' ', row.error.message) : h('span', { class: 'muted' }, row.xero_id ? `Xero id ${row.xero_id}` : '') },
        { label: 'History', render: (row) => h('a', { href: historyHash(row.kind, row.host_id), 'aria-label': `History of ${row.kind} ${row.host_id}` }, 'History') },
      ],
    }),
    answer.next_after ? h('p', { class: 'muted' }, 'Showing the first 500 documents of this sync.') : null);
}

function findForm(context, kind = 'invoice', hostId = '') {
  const kindSelect = h('select', { name: 'kind' }, KINDS.map((k) => h('option', { value: k, selected: k === kind }, humanize(k))));
  const idInput = h('input', { name: 'host_id', value: hostId || null, placeholder: 'INV-0001', autocomplete: 'off' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Find a document\'s history' },
    field('Kind', kindSelect), field('Host id', idInput),
    h('div', { class: 'field' }, h('span', { class: 'sr-only' }, 'Find'), h('button', { type: 'submit' }, 'Show history')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = idInput.value.trim();
    if (id) context.navigate(historyHash(kindSelect.value, id));
    else idInput.focus();
  });
  return form;
}

async function renderHistory(root, context, kind, hostId) {
  mount(root,
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, `History of ${humanize(kind).toLowerCase()} ${hostId}`),
        h('p', { class: 'subtitle' }, 'Every version, every attempt to send it and every action on it, newest first.')),
      h('div', { class: 'page-actions' },
        h('a', { class: 'button', href: documentHash(kind, hostId) }, 'Open the document'),
        h('a', { class: 'button', href: '#/log' }, 'All syncs'))),
    findForm(context, kind, hostId));
  const slot = h('div', {}, loading());
  root.append(slot);
  try {
    clear(slot).append(await historyTimeline(context.tenant, kind, hostId, { limit: 100 }));
  } catch (error) {
    if (error.status === 404) {
      clear(slot).append(emptyState({ icon: '?', title: `No ${humanize(kind).toLowerCase()} with host id ${hostId}`,
        body: 'Check the kind and the id as the host app names it.' }));
    } else {
      throw error;
    }
  }
}

export async function render(root, context) {
  const { tenant, params, rest } = context;
  if (rest.length >= 2) {
    return renderHistory(root, context, decodeURIComponent(rest[0]), decodeURIComponent(rest.slice(1).join('/')));
  }
  const before = params.get('before') || '';
  const open = params.get('run') || '';
  const answer = await api.get(orgPath(tenant, '/runs') + query({ before, limit: 25 }));
  const runs = answer.runs || [];

  const detailRows = new Map();
  async function toggle(run, button) {
    const row = button.closest('tr');
    const expanded = button.getAttribute('aria-expanded') === 'true';
    if (expanded) {
      detailRows.get(run.id)?.remove();
      detailRows.delete(run.id);
      button.setAttribute('aria-expanded', 'false');
      button.textContent = 'Show documents';
      return;
    }
    button.setAttribute('aria-expanded', 'true');
    button.textContent = 'Hide documents';
    const cell = h('td', { colspan: '7' }, loading());
    const detail = h('tr', { class: 'run-detail-row', id: `run-${run.id}-detail` }, cell);
    row.after(detail);
    detailRows.set(run.id, detail);
    try {
      clear(cell).append(await runDocuments(tenant, run));
    } catch (error) {
      clear(cell).append(errorBox(error));
    }
  }

  const expanders = new Map();
  const list = table({
    caption: 'Syncs, newest first',
    rows: runs,
    rowLabel: (run) => `sync ${run.id}`,
    empty: emptyState({ icon: '↻', title: before ? 'No older syncs' : 'No syncs yet',
      body: 'Each sync shows here with what started it, how it went and what it sent. Syncs run automatically once an organisation is connected, or with Sync now on Sync Status.',
      action: h('a', { class: 'button', href: '#/status' }, 'Go to Sync Status') }),
    columns: [
      { label: 'Sync', render: (run) => `#${run.id}` },
      { label: 'Status', render: (run) => badge(run.outcome) },
      { label: 'Trigger', render: (run) => humanize(run.trigger) },
      { label: 'Started', render: (run) => time(run.started_at) },
      { label: 'Took', render: (run) => duration(run) },
      { label: 'Figures', render: (run) => h('span', {}, figures(run)) },
      { label: 'Documents', render: (run) => {
        const button = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false',
          'aria-controls': `run-${run.id}-detail`, 'aria-label': `Show documents of sync ${run.id}`,
          onclick: () => toggle(run, button) }, 'Show documents');
        expanders.set(String(run.id), { run, button });
        return button;
      } },
    ],
  });

  mount(root,
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Sync Log'),
        h('p', { class: 'subtitle' }, `${context.org.name}: every sync, what started it and what it did to each document.`))),
    card('A document\'s history', findForm(context)),
    h('h2', {}, 'Syncs'),
    list,
    h('div', { class: 'row' },
      before ? h('a', { class: 'button', href: '#/log' }, 'Newest syncs') : null,
      answer.next_before ? h('a', { class: 'button', href: `#/log${query({ before: answer.next_before })}` }, 'Older syncs') : null,
      runs.length ? h('span', { class: 'muted' }, plural(runs.length, 'sync')) : null));

  // #/log?run=N (a history's link to its sync) opens that run.
  if (open && expanders.has(open)) {
    const { run, button } = expanders.get(open);
    await toggle(run, button);
    button.scrollIntoView({ block: 'center' });
  }
}
