// A second validator for the Prism conformance test (prism_conformance.mjs): checks request and
// response bodies, and whether an answer's status is declared, against Xero's accounting spec with
// ajv, keeping the spec's $refs as references.
//
// Why: Prism 5.14.2 dereferences the spec, and ajv cannot compile the result for the schemas that
// refer to themselves through other schemas (Invoice -> Payment -> Invoice, CreditNote ->
// Allocation -> Invoice ...): "can't resolve reference ...". Prism swallows that error and reports
// no violation at all for those bodies, after spending seconds on the attempt at every request.
// Compiled from the spec as written, with its $refs, the same schemas compile at once.
//
// Violations have Prism's shape ({location, severity, code, message}), and an undeclared status
// Prism's message, so that the test's exceptions apply to both validators alike.
//
// ajv, ajv-formats and @stoplight/yaml are Prism's own dependencies (pinned by package-lock.json).

import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

const kSpecId = 'xero-accounting';

function pointerEscape(segment) {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

// REQUIRES: `nodeModules` holds ajv, ajv-formats and @stoplight/yaml.
export function loadSpecValidator(specPath, nodeModules) {
  const require = createRequire(`${nodeModules}/`);
  const Ajv = require('ajv').default;
  const addFormats = require('ajv-formats').default;
  const {parse} = require('@stoplight/yaml');
  const spec = parse(readFileSync(specPath, 'utf8'));
  const ajv = new Ajv({strict: false, allErrors: true, allowUnionTypes: true, logger: false});
  addFormats(ajv);
  // The whole document as one schema: every '#/components/...' reference resolves inside it.
  ajv.addSchema(spec, kSpecId);
  const compiled = new Map();

  // The compiled schema at `pointer` in the spec. Throws when it cannot be compiled: unlike
  // Prism, this validator never skips a body silently.
  function validatorAt(pointer) {
    if (!compiled.has(pointer)) compiled.set(pointer, ajv.compile({$ref: `${kSpecId}#${pointer}`}));
    return compiled.get(pointer);
  }

  function operation(op) {
    const [method, path] = op.split(' ');
    const found = spec.paths?.[path]?.[method.toLowerCase()];
    if (!found) throw new Error(`the spec has no operation ${op}`);
    return {found, pointer: `/paths/${pointerEscape(path)}/${method.toLowerCase()}`};
  }

  function check(pointer, value, prefix) {
    const validate = validatorAt(pointer);
    if (validate(value)) return [];
    return validate.errors.map((e) => {
      const at = e.instancePath.split('/').filter((s) => s !== '');
      return {
        location: [prefix, 'body', ...at],
        severity: 'Error',
        code: e.keyword,
        message: `${prefix === 'request' ? 'Request' : 'Response'} body ` +
            `${at.length ? `property ${at.join('.')} ` : ''}${e.message}`,
      };
    });
  }

  return {
    // Violations of the JSON request `body` (text) of operation `op` ("PUT /Invoices").
    request(op, body) {
      const {found, pointer} = operation(op);
      const schema = found.requestBody?.content?.['application/json']?.schema;
      if (body === undefined || !schema) return [];
      return check(`${pointer}/requestBody/content/application~1json/schema`, JSON.parse(body),
                   'request');
    },
    // Violations of an answer with `status`, `contentType` and `text` to operation `op`.
    response(op, status, contentType, text) {
      const {found, pointer} = operation(op);
      const declared = Object.keys(found.responses ?? {});
      const code = declared.includes(String(status)) ? String(status) :
          declared.includes('default') ? 'default' : null;
      if (code === null) {
        return [{location: ['response'], severity: 'Warning',
                 message: 'Unable to match the returned status code with those defined in the ' +
                     `document: ${declared.join(',')}`}];
      }
      const content = found.responses[code].content ?? {};
      if (!content['application/json']?.schema) return [];
      if (!/^application\/json\b/.test(contentType ?? '')) {
        return [{location: ['response', 'headers', 'content-type'], severity: 'Error',
                 message: `The received media type "${contentType}" does not match the one ` +
                     'specified in the current response: application/json'}];
      }
      let value;
      try {
        value = JSON.parse(text);
      } catch (e) {
        return [{location: ['response', 'body'], severity: 'Error',
                 message: `Response body is not JSON: ${e.message}`}];
      }
      return check(`${pointer}/responses/${code}/content/application~1json/schema`, value,
                   'response');
    },
  };
}
