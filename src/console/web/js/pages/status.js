// Sync Status: the organisation's sync figures (total syncs, success rate, last sync, API budget
// left today), its connection health, documents by state, each run, and "Sync now". While a run
// is running the page polls every second and shows its progress; polling stops when it is done.

import { api, orgPath, query } from '../api.js';
import { actionButton, badge, card, clear, emptyState, errorMessage, h, humanize, mount, plural, table, time, toast } from '../ui.js';

const POLL_MS = 1000;
const WAITING = ['pending', 'syncing', 'blocked'];
const DONE = ['synced', 'failed', 'passed', 'archived', 'paused'];

function percent(part, whole) {
  // Whole percent, from integers: no fractions of documents to round badly.
  return whole > 0 ? `${Math.floor((part * 100) / whole)}%` : '—';
}

function duration(run) {
  if (!run.finished_at) return '';
  const seconds = Math.max(0, Math.round((new Date(run.finished_at) - new Date(run.started_at)) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

// The API budget left today: from the status when it has it, else from /metrics.
async function budgetLeft(tenant, status) {
  const budget = status.budget || status.api_budget;
  if (budget && budget.day_remaining !== undefined) return budget.day_remaining;
  try {
    const response = await fetch('/metrics', { credentials: 'same-origin' });
    if (!response.ok) return null;
    const text = await response.text();
    for (const line of text.split('\n')) {
      if (line.startsWith('xerosync_xero_day_budget_remaining{') && line.includes(`organisation="${tenant}"`)) {
        return line.slice(line.lastIndexOf(' ') + 1).trim();
      }
    }
  } catch {
    // The figure is shown as unknown.
  }
  return null;
}

function stat(label, value, note, id) {
  return h('div', { class: 'stat', id },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value' }, value),
    note ? h('div', { class: 'stat-note' }, note) : null);
}

function healthCallout(org, connection) {
  const listed = connection && (connection.organisations || []).find((o) => o.tenant_id === org.tenant_id);
  const connected = listed ? listed.connected !== false : true;
  const problem = (connection && connection.problem) || {};
  if (connected && !org.paused) {
    return h('div', { class: 'callout callout-good', id: 'connection-health' },
      h('h3', {}, 'Connection healthy'), h('p', { class: 'fix' }, 'xerosync can reach Xero for this organisation.'));
  }
  const reason = org.paused_reason || (connection && connection.reason) || problem.message || '';
  return h('div', { class: 'callout callout-warn', id: 'connection-health' },
    h('h3', {}, !connected ? problem.title || 'Not connected' : 'Syncing is paused'),
    reason ? h('p', { class: 'fix' }, reason) : null,
    problem.fix && !connected ? h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), problem.fix) : null,
    h('a', { href: '#/integrations' }, 'Open Integrations'));
}

// The live panel: documents by state during a run, then the run's figures.
function progressPanel(panel, run, counts) {
  clear(panel);
  const waiting = WAITING.reduce((sum, s) => sum + (counts[s] || 0), 0);
  const done = DONE.reduce((sum, s) => sum + (counts[s] || 0), 0);
  const total = waiting + done;
  if (!run || run.outcome === 'running') {
    panel.dataset.state = 'running';
    const bar = h('div', { class: 'progress-bar' });
    bar.style.width = total > 0 ? `${Math.floor((done * 100) / total)}%` : '5%';
    mount(panel,
      h('h2', {}, 'Syncing…'),
      h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Sync progress',
        'aria-valuemin': '0', 'aria-valuemax': String(total), 'aria-valuenow': String(done) }, bar),
      h('p', { class: 'progress-counts' },
        `${counts.synced || 0} synced · ${counts.failed || 0} failed · ${counts.syncing || 0} sending · ` +
        `${counts.pending || 0} waiting · ${counts.blocked || 0} blocked`));
    return;
  }
  panel.dataset.state = 'done';
  const c = run.counts || {};
  mount(panel,
    h('h2', {}, `Sync ${run.outcome === 'succeeded' ? 'finished' : humanize(run.outcome).toLowerCase()}`),
    h('p', { class: 'run-figures' },
      `${plural(c.synced || 0, 'document')} synced, ${c.failed || 0} failed, ${c.blocked || 0} blocked, ` +
      `${plural(c.api_calls || 0, 'call')} to Xero.`),
    c.failed ? h('a', { href: '#/errors' }, 'See the sync errors') : null);
}

export async function render(root, context) {
  const { tenant, signal } = context;
  const panel = h('section', { class: 'card', id: 'sync-progress', 'aria-live': 'polite', hidden: true });
  const body = h('div', {});
  let polling = null;
  let syncing = false;

  async function load() {
    const [status, runs, connection] = await Promise.all([
      api.get(orgPath(tenant, '/status')),
      api.get(orgPath(tenant, '/runs') + query({ limit: 20 })),
      api.get('/api/v1/connection').catch(() => null),
    ]);
    return { status, runs: runs.runs || [], connection };
  }

  function draw({ status, runs, connection }, budget) {
    const figures = status.runs || {};
    const org = status.organisation || context.org;
    mount(clear(body),
      healthCallout(org, connection),
      h('div', { class: 'grid' },
        stat('Total syncs', String(figures.total || 0), null, 'stat-total'),
        stat('Success rate', percent(figures.succeeded || 0, figures.total || 0),
          `${figures.succeeded || 0} of ${figures.total || 0} succeeded`, 'stat-success'),
        stat('Last sync', figures.last_finished ? time(figures.last_finished) : 'Never', null, 'stat-last'),
        stat('API budget left today', budget === null ? '—' : String(budget), 'calls to Xero', 'stat-budget')),
      card('Documents by state', h('div', { class: 'row', id: 'state-counts' },
        Object.entries(status.documents || {}).map(([state, count]) =>
          h('span', { class: 'state-count' }, badge(state), ` ${count}`)))),
      h('h2', {}, 'Syncs'),
      table({
        caption: 'Syncs, newest first',
        rows: runs,
        empty: emptyState({ icon: '↻', title: 'No syncs yet',
          body: 'Documents sync automatically every few minutes once an organisation is connected. Start one now with Sync now.' }),
        columns: [
          { label: 'Status', render: (run) => badge(run.outcome) },
          { label: 'Trigger', render: (run) => humanize(run.trigger) },
          { label: 'Started', render: (run) => time(run.started_at) },
          { label: 'Took', render: (run) => duration(run) },
          { label: 'Synced', class: 'num', render: (run) => String(run.counts.synced) },
          { label: 'Failed', class: 'num', render: (run) => String(run.counts.failed) },
          { label: 'Blocked', class: 'num', render: (run) => String(run.counts.blocked) },
          { label: 'API calls', class: 'num', render: (run) => String(run.counts.api_calls) },
          { label: 'Detail', render: (run) => h('span', { class: 'muted' }, run.detail || '') },
        ],
      }));
  }

  async function refresh() {
    const data = await load();
    if (signal.aborted) return data;
    draw(data, await budgetLeft(tenant, data.status));
    const running = data.runs.find((run) => run.outcome === 'running');
    if (running || syncing) {
      panel.hidden = false;
      progressPanel(panel, running || null, data.status.documents || {});
      schedulePoll();
    }
    return data;
  }

  function schedulePoll() {
    if (polling || signal.aborted) return;
    polling = setTimeout(async () => {
      polling = null;
      try {
        await refresh();
      } catch (error) {
        if (error.status !== 401) toast(errorMessage(error), 'error');
      }
    }, POLL_MS);
  }

  const syncNow = actionButton(context, 'sync_now', 'Sync now', async () => {
    syncing = true;
    panel.hidden = false;
    progressPanel(panel, null, {});
    schedulePoll();
    try {
      const { run } = await api.post(orgPath(tenant, '/sync'));
      syncing = false;
      const data = await refresh();
      progressPanel(panel, run, data.status.documents || {});
      toast(`Sync ${run.outcome}: ${run.counts.synced} synced, ${run.counts.failed} failed.`,
        run.outcome === 'succeeded' ? 'good' : 'info');
    } catch (error) {
      syncing = false;
      panel.hidden = true;
      toast(errorMessage(error), 'error');
    }
  }, { kind: 'primary', id: 'sync-now' });

  mount(root, 
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Sync Status'), h('p', { class: 'subtitle' }, context.org.name)),
      h('div', { class: 'page-actions' }, syncNow)),
    panel, body);
  body.append(h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  await refresh();
  return () => clearTimeout(polling);
}
