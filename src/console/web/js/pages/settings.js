// Settings: the organisation's sync settings (automatic sync interval, creating missing contacts,
// what to do with a document dated in a locked period), the webhook to the host app (address,
// events, secret shown once, failed deliveries sent again), users, API keys (shown once, with a
// copy button) and the user's own password. Sections a role cannot use are not shown to it (the
// API refuses them anyway); the sync settings are shown read-only to those who may not change them.

import { api, orgPath, setCsrfToken } from '../api.js';
import { badge, card, clear, confirmDialog, emptyState, errorBox, errorMessage, field, h, humanize, loading, mount, roleHint, table, time, toast } from '../ui.js';

const ROLES = ['viewer', 'operator', 'admin'];
const EVENTS = [
  { value: 'document.synced', label: 'A document reached Xero' },
  { value: 'document.failed', label: 'A document failed' },
  { value: 'connection.changed', label: 'The connection changed (paused, resumed, disconnected)' },
];
const LOCK_POLICIES = [
  { value: 'fail', label: 'Stop and show an error' },
  { value: 'shift', label: 'Move it to the first open day' },
];

// A section's failure: a route this xerosync does not serve yet says so in words.
function failureBox(error) {
  if (error.status === 404 && /^no route for /.test(error.message)) {
    return h('p', { class: 'muted' }, 'This version of xerosync does not offer this setting yet.');
  }
  return errorBox(error);
}

// A section that loads on its own: a failure shows in it, not over the whole page.
function section(id, title, intro, load) {
  const body = h('div', {}, loading());
  const element = h('section', { class: 'card', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title), intro ? h('p', { class: 'subtitle' }, intro) : null, body);
  (async () => {
    try {
      const content = await load();
      clear(body).append(...[content].flat().filter(Boolean));
    } catch (error) {
      if (error.status === 401) return;
      clear(body).append(failureBox(error));
    }
  })();
  return element;
}

// A secret shown once: read-only, selectable, with a copy button.
export function shownOnce(label, secret, note) {
  const value = h('input', { type: 'text', readonly: true, value: secret, class: 'mono secret-value', 'aria-label': label, spellcheck: 'false' });
  const status = h('span', { class: 'muted', role: 'status' });
  const copy = h('button', { type: 'button', class: 'small', onclick: async () => {
    value.select();
    try {
      await navigator.clipboard.writeText(secret);
      status.textContent = 'Copied.';
    } catch {
      status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  } }, 'Copy');
  return h('div', { class: 'callout callout-info shown-once' },
    h('h3', {}, label),
    h('div', { class: 'row' }, value, copy, status),
    h('p', { class: 'fix' }, note || 'Copy it now: it is shown this once and never again.'));
}

function checkbox(name, checked, disabled) {
  return h('input', { type: 'checkbox', name, checked: Boolean(checked), disabled });
}

function inlineField(label, control) {
  if (!control.id) control.id = `setting-${control.name}`;
  return h('div', { class: 'field check' }, control, h('label', { for: control.id }, label));
}

function showProblem(problem, error) {
  problem.textContent = errorMessage(error) + (error.field ? ` (${error.field})` : '');
}

// ---- the organisation's sync settings ----

async function syncSettings(context) {
  const path = orgPath(context.tenant, '/settings');
  const settings = await api.get(path);
  const allowed = context.can('settings');
  const interval = h('input', { type: 'number', name: 'sync_interval_minutes', min: '0', max: '1440', step: '1',
    value: String(settings.sync_interval_minutes), disabled: !allowed, inputmode: 'numeric' });
  const autoCreate = checkbox('auto_create_contacts', settings.auto_create_contacts, !allowed);
  const policy = h('select', { name: 'lock_date_policy', disabled: !allowed },
    LOCK_POLICIES.map((p) => h('option', { value: p.value, selected: p.value === settings.lock_date_policy }, p.label)));
  const problem = h('p', { class: 'field-error', role: 'alert' });
  const save = allowed
    ? h('button', { type: 'submit', class: 'primary' }, 'Save sync settings')
    : h('button', { type: 'button', 'aria-disabled': 'true', title: roleHint('settings') }, 'Save sync settings');
  const form = h('form', { class: 'settings-form', 'aria-label': 'Sync settings' },
    field('Automatic sync every (minutes)', interval, '1 to 1440 minutes; 0 turns automatic sync off (Sync now still works).'),
    inlineField('Create missing contacts in Xero automatically', autoCreate),
    field('A document dated in a locked period', policy,
      'Xero refuses documents dated on or before its lock date. Moving it dates it the day after the lock date (its due date too, when that would fall before).'),
    problem, h('div', { class: 'row' }, save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    const minutes = Number.parseInt(interval.value, 10);
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440 || String(minutes) !== interval.value.trim()) {
      problem.textContent = 'The interval is a whole number of minutes, 0 to 1440.';
      interval.focus();
      return;
    }
    try {
      await api.put(path, { sync_interval_minutes: minutes, auto_create_contacts: autoCreate.checked, lock_date_policy: policy.value });
      toast('Sync settings saved.', 'good');
    } catch (error) {
      showProblem(problem, error);
    }
  });
  return [allowed ? null : h('p', { class: 'muted' }, `Shown read-only: ${roleHint('settings').toLowerCase()} to change them.`), form];
}

// ---- the webhook ----

async function webhook(context, slot) {
  const [hook, failed] = await Promise.all([
    api.get('/api/v1/webhooks'),
    api.get('/api/v1/webhooks/events?state=failed'),
  ]);
  const url = h('input', { type: 'url', name: 'url', value: hook.url || null, placeholder: 'https://host-app.example/hooks/xerosync', autocomplete: 'off' });
  // A webhook being set up for the first time sends events once saved.
  const enabled = checkbox('enabled', hook.url ? hook.enabled !== false : true, false);
  const subscribed = new Set(hook.events || EVENTS.map((e) => e.value));
  const events = EVENTS.map((e) => ({ value: e.value, box: checkbox(`event-${e.value}`, subscribed.has(e.value), false), label: e.label }));
  const problem = h('p', { class: 'field-error', role: 'alert' });
  // Drawn again with what was saved, the secret (when one was made) above it, shown this once.
  const savedShowing = async (answer) => {
    await slot.reload();
    if (answer && answer.secret) {
      slot.prepend(shownOnce('Webhook signing secret', answer.secret,
        'Give it to the host app to check each event\'s signature. It is shown this once.'));
    }
  };
  const form = h('form', { class: 'settings-form', 'aria-label': 'Webhook' },
    field('Address', url, 'xerosync posts signed events here as they happen. Leave it empty to send none.'),
    inlineField('Send events', enabled),
    h('fieldset', { class: 'events' }, h('legend', {}, 'Events'), events.map((e) => inlineField(e.label, e.box))),
    problem,
    h('div', { class: 'row' },
      h('button', { type: 'submit', class: 'primary' }, 'Save webhook'),
      hook.url ? h('button', { type: 'button', id: 'rotate-secret', onclick: async () => {
        const ok = await confirmDialog({ title: 'Make a new signing secret?', danger: true, confirmLabel: 'Make a new secret',
          body: 'The old secret stops working at once: the host app must be given the new one.' });
        if (!ok) return;
        try {
          await savedShowing(await api.post('/api/v1/webhooks/rotate-secret', {}));
        } catch (error) {
          toast(errorMessage(error), 'error');
        }
      } }, 'Make a new secret') : null));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    try {
      const answer = await api.put('/api/v1/webhooks', {
        url: url.value.trim() || null, enabled: enabled.checked,
        events: events.filter((e) => e.box.checked).map((e) => e.value),
      });
      toast('Webhook saved.', 'good');
      await savedShowing(answer);
    } catch (error) {
      showProblem(problem, error);
    }
  });
  const failures = table({
    caption: 'Events that could not be delivered',
    rows: failed.events || [],
    rowLabel: (row) => `event ${row.id}`,
    empty: h('p', { class: 'muted', id: 'no-failed-events' }, 'No failed deliveries: every event reached the host app or is on its way.'),
    columns: [
      { label: 'Event', render: (row) => h('code', {}, row.type) },
      { label: 'Made', render: (row) => time(row.created_at) },
      { label: 'Tries', class: 'num', render: (row) => String(row.attempts ?? '') },
      { label: 'Last error', render: (row) => h('span', { class: 'muted' }, row.last_error || '') },
      { label: 'Actions', class: 'actions', render: (row) => h('button', { type: 'button', class: 'small', 'aria-label': `Send event ${row.id} again`, onclick: async () => {
        try {
          await api.post(`/api/v1/webhooks/events/${encodeURIComponent(row.id)}/resend`, {});
          toast('It will be sent again shortly.', 'good');
          slot.reload();
        } catch (error) {
          toast(errorMessage(error), 'error');
        }
      } }, 'Send again') },
    ],
  });
  return [form, h('h3', {}, 'Failed deliveries'), failures];
}

// ---- users ----

async function users(context, slot) {
  const { users: list = [] } = await api.get('/api/v1/users');
  const setDisabled = async (user, disable) => {
    if (disable) {
      const ok = await confirmDialog({ title: `Disable ${user.name}?`, danger: true, confirmLabel: 'Disable',
        body: 'They are signed out at once and cannot sign in until enabled again.' });
      if (!ok) return;
    }
    try {
      await api.post(`/api/v1/users/${encodeURIComponent(user.name)}/${disable ? 'disable' : 'enable'}`, {});
      toast(`${user.name} ${disable ? 'disabled' : 'enabled'}.`, 'good');
      slot.reload();
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };
  const name = h('input', { name: 'name', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', minlength: '12', placeholder: 'At least 12 characters' });
  const role = h('select', { name: 'role' }, ROLES.map((r) => h('option', { value: r, selected: r === 'viewer' }, humanize(r))));
  const problem = h('p', { class: 'field-error', role: 'alert' });
  const form = h('form', { class: 'filters', 'aria-label': 'Add a user' },
    field('User name', name), field('Password', password), field('Role', role),
    h('div', { class: 'field' }, h('span', { class: 'sr-only' }, 'Add'), h('button', { type: 'submit' }, 'Add user')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    try {
      await api.post('/api/v1/users', { name: name.value.trim(), password: password.value, role: role.value });
      toast(`${name.value.trim()} added as ${role.value}.`, 'good');
      slot.reload();
    } catch (error) {
      showProblem(problem, error);
    }
  });
  return [table({
    caption: 'Users',
    rows: list,
    rowLabel: (user) => user.name,
    columns: [
      { label: 'Name', render: (user) => h('strong', {}, user.name) },
      { label: 'Role', render: (user) => humanize(user.role) },
      { label: 'Added', render: (user) => time(user.created) },
      { label: 'Status', render: (user) => user.disabled ? badge('archived', 'Disabled') : badge('active', 'Enabled') },
      { label: 'Actions', class: 'actions', render: (user) => user.name === context.me.name
        ? h('span', { class: 'muted' }, 'You')
        : h('button', { type: 'button', class: 'small', 'aria-label': `${user.disabled ? 'Enable' : 'Disable'} ${user.name}`,
          onclick: () => setDisabled(user, !user.disabled) }, user.disabled ? 'Enable' : 'Disable') },
    ],
  }), h('h3', {}, 'Add a user'), form, problem];
}

// ---- API keys ----

async function apiKeys(context, slot) {
  const { api_keys: keys = [] } = await api.get('/api/v1/api-keys');
  const name = h('input', { name: 'name', autocomplete: 'off', spellcheck: 'false', placeholder: 'host-app' });
  const role = h('select', { name: 'role' }, ROLES.map((r) => h('option', { value: r, selected: r === 'operator' }, humanize(r))));
  const problem = h('p', { class: 'field-error', role: 'alert' });
  const form = h('form', { class: 'filters', 'aria-label': 'Create an API key' },
    field('Key name', name), field('Role', role),
    h('div', { class: 'field' }, h('span', { class: 'sr-only' }, 'Create'), h('button', { type: 'submit' }, 'Create key')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    try {
      const key = await api.post('/api/v1/api-keys', { name: name.value.trim(), role: role.value });
      await slot.reload();
      // After the list is drawn again, so that the key stays on screen.
      slot.prepend(shownOnce(`API key ${key.name}`, key.key,
        'Send it as "Authorization: Bearer <key>". Copy it now: it is shown this once and never again.'));
    } catch (error) {
      showProblem(problem, error);
    }
  });
  const revoke = async (key) => {
    const ok = await confirmDialog({ title: `Revoke ${key.name}?`, danger: true, confirmLabel: 'Revoke',
      body: 'Anything using this key is refused from now on. A revoked key cannot be used again.' });
    if (!ok) return;
    try {
      await api.del(`/api/v1/api-keys/${encodeURIComponent(key.name)}`);
      toast(`${key.name} revoked.`, 'good');
      slot.reload();
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };
  return [table({
    caption: 'API keys',
    rows: keys,
    rowLabel: (key) => key.name,
    empty: emptyState({ icon: '⚿', title: 'No API keys yet', body: 'The host app sends documents with an API key. Create one below.' }),
    columns: [
      { label: 'Name', render: (key) => h('strong', {}, key.name) },
      { label: 'Key starts', render: (key) => h('code', {}, `xs_${key.prefix}_…`) },
      { label: 'Role', render: (key) => humanize(key.role) },
      { label: 'Created', render: (key) => time(key.created) },
      { label: 'Status', render: (key) => key.revoked ? h('span', {}, badge('archived', 'Revoked'), ' ', time(key.revoked)) : badge('active', 'Active') },
      { label: 'Actions', class: 'actions', render: (key) => key.revoked ? null
        : h('button', { type: 'button', class: 'small danger-outline', 'aria-label': `Revoke ${key.name}`, onclick: () => revoke(key) }, 'Revoke') },
    ],
  }), h('h3', {}, 'Create an API key'), h('p', { class: 'hint' }, 'The host app pushing documents needs the operator role.'), form, problem];
}

// ---- my password ----

function myPassword() {
  const current = h('input', { name: 'current_password', type: 'password', autocomplete: 'current-password' });
  const next = h('input', { name: 'new_password', type: 'password', autocomplete: 'new-password', minlength: '12' });
  const again = h('input', { name: 'new_password_again', type: 'password', autocomplete: 'new-password' });
  const problem = h('p', { class: 'field-error', role: 'alert' });
  const form = h('form', { class: 'settings-form', 'aria-label': 'Change my password' },
    field('Current password', current), field('New password', next, 'At least 12 characters.'), field('New password again', again),
    problem, h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Change password')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    if (next.value !== again.value) {
      problem.textContent = 'The new passwords differ.';
      again.focus();
      return;
    }
    try {
      const session = await api.post('/api/v1/me/password', { current_password: current.value, new_password: next.value });
      // Every other session of the user ended; this browser has a new one, with a new CSRF token.
      if (session && session.csrf_token) setCsrfToken(session.csrf_token);
      for (const input of [current, next, again]) input.value = '';
      toast('Password changed. Your other sessions are signed out.', 'good');
    } catch (error) {
      showProblem(problem, error);
    }
  });
  return form;
}

// A section whose content can be loaded again (after a change) without redrawing the page.
function reloadable(id, title, intro, load) {
  const slot = h('div', {});
  slot.reload = async () => {
    clear(slot).append(loading());
    try {
      clear(slot).append(...[await load(slot)].flat().filter(Boolean));
    } catch (error) {
      clear(slot).append(failureBox(error));
    }
  };
  slot.reload();
  return h('section', { class: 'card', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title), intro ? h('p', { class: 'subtitle' }, intro) : null, slot);
}

export async function render(root, context) {
  const isUser = context.me.kind !== 'api_key';
  mount(root,
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Settings'),
        h('p', { class: 'subtitle' }, 'How xerosync syncs, who may use it, and how the host app hears from it.'))),
    context.org
      ? section('settings-sync', `Sync settings for ${context.org.name}`, null, () => syncSettings(context))
      : card('Sync settings', h('p', { class: 'muted' }, 'Connect an organisation under Integrations to set how it syncs.')),
    context.can('settings')
      ? reloadable('settings-webhook', 'Webhook to the host app', 'Signed events when a document syncs or fails and when the connection changes.', (slot) => webhook(context, slot))
      : null,
    context.can('users') ? reloadable('settings-users', 'Users', 'Who may sign in to the console, and their role.', (slot) => users(context, slot)) : null,
    context.can('users') ? reloadable('settings-api-keys', 'API keys', 'For the host app: it sends documents and reads their state with a key.', (slot) => apiKeys(context, slot)) : null,
    isUser ? card('Change my password', myPassword()) : null);
}
