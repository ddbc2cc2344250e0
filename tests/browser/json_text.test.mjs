// The console's JSON text helpers (src/console/web/js/json_text.js): a payload is shown exactly as
// sent, amounts never going through a float. Node only: no browser.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memberText, prettyJson } from '../../src/console/web/js/json_text.js';

const RESPONSE = '{"id":3,"kind":"invoice","payload":{"Type":"ACCREC","LineItems":[{"UnitAmount":120.50,' +
  '"Quantity":2,"Big":12345678901234567890.12,"Description":"Rope, \\"best\\" {grade} [2]"}],' +
  '"Empty":{},"None":[]},"parents":[],"error":null}';

test('a top-level member is its text as sent', () => {
  assert.equal(memberText(RESPONSE, 'id'), '3');
  assert.equal(memberText(RESPONSE, 'kind'), '"invoice"');
  assert.equal(memberText(RESPONSE, 'parents'), '[]');
  assert.equal(memberText(RESPONSE, 'error'), 'null');
  assert.equal(memberText(RESPONSE, 'nowhere'), null);
  const payload = memberText(RESPONSE, 'payload');
  assert.ok(payload.startsWith('{"Type":"ACCREC"') && payload.endsWith('"None":[]}'), payload);
  assert.ok(payload.includes('"UnitAmount":120.50'));
  // Members of nested objects are not top-level members.
  assert.equal(memberText(RESPONSE, 'UnitAmount'), null);
});

test('pretty text keeps every number and string as written', () => {
  const pretty = prettyJson(memberText(RESPONSE, 'payload'));
  assert.equal(pretty, [
    '{',
    '  "Type": "ACCREC",',
    '  "LineItems": [',
    '    {',
    '      "UnitAmount": 120.50,',
    '      "Quantity": 2,',
    '      "Big": 12345678901234567890.12,',
    '      "Description": "Rope, \\"best\\" {grade} [2]"',
    '    }',
    '  ],',
    '  "Empty": {},',
    '  "None": []',
    '}',
  ].join('\n'));
  // The same value as the text it came from.
  assert.deepEqual(JSON.parse(pretty), JSON.parse(memberText(RESPONSE, 'payload')));
});
