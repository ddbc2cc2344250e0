// Mapping: how the business app's values become the organisation's Xero values (account codes,
// tax rates, currencies, contacts, tracking, defaults, and the auto-create contacts setting).
// Lists, adds and removes mappings; an error's fix link opens it prefilled
// (#/mapping?kind=account&from=SALES), with the cached Xero values to choose from.

import { api, orgPath } from '../api.js';
import { actionButton, confirmDialog, emptyState, errorMessage, field, h, humanize, mount, roleHint, table, time, toast } from '../ui.js';

const KINDS = [
  { value: 'account', label: 'Account code', from: 'The business app\'s account code', to: 'Xero account' },
  { value: 'tax_rate', label: 'Tax rate', from: 'The business app\'s tax code', to: 'Xero tax rate' },
  { value: 'currency', label: 'Currency', from: 'The business app\'s currency', to: 'Xero currency' },
  { value: 'contact', label: 'Contact', from: 'Contact name or number', to: 'Xero contact' },
  { value: 'tracking', label: 'Tracking', from: 'Category/Option in the business app', to: 'Category/Option in Xero' },
  { value: 'default', label: 'Default', from: 'Which default', to: 'Xero code' },
  { value: 'setting', label: 'Setting', from: 'Setting', to: 'Value' },
];
const DEFAULTS = ['sales_account', 'purchases_account', 'sales_tax_rate', 'purchases_tax_rate', 'payment_account'];

// Xero's list of a cached kind, whether kept as Xero's envelope ({"Accounts":[...]}) or a list.
function listOf(settings, key) {
  if (!settings) return [];
  if (Array.isArray(settings)) return settings;
  return settings[key] || [];
}

// The values the "to" field may take for `kind`, from the cached Xero settings: [{value, label}],
// or null when any text is allowed.
function choices(kind, from, cached) {
  const active = (item) => !item.Status || item.Status === 'ACTIVE';
  const accounts = () => listOf(cached.accounts && cached.accounts.settings, 'Accounts')
    .filter((account) => account.Code && active(account))
    .map((account) => ({ value: account.Code, label: `${account.Code} · ${account.Name}${account.Type ? ` (${humanize(account.Type.toLowerCase())})` : ''}` }));
  const taxRates = () => listOf(cached.tax_rates && cached.tax_rates.settings, 'TaxRates')
    .filter(active)
    .map((rate) => ({ value: rate.TaxType, label: `${rate.TaxType} · ${rate.Name}` }));
  switch (kind) {
    case 'account': return accounts();
    case 'tax_rate': return taxRates();
    case 'currency':
      return listOf(cached.currencies && cached.currencies.settings, 'Currencies')
        .map((currency) => ({ value: currency.Code, label: `${currency.Code}${currency.Description ? ` · ${currency.Description}` : ''}` }));
    case 'default':
      return from.endsWith('tax_rate') ? taxRates() : accounts();
    case 'setting':
      return [{ value: 'true', label: 'On' }, { value: 'false', label: 'Off' }];
    default:
      return null;
  }
}

export async function render(root, context) {
  const { tenant, params } = context;
  const [{ mappings = [] }, settings] = await Promise.all([
    api.get(orgPath(tenant, '/mappings')),
    api.get(orgPath(tenant, '/xero-settings')).catch(() => ({ kinds: {} })),
  ]);
  const cached = settings.kinds || {};
  const canEdit = context.can('mappings');

  const initialKind = KINDS.some((kind) => kind.value === params.get('kind')) ? params.get('kind') : 'account';
  const kindSelect = h('select', { name: 'kind' }, KINDS.map((kind) =>
    h('option', { value: kind.value, selected: kind.value === initialKind }, kind.label)));
  const fromSlot = h('div', {});
  const toSlot = h('div', {});
  const problem = h('p', { class: 'field-error', role: 'alert' });
  let fromControl = null;
  let toControl = null;

  // The "from" and "to" controls for the chosen kind: selects where the values are known.
  function drawControls(fromValue = '', toValue = '') {
    const kind = KINDS.find((k) => k.value === kindSelect.value);
    fromControl = kind.value === 'default'
      ? h('select', { name: 'from' }, DEFAULTS.map((name) => h('option', { value: name, selected: name === fromValue }, humanize(name))))
      : kind.value === 'setting'
        ? h('select', { name: 'from' }, h('option', { value: 'auto_create_contacts' }, 'Create missing contacts'))
        : h('input', { name: 'from', value: fromValue || null, required: true, autocomplete: 'off' });
    fromSlot.replaceChildren(field(kind.from, fromControl));
    const known = choices(kind.value, fromControl.value, cached);
    if (known && known.length > 0) {
      toControl = h('select', { name: 'to' },
        h('option', { value: '' }, 'Choose…'),
        known.map((choice) => h('option', { value: choice.value, selected: choice.value === toValue }, choice.label)));
    } else {
      toControl = h('input', { name: 'to', value: toValue || null, required: true, autocomplete: 'off' });
    }
    const fetched = cached[{ account: 'accounts', tax_rate: 'tax_rates', currency: 'currencies' }[kind.value]];
    toSlot.replaceChildren(field(kind.to, toControl,
      known && known.length > 0 && fetched && fetched.fetched_at ? h('span', {}, 'From Xero, read ', time(fetched.fetched_at)) : null));
    if (kind.value === 'default') fromControl.addEventListener('change', () => drawControls(fromControl.value, ''));
  }
  kindSelect.addEventListener('change', () => drawControls());
  drawControls(params.get('from') || '', params.get('to') || '');

  const save = h('button', { type: 'submit', class: 'primary', disabled: !canEdit, title: canEdit ? null : roleHint('mappings') }, 'Save mapping');
  const form = h('form', { class: 'card', id: 'mapping-form', 'aria-labelledby': 'mapping-form-title' },
    h('h2', { id: 'mapping-form-title' }, params.get('from') ? `Map ${params.get('from')}` : 'Add a mapping'),
    h('div', { class: 'grid' }, field('Kind', kindSelect), fromSlot, toSlot),
    problem,
    h('div', { class: 'row' }, save,
      canEdit ? null : h('span', { class: 'muted' }, 'Only an admin can change mappings.')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    const body = { kind: kindSelect.value, from: fromControl.value.trim(), to: toControl.value.trim() };
    if (!body.from || !body.to) {
      problem.textContent = 'Fill in both values.';
      return;
    }
    save.disabled = true;
    try {
      const answer = await api.put(orgPath(tenant, '/mappings'), body);
      const released = answer.released || 0;
      toast(`Mapped ${body.from} to ${body.to}.${released ? ` ${released} failed document${released === 1 ? '' : 's'} will be sent again.` : ''}`, 'good');
      context.navigate('#/mapping');
    } catch (error) {
      problem.textContent = errorMessage(error);
      save.disabled = false;
    }
  });

  const remove = (mapping) => actionButton(context, 'mappings', 'Remove', async () => {
    const ok = await confirmDialog({
      title: `Remove the mapping of ${mapping.from}?`,
      body: `Documents using ${mapping.from} will no longer be changed to ${mapping.to}.`,
      confirmLabel: 'Remove', danger: true,
    });
    if (!ok) return;
    try {
      await api.del(orgPath(tenant, '/mappings'), { kind: mapping.kind, from: mapping.from });
      toast(`Removed the mapping of ${mapping.from}.`, 'good');
      context.reload();
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  }, { class: 'small danger-outline', 'aria-label': `Remove the mapping of ${mapping.from}` });

  mount(root, 
    h('div', { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Mapping'),
        h('p', { class: 'subtitle' }, 'Turn the business app\'s codes into the ones Xero knows. Failed documents a mapping fixes are sent again.'))),
    form,
    h('h2', {}, 'Mappings'),
    table({
      caption: 'Mappings',
      rows: mappings,
      empty: emptyState({ icon: '⇄', title: 'No mappings yet',
        body: 'Documents are sent with the codes the business app gives. Add a mapping when an error says a code is not known to Xero.' }),
      columns: [
        { label: 'Kind', render: (m) => (KINDS.find((k) => k.value === m.kind) || { label: m.kind }).label },
        { label: 'From', render: (m) => h('code', {}, m.from) },
        { label: 'To', render: (m) => h('code', {}, m.to) },
        { label: '', class: 'actions', render: remove },
      ],
    }));
  (params.get('from') ? toControl : kindSelect).focus();
}
