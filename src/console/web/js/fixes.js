// The mapping that fixes a sync error, for the errors page's fix link (#/mapping?kind=&from=).
// No imports and no DOM: tests/browser/fixes.test.mjs checks it in node against every catalogue
// entry that offers a mapping (docs/errors.md, "In the console": map_account, map_tax_rate).

// The value an error's message names, read with the catalogue's message template: the messages
// are rendered from it (src/rules/catalogue.cc), so the words around {value} are fixed.
function valueIn(message, pattern) {
  const match = message.match(pattern);
  return match ? match[1] : '';
}

// {kind, from, to?} for the mapping that fixes `error` ({code, message}) of a document of
// `kind` ("invoice", "bill", ...: which default account), or null when no mapping does.
export function mappingFix(error, kind = '') {
  const message = error.message || '';
  switch (error.code) {
    case 'account.invalid_for_document':
    case 'account.archived':
      return { kind: 'account', from: valueIn(message, /^Account code (.+?) on line /) };
    case 'payment.account_cannot_take_payments':
      return { kind: 'account', from: valueIn(message, /^The account (.+?) of /) };
    case 'tax_rate.unknown':
    case 'tax_rate.inactive':
    case 'tax_rate.not_for_account':
      return { kind: 'tax_rate', from: valueIn(message, /^Tax rate (.+?) (?:on line |cannot be used)/) };
    case 'account.missing':
      return { kind: 'default', from: ['bill', 'expense'].includes(kind) ? 'purchases_account' : 'sales_account' };
    case 'payment.account_missing':
      return { kind: 'default', from: 'payment_account' };
    case 'contact.missing':
      return { kind: 'setting', from: 'auto_create_contacts', to: 'true' };
    default:
      return null;
  }
}
