// Integrations: the Xero connection panel. The organisation(s), the connection's status and the
// reason with the catalogue's fix; Connect (Xero's consent, back at #/integrations?connected=N),
// Reconnect, Disconnect (confirmed: syncs stop until reconnected; the data is kept), and choosing
// which organisations to keep after Xero gave more than one (?choose=1).

import { api } from '../api.js';
import { actionButton, badge, card, confirmDialog, emptyState, errorMessage, h, humanize, mount, plural, time, toast } from '../ui.js';

const DISCONNECT_WARNING = 'Disconnecting stops all syncs until you reconnect; your data is kept.';

async function loadConnection(context) {
  try {
    return await api.get('/api/v1/connection');
  } catch (error) {
    if (error.status !== 404) throw error;
    // Without the connection routes: what the organisations list says.
    return { state: context.orgs.length ? 'active' : 'never_connected', organisations: context.orgs };
  }
}

// Sends the browser to Xero's consent page (it comes back through the callback to this page).
async function startConsent(path) {
  const { authorize_url: url } = await api.post(path, {});
  window.location.assign(url);
}

function statusText(connection) {
  switch (connection.state) {
    case 'active': return 'Connected';
    case 'never_connected': return 'Not connected';
    default: return humanize(connection.state);
  }
}

function chooser(connection, context) {
  const boxes = (connection.organisations || []).map((org) => ({
    org, box: h('input', { type: 'checkbox', id: `keep-${org.tenant_id}`, checked: true }),
  }));
  const problem = h('p', { class: 'field-error', role: 'alert' });
  const form = h('form', { class: 'card', id: 'choose-organisations', 'aria-labelledby': 'choose-title' },
    h('h2', { id: 'choose-title' }, 'Choose the organisations to sync'),
    h('p', {}, 'Xero connected more than one organisation. Keep the ones xerosync should sync; the others are disconnected.'),
    h('ul', { class: 'plain-list' }, boxes.map(({ org, box }) =>
      h('li', {}, box, ' ', h('label', { for: box.id }, org.name)))),
    problem,
    h('button', { type: 'submit', class: 'primary' }, 'Keep these'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const keep = boxes.filter(({ box }) => box.checked).map(({ org }) => org.tenant_id);
    if (keep.length === 0) {
      problem.textContent = 'Keep at least one organisation.';
      return;
    }
    try {
      await api.post('/api/v1/connection/organisations', { keep });
      toast(`Keeping ${plural(keep.length, 'organisation')}.`, 'good');
      await context.refreshOrgs();
      context.navigate('#/integrations');
    } catch (error) {
      problem.textContent = errorMessage(error);
    }
  });
  return form;
}

export async function render(root, context) {
  const { params } = context;
  const connection = await loadConnection(context);
  const organisations = connection.organisations || [];
  const connectedOrgs = organisations.filter((org) => org.connected !== false);
  const active = connection.state === 'active';
  const never = connection.state === 'never_connected' || organisations.length === 0;

  const connect = actionButton(context, 'connect', never ? 'Connect to Xero' : 'Connect another organisation', async () => {
    try {
      await startConsent('/api/v1/connection/connect');
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  }, { kind: never ? 'primary' : '', id: 'connect' });
  const reconnect = actionButton(context, 'connect', 'Reconnect', async () => {
    try {
      await startConsent('/api/v1/connection/reconnect');
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  }, { kind: active ? '' : 'primary', id: 'reconnect' });

  const disconnect = (org) => actionButton(context, 'disconnect', 'Disconnect', async () => {
    const ok = await confirmDialog({
      title: `Disconnect ${org ? org.name : 'Xero'}?`,
      body: DISCONNECT_WARNING,
      confirmLabel: 'Disconnect', danger: true,
    });
    if (!ok) return;
    try {
      await api.post('/api/v1/connection/disconnect', org ? { tenant_id: org.tenant_id } : {});
      toast(`${org ? org.name : 'Xero'} disconnected. Syncs are stopped; your data is kept.`, 'good');
      await context.refreshOrgs();
      context.reload();
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  }, { class: 'small danger-outline', 'aria-label': org ? `Disconnect ${org.name}` : 'Disconnect' });

  const notices = [];
  if (params.get('connected')) {
    const count = Number.parseInt(params.get('connected'), 10) || 0;
    notices.push(h('div', { class: 'callout callout-good', id: 'connected-notice', role: 'status' },
      h('h3', {}, `Connected ${plural(count, 'organisation')}`),
      h('p', { class: 'fix' }, 'xerosync is syncing the documents waiting for it now.')));
  }
  if (params.get('error')) {
    notices.push(h('div', { class: 'callout callout-bad', role: 'alert' },
      h('h3', {}, 'The connection was not made'), h('p', { class: 'fix' }, params.get('error'))));
  }
  const problem = connection.problem;
  if (!active && !never) {
    notices.push(h('div', { class: 'callout callout-warn', id: 'connection-problem' },
      h('h3', {}, (problem && problem.title) || statusText(connection)),
      connection.reason ? h('p', { class: 'fix' }, connection.reason)
        : problem && problem.message ? h('p', { class: 'fix' }, problem.message) : null,
      problem && problem.fix ? h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), problem.fix) : null));
  }

  const panel = never
    ? emptyState({ icon: '⇄', title: 'Connect xerosync to Xero',
      body: 'Sign in to Xero and choose the organisation your documents go to. Nothing is sent until you connect.',
      action: connect })
    : card(null,
      h('div', { class: 'row spread' },
        h('div', { class: 'row' }, h('h2', {}, 'Xero'), badge(active ? 'active' : connection.state, statusText(connection))),
        h('div', { class: 'row' }, active ? connect : null, reconnect)),
      h('ul', { class: 'org-list' }, organisations.map((org) => h('li', { class: 'org-item' },
        h('div', {},
          h('strong', {}, org.name), ' ',
          org.connected === false ? badge('disconnected', 'Disconnected')
            : org.paused ? badge('paused', 'Paused') : badge('connected', 'Connected'),
          org.paused && org.paused_reason ? h('p', { class: 'muted' }, org.paused_reason) : null,
          org.last_run ? h('p', { class: 'muted' }, 'Last sync ', time(org.last_run.finished_at || org.last_run.started_at)) : null),
        org.connected === false ? null : disconnect(org)))),
      connectedOrgs.length > 0 ? h('p', { class: 'hint' }, DISCONNECT_WARNING) : null);

  mount(root, 
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Integrations'),
        h('p', { class: 'subtitle' }, 'Where your documents go: the Xero connection and its organisations.'))),
    notices,
    params.get('choose') && organisations.length > 1 && context.can('connect') ? chooser(connection, context) : null,
    panel);
  if (params.get('connected') || params.get('choose')) await context.refreshOrgs();
}
