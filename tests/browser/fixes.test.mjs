// The errors page's fix links (src/console/web/js/fixes.js) against the error catalogue as
// docs/errors.md renders it: every code whose console actions include a mapping gets a link to
// the right kind of mapping, naming the value its message names. Node only: no browser.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mappingFix } from '../../src/console/web/js/fixes.js';

const here = dirname(fileURLToPath(import.meta.url));
const catalogue = readFileSync(join(here, '../../docs/errors.md'), 'utf8');

// [{code, message, actions}] from the "## `code`: title" sections.
function entries() {
  return catalogue.split(/^## `/m).slice(1).map((section) => {
    const code = section.slice(0, section.indexOf('`'));
    const message = (section.match(/^\*\*Message:\*\* (.*)$/m) || [])[1] || '';
    const actions = [...((section.match(/^\*\*In the console:\*\* (.*)$/m) || [])[1] || '').matchAll(/`([a-z_]+)`/g)]
      .map((match) => match[1]);
    return { code, message, actions };
  });
}

const VALUE = 'HOST-CODE 7';
const render = (template) => template
  .replaceAll('{value}', VALUE).replaceAll('{field}', '2').replaceAll('{document}', 'invoice INV-9');

test('the catalogue has the entries the console maps', () => {
  const codes = entries().map((entry) => entry.code);
  for (const code of ['account.invalid_for_document', 'tax_rate.unknown', 'account.missing', 'contact.missing']) {
    assert.ok(codes.includes(code), code);
  }
});

test('every error a mapping fixes links to that mapping, with the value its message names', () => {
  const mapped = entries().filter((entry) => entry.actions.some((action) => action.startsWith('map_')));
  assert.ok(mapped.length >= 6);
  for (const entry of mapped) {
    const fix = mappingFix({ code: entry.code, message: render(entry.message) }, 'invoice');
    assert.ok(fix, `${entry.code} offers ${entry.actions.join(', ')} but gets no mapping link`);
    const wanted = entry.actions.includes('map_tax_rate') && entry.code.startsWith('tax_rate.') ? 'tax_rate'
      : entry.message.includes('{value}') ? 'account' : 'default';
    assert.equal(fix.kind, wanted, entry.code);
    if (entry.message.includes('{value}')) assert.equal(fix.from, VALUE, entry.code);
    else assert.ok(fix.from.endsWith('_account'), entry.code);
  }
});

test('a missing account of a bill defaults to the purchases account', () => {
  const message = 'Line 1 of bill B-1 has no account code.';
  assert.deepEqual(mappingFix({ code: 'account.missing', message }, 'bill'), { kind: 'default', from: 'purchases_account' });
  assert.deepEqual(mappingFix({ code: 'account.missing', message }, 'invoice'), { kind: 'default', from: 'sales_account' });
});

test('a missing contact links to the create-missing-contacts setting; other errors get none', () => {
  assert.deepEqual(mappingFix({ code: 'contact.missing', message: 'The contact of invoice INV-1 is not in Xero.' }),
    { kind: 'setting', from: 'auto_create_contacts', to: 'true' });
  assert.equal(mappingFix({ code: 'invoice.number_taken', message: 'x' }), null);
  assert.equal(mappingFix({ code: 'connection.expired', message: 'x' }), null);
});
