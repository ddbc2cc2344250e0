// The console's shell: sign-in, the signed-in frame (navigation, organisation picker, user menu)
// and hash routing to the pages (js/pages/<name>.js, each exporting render(root, context)).
//
// A page's context: {me, can(permission), org, orgs, tenant, params (URLSearchParams of the
// hash), signal (aborted when the page is left: stop polling), navigate(hash), reload(),
// refreshOrgs()}. render may return a cleanup function (or a promise of one).
//
// Routes: #/<page>[/<rest>...][?<params>]; context.rest holds the path segments after the page:
// a document is #/documents/<kind>/<host_id> (the errors page links there).

import { api, setUnauthenticatedHandler, signIn, signOut } from './api.js';
import { clear, emptyState, errorBox, field, h, loading, toast, badge } from './ui.js';

const PAGES = [
  { name: 'integrations', label: 'Integrations', needsOrg: false },
  { name: 'status', label: 'Sync Status', needsOrg: true },
  { name: 'errors', label: 'Sync Errors', needsOrg: true },
  { name: 'log', label: 'Sync Log', needsOrg: true },
  { name: 'documents', label: 'Documents', needsOrg: true },
  { name: 'mapping', label: 'Mapping', needsOrg: true },
  { name: 'settings', label: 'Settings', needsOrg: false },
];
const TENANT_KEY = 'xerosync.tenant';

const state = { me: null, orgs: [], tenant: '', leave: null, renderCount: 0 };
const main = document.getElementById('main');

function parseHash() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?');
  const name = path.split('/')[0] || '';
  return { name, rest: path.split('/').slice(1), params: new URLSearchParams(search) };
}

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

// --- Sign-in ----------------------------------------------------------------------------------

function showSignIn(message) {
  state.me = null;
  leavePage();
  document.getElementById('topbar').hidden = true;
  document.getElementById('nav').hidden = true;
  document.title = 'Sign in · xerosync';
  const name = h('input', { name: 'name', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const problem = h('p', { class: 'field-error', role: 'alert', id: 'sign-in-error' }, message || '');
  const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Sign in');
  const form = h('form', { class: 'sign-in card', 'aria-labelledby': 'sign-in-title' },
    h('div', { class: 'brand big' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'x'), ' xerosync'),
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    h('p', { class: 'subtitle' }, 'Keep your documents flowing to Xero.'),
    field('User name', name), field('Password', password), problem, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    submit.disabled = true;
    try {
      await signIn(name.value.trim(), password.value);
      password.value = '';
      await start();
    } catch (error) {
      problem.textContent = error.message;
      submit.disabled = false;
      password.focus();
    }
  });
  clear(main).append(h('div', { class: 'sign-in-wrap' }, form));
  name.focus();
}

// --- The frame --------------------------------------------------------------------------------

async function loadOrgs() {
  let organisations;
  try {
    organisations = (await api.get('/api/v1/orgs')).organisations || [];
  } catch (error) {
    if (error.status !== 404) throw error;
    // Before the connection routes existed the organisations were only in /readyz.
    organisations = (await api.get('/readyz')).organisations || [];
  }
  state.orgs = organisations;
  const saved = localStorage.getItem(TENANT_KEY);
  const known = (tenant) => organisations.some((org) => org.tenant_id === tenant);
  if (!known(state.tenant)) state.tenant = known(saved) ? saved : (organisations[0] || {}).tenant_id || '';
  renderOrgPicker();
}

function renderOrgPicker() {
  const slot = clear(document.getElementById('org-picker-slot'));
  if (state.orgs.length === 0) {
    slot.append(h('span', { class: 'muted' }, 'No organisation connected'));
    return;
  }
  const select = h('select', { id: 'org-picker', 'aria-label': 'Organisation', onchange: () => {
    state.tenant = select.value;
    localStorage.setItem(TENANT_KEY, state.tenant);
    route();
  } }, state.orgs.map((org) => h('option', { value: org.tenant_id, selected: org.tenant_id === state.tenant },
    org.name + (org.connected === false ? ' (disconnected)' : ''))));
  slot.append(select);
}

function renderFrame() {
  document.getElementById('topbar').hidden = false;
  const nav = clear(document.getElementById('nav'));
  nav.hidden = false;
  nav.append(h('ul', {}, PAGES.map((page) => h('li', {},
    h('a', { href: `#/${page.name}`, dataset: { page: page.name } }, page.label)))));
  const user = clear(document.getElementById('user-slot'));
  user.append(
    h('span', { class: 'user-name' }, state.me.name), ' ', badge('neutral', state.me.role),
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: async () => {
      try {
        await signOut();
      } catch {
        // Signed out locally either way.
      }
      showSignIn('You are signed out.');
    } }, 'Sign out'));
}

function leavePage() {
  if (state.leave) {
    const leave = state.leave;
    state.leave = null;
    leave();
  }
}

async function route() {
  if (!state.me) return;
  const { name, params, rest } = parseHash();
  const page = PAGES.find((candidate) => candidate.name === name);
  if (!page) {
    location.replace(`#/${state.orgs.length ? 'status' : 'integrations'}`);
    return;
  }
  leavePage();
  const count = ++state.renderCount;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.page === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${page.label} · xerosync`;
  const controller = new AbortController();
  const cleanups = [() => controller.abort()];
  state.leave = () => cleanups.forEach((cleanup) => cleanup());
  const root = clear(main);
  root.append(loading());
  const org = state.orgs.find((candidate) => candidate.tenant_id === state.tenant) || null;
  if (page.needsOrg && !org) {
    clear(root).append(emptyState({
      icon: '⇄', title: 'No organisation yet',
      body: 'Connect xerosync to a Xero organisation to see its syncs, errors and documents.',
      action: h('a', { class: 'button primary', href: '#/integrations' }, 'Go to Integrations'),
    }));
    return;
  }
  const context = {
    me: state.me,
    can: (permission) => state.me.permissions.includes(permission),
    org, orgs: state.orgs, tenant: state.tenant, params, rest,
    signal: controller.signal,
    navigate,
    reload: () => route(),
    refreshOrgs: async () => {
      await loadOrgs();
      context.orgs = state.orgs;
    },
  };
  let module;
  try {
    module = await import(`./pages/${page.name}.js`);
  } catch (error) {
    if (count !== state.renderCount) return;
    clear(root).append(emptyState({ icon: '…', title: `${page.label} is not available yet`,
      body: 'This page is part of a later release of the console.' }));
    return;
  }
  if (count !== state.renderCount) return;
  clear(root);
  try {
    const cleanup = await module.render(root, context);
    if (typeof cleanup === 'function') {
      if (controller.signal.aborted) cleanup();
      else cleanups.push(cleanup);
    }
  } catch (error) {
    if (error.status === 401) return;
    if (count === state.renderCount) clear(root).append(errorBox(error));
  }
  if (count === state.renderCount && document.activeElement === document.body) main.focus({ preventScroll: true });
}

async function start() {
  try {
    state.me = await api.get('/api/v1/me', { quiet401: true });
  } catch (error) {
    if (error.status === 401) {
      showSignIn();
      return;
    }
    clear(main).append(errorBox(error));
    return;
  }
  renderFrame();
  try {
    await loadOrgs();
  } catch (error) {
    toast(error.message, 'error');
  }
  await route();
}

setUnauthenticatedHandler(() => {
  if (state.me) showSignIn('Your session has ended. Sign in again.');
});
window.addEventListener('hashchange', route);
// The skip link moves focus without touching the hash, which is the router's.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
start();
