// Shared building blocks of the console's pages: elements built from data (never HTML strings, so
// nothing the API returns is ever parsed as markup), tables with selection, empty states, a
// confirm dialog that traps focus, toasts, badges, times, and buttons that know the user's role.

// h('button', {class: 'primary', onclick: f}, 'Save') -> <button class="primary">Save</button>.
// Attributes: `class`, `text`, on* listeners, booleans (true sets, false/null leaves out), the
// rest as attributes. Children: nodes, strings, arrays, null (skipped).
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'text') {
      element.textContent = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Appends children to `parent` as h() does (nodes, strings, arrays; null and false skipped):
// pages use it on their root, where the DOM's own append() would print "null".
export function mount(parent, ...children) {
  append(parent, children);
  return parent;
}

export function clear(element) {
  while (element.firstChild) element.firstChild.remove();
  return element;
}

// --- Roles ------------------------------------------------------------------------------------

// The least role holding each permission (docs/access.md, "Roles and permissions").
const LEAST_ROLE = {
  view_status: 'viewer', view_errors: 'viewer',
  sync_now: 'operator', retry: 'operator', archive: 'operator', edit: 'operator',
  connect: 'admin', disconnect: 'admin', mappings: 'admin', settings: 'admin', users: 'admin',
};

// "Needs the operator or admin role" for a permission the user lacks.
export function roleHint(permission) {
  const role = LEAST_ROLE[permission] || 'admin';
  return role === 'admin' ? 'Needs the admin role' : `Needs the ${role} or admin role`;
}

// A button for an action that needs `permission`: enabled when the user has it; otherwise
// disabled, with a tooltip saying which role may (aria-disabled keeps it focusable so the
// tooltip is reachable by keyboard too).
export function actionButton(context, permission, label, onClick, { kind = '', ...rest } = {}) {
  const allowed = context.can(permission);
  const button = h('button', {
    type: 'button', class: kind, ...rest,
    'aria-disabled': allowed ? null : 'true',
    title: allowed ? rest.title : roleHint(permission),
    dataset: { permission },
    onclick: async (event) => {
      if (!allowed || button.classList.contains('busy')) return;
      button.classList.add('busy');
      try {
        await onClick(event);
      } finally {
        button.classList.remove('busy');
      }
    },
  }, label);
  return button;
}

// --- Formatting -------------------------------------------------------------------------------

const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
});

// "21 Nov 2026, 14:03" in the browser's zone, in a <time> carrying the exact UTC instant.
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', {}, iso);
  return h('time', { datetime: iso, title: iso }, DATE_TIME.format(date));
}

// "3 minutes ago" for recent instants, else the date.
export function ago(iso, now = Date.now()) {
  if (!iso) return '—';
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return DATE_TIME.format(new Date(iso));
}

// Money is shown exactly as the API gives it (a string or the JSON number's own text): it is
// never parsed into a float, so 0.1 + 0.2 never appears on screen.
export function money(amount, currency) {
  if (amount === undefined || amount === null || amount === '') return '—';
  return currency ? `${amount} ${currency}` : String(amount);
}

// "1 document", "3 documents".
export function plural(count, one, many = one + 's') {
  return `${count} ${count === 1 ? one : many}`;
}

// Words for states and outcomes, and the badge tone each gets.
const TONES = {
  synced: 'good', succeeded: 'good', success: 'good', active: 'good', connected: 'good',
  resolved: 'good', ok: 'good',
  failed: 'bad', error: 'bad', open: 'bad', revoked: 'bad', expired: 'bad',
  disconnected: 'bad', missing_scope: 'bad',
  partial: 'warn', blocked: 'warn', paused: 'warn', running: 'info', pending: 'info',
  queued: 'info', archived: 'muted', passed: 'muted', never_connected: 'muted',
};

export function humanize(word) {
  if (!word) return '';
  const text = String(word).replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function badge(state, label = humanize(state)) {
  return h('span', { class: `badge badge-${TONES[state] || 'neutral'}` }, label);
}

// --- Feedback ---------------------------------------------------------------------------------

// A toast in the aria-live region: read out by screen readers, gone after a while (errors stay
// until dismissed).
export function toast(message, kind = 'info') {
  const region = document.getElementById('toasts');
  if (!region) return;
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : null },
    h('span', {}, message),
    h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×'));
  // Three at most: the oldest gives way rather than covering the page (an error only when
  // nothing else can, since errors stay until read).
  while (region.children.length >= 3) {
    (region.querySelector('.toast:not(.toast-error)') || region.firstElementChild).remove();
  }
  region.append(item);
  if (kind !== 'error') setTimeout(() => item.remove(), 6000);
}

// A failed request's message as the API gave it.
export function errorMessage(error) {
  return error && error.message ? error.message : String(error);
}

export function errorBox(error) {
  return h('div', { class: 'callout callout-bad', role: 'alert' }, errorMessage(error));
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

export function emptyState({ title, body, action = null, icon = '✓' }) {
  return h('div', { class: 'empty-state' },
    h('div', { class: 'empty-icon', 'aria-hidden': 'true' }, icon),
    h('h3', {}, title),
    body ? h('p', {}, body) : null,
    action);
}

export function pageHeader(title, subtitle, ...actions) {
  return h('div', { class: 'page-header' },
    h('div', {}, h('h1', {}, title), subtitle ? h('p', { class: 'subtitle' }, subtitle) : null),
    h('div', { class: 'page-actions' }, actions));
}

export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', {}, title) : null, children);
}

// A labelled form control: field('Reason', h('input', {...})). Gives the control an id.
let nextId = 0;
export function field(label, control, hint) {
  if (!control.id) control.id = `field-${++nextId}`;
  const hintId = hint ? `${control.id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null);
}

// --- Table ------------------------------------------------------------------------------------

// A table of `rows`. columns: [{label, render(row) -> node|string, class}]. With `selectable`,
// each row gets a labelled checkbox, the header a select-all, and onSelect(selectedRows) runs on
// every change. `empty` (a node) shows instead of the table when there are no rows.
export function table({ columns, rows, selectable = false, onSelect = () => {}, empty = null,
  rowLabel = (row) => String(row.id), caption = null, rowClass = () => '' }) {
  if (rows.length === 0 && empty) return empty;
  const selected = new Set();
  const boxes = [];
  const changed = () => onSelect(rows.filter((_, index) => selected.has(index)));
  let all = null;
  if (selectable) {
    all = h('input', { type: 'checkbox', 'aria-label': 'Select all', onchange: () => {
      rows.forEach((_, index) => (all.checked ? selected.add(index) : selected.delete(index)));
      boxes.forEach((box) => (box.checked = all.checked));
      changed();
    } });
  }
  const head = h('tr', {}, selectable ? h('th', { class: 'select' }, all) : null,
    columns.map((column) => h('th', { scope: 'col', class: column.class || '' }, column.label)));
  const body = rows.map((row, index) => {
    let box = null;
    if (selectable) {
      box = h('input', { type: 'checkbox', 'aria-label': `Select ${rowLabel(row)}`, onchange: () => {
        box.checked ? selected.add(index) : selected.delete(index);
        all.checked = selected.size === rows.length;
        changed();
      } });
      boxes.push(box);
    }
    return h('tr', { class: rowClass(row) || null }, selectable ? h('td', { class: 'select' }, box) : null,
      columns.map((column) => h('td', { class: column.class || '' }, column.render(row))));
  });
  return h('div', { class: 'table-wrap' },
    h('table', {}, caption ? h('caption', { class: 'sr-only' }, caption) : null,
      h('thead', {}, head), h('tbody', {}, body)));
}

// --- Dialog -----------------------------------------------------------------------------------

// A modal confirmation. Resolves to false when cancelled (Esc, Cancel, the backdrop), else true —
// or, with `input` ({label, required, hint, value}), the text typed; or, with `fields`
// ([{name, label, hint, value, options}]: options makes a select), an object of the non-empty
// values by name. Focus stays inside while it is open and goes back to where it was after.
export function confirmDialog({ title, body, confirmLabel = 'Confirm', danger = false, input = null, fields = null }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const titleId = `dialog-title-${++nextId}`;
    let text = null;
    let problem = null;
    if (input) {
      text = h(input.multiline ? 'textarea' : 'input', { type: 'text', value: input.value || null, rows: input.multiline ? 3 : null });
      problem = h('p', { class: 'field-error', role: 'alert' });
    }
    const controls = (fields || []).map((spec) => ({
      spec,
      control: spec.options
        ? h('select', { name: spec.name }, spec.options.map((option) =>
          h('option', { value: option.value, selected: option.value === (spec.value ?? '') }, option.label)))
        : h('input', { type: 'text', name: spec.name, value: spec.value ?? null }),
    }));
    if (fields) problem = h('p', { class: 'field-error', role: 'alert' });
    const confirm = h('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, confirmLabel);
    const cancel = h('button', { type: 'button', onclick: () => close(false) }, 'Cancel');
    const form = h('form', { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      body ? (body instanceof Node ? body : h('p', {}, body)) : null,
      input ? field(input.label, text, input.hint) : null,
      controls.map(({ spec, control }) => field(spec.label, control, spec.hint)),
      problem,
      h('div', { class: 'dialog-actions' }, cancel, confirm));
    const backdrop = h('div', { class: 'backdrop', onmousedown: (event) => { if (event.target === backdrop) close(false); } }, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (input) {
        const value = text.value.trim();
        if (input.required && !value) {
          problem.textContent = `${input.label} is required.`;
          text.focus();
          return;
        }
        close(value);
      } else if (fields) {
        const values = {};
        for (const { spec, control } of controls) {
          if (control.value.trim() !== '') values[spec.name] = control.value.trim();
        }
        if (Object.keys(values).length === 0) {
          problem.textContent = 'Change at least one field.';
          controls[0].control.focus();
          return;
        }
        close(values);
      } else {
        close(true);
      }
    });
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close(false);
      } else if (event.key === 'Tab') {
        const focusable = [...form.querySelectorAll('button, input, textarea, select, a[href]')]
          .filter((element) => !element.disabled);
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    function close(result) {
      backdrop.remove();
      if (opener && opener.focus) opener.focus();
      resolve(result);
    }
    document.body.append(backdrop);
    (text || (controls[0] && controls[0].control) || (danger ? cancel : confirm)).focus();
  });
}
