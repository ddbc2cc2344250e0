// The emulator's conformance to Xero's OpenAPI spec, checked by Prism
// (docs/emulator.md).
//
// Starts xero-emulator (127.0.0.1, port 0, --demo --auto-consent --seed), puts Prism 5.14.2 in
// proxy mode in front of it with the official accounting spec, connects the demo app through the
// emulator's own authorize and token endpoints (directly: identity is another spec), then drives
// the scenario of prism_scenario.mjs through the proxy and collects every request and response
// violation Prism reports in its `sl-violations` response header, and those of its own validator
// (spec_validator.mjs), which checks every step's bodies too. Operations whose schemas Prism cannot
// compile (it then checks nothing, slowly: kPrismCannotValidate) go straight to the emulator and
// are checked by that validator only. Passes when every violation is one of the scenario's
// documented exceptions, every step answered its expected status, and the probe step's deliberate
// violation was seen (so a silent Prism cannot pass the test).
//
// Prism runs without --errors, so it forwards every request and returns the emulator's answer
// unchanged (with --errors a violation would replace the answer, and later steps would lose the
// ids they need). Prism matches request paths against the spec's paths, which are relative to its
// server URL (https://api.xero.com/api.xro/2.0), and appends them to the upstream URL: so the test
// calls http://127.0.0.1:<prism>/Contacts and gives Prism http://127.0.0.1:<emulator>/api.xro/2.0
// as upstream.
//
//   node prism_conformance.mjs --emulator PATH [--spec PATH] [--prism PATH] [--verbose]
//
// Exit status: 0 conformant, 1 not (or could not run), 77 skipped (spec or Prism absent).

import {spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

import {kExceptions, kPrismCannotValidate, kSteps, kTenants, kUnconnectedTenant}
    from './prism_scenario.mjs';
import {loadSpecValidator} from './spec_validator.mjs';

const kSkip = 77;
const kPrismVersion = '5.14.2';
const kDeadlineMs = 115_000;  // the whole run; ctest's TIMEOUT (120 s) is a little longer
const kStartupMs = 90_000;     // Prism dereferences a 900 KB spec; slow on a loaded machine
const kRequestMs = 15_000;
const kDemoApp = {
  clientId: 'XEROSYNCDEMO00000000000000000000',
  clientSecret: 'xerosync-demo-secret-do-not-use-in-production',
  redirectUri: 'http://127.0.0.1:8765/callback',
};
const kScopes = 'openid offline_access accounting.settings accounting.contacts ' +
    'accounting.transactions';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const {values: args} = parseArgs({
  options: {
    emulator: {type: 'string'},
    spec: {type: 'string', default: resolve(root, '..', 'shared', 'xero', 'openapi',
                                            'xero_accounting.yaml')},
    prism: {type: 'string',
            default: resolve(root, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js')},
    verbose: {type: 'boolean', default: false},
  },
});

const children = [];
// Kills what is still running at once (the synchronous last resort, on exit).
function killChildren() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
// Stops the children and waits until they are gone, so that none is left behind, not even as a
// zombie.
async function stopChildren() {
  await Promise.all(children.map((child) => new Promise((done) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
      return done();
    }
    child.once('exit', done);
    child.kill('SIGKILL');
  })));
}
process.on('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killChildren();
    process.exit(1);
  });
}
const deadline = setTimeout(() => {
  console.error(`FAIL: the run took longer than ${kDeadlineMs / 1000} s; stopping`);
  stopChildren().then(() => process.exit(1));
}, kDeadlineMs);
deadline.unref();

// Starts `command`, keeps the last lines of its output for diagnostics, and resolves with the
// first match of `ready` in its output (ANSI colours stripped).
function start(name, command, argv, ready, timeoutMs) {
  const child = spawn(command, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'},
  });
  children.push(child);
  child.tail = [];
  return new Promise((resolvePromise, reject) => {
    let matched = false;
    const timer = setTimeout(
        () => reject(new Error(`${name} did not start within ${timeoutMs / 1000} s:\n` +
                               child.tail.join('\n'))),
        timeoutMs);
    const onData = (chunk) => {
      for (const text of chunk.toString().replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
        if (text === '') continue;
        child.tail.push(text);
        if (child.tail.length > 40) child.tail.shift();
        const m = matched ? null : ready.exec(text);
        if (m) {
          matched = true;
          clearTimeout(timer);
          resolvePromise({child, match: m});
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => reject(new Error(`${name}: ${e.message}`)));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!matched) {
        reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n` +
                         child.tail.join('\n')));
      }
    });
  });
}

async function fetchBounded(url, init = {}) {
  return fetch(url, {...init, redirect: 'manual', signal: AbortSignal.timeout(kRequestMs)});
}

// The demo app's access token, through the emulator's authorize (auto-consent redirects straight
// back with a code) and token endpoints.
async function connectDemoApp(emulator) {
  const authorize = new URL('/identity/connect/authorize', emulator);
  authorize.search = new URLSearchParams({
    response_type: 'code', client_id: kDemoApp.clientId, redirect_uri: kDemoApp.redirectUri,
    scope: kScopes, state: 'conformance',
  }).toString();
  const redirected = await fetchBounded(authorize);
  const location = redirected.headers.get('location') ?? '';
  const code = location.startsWith(kDemoApp.redirectUri) ?
      new URL(location).searchParams.get('code') : null;
  if (redirected.status !== 302 || !code) {
    throw new Error(`authorize answered ${redirected.status} (Location: ${location}): ` +
                    await redirected.text());
  }
  const basic = Buffer.from(`${kDemoApp.clientId}:${kDemoApp.clientSecret}`).toString('base64');
  const token = await fetchBounded(new URL('/connect/token', emulator), {
    method: 'POST',
    headers: {'Authorization': `Basic ${basic}`,
              'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({grant_type: 'authorization_code', code,
                               redirect_uri: kDemoApp.redirectUri}).toString(),
  });
  const body = await token.json().catch(() => ({}));
  if (token.status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`token answered ${token.status}: ${JSON.stringify(body)}`);
  }
  return body.access_token;
}

// The scenario makes more calls per organisation than Xero's 60 a minute: raise the emulator's
// limits through its control API, so that no step meets a 429 that is not its subject.
async function raiseRateLimits(emulator) {
  const answer = await fetchBounded(new URL('/_emulator/rate-limits', emulator), {
    method: 'PUT',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({per_minute: 100000, per_day: 100000, app_per_minute: 100000}),
  });
  if (answer.status !== 200) {
    throw new Error(`PUT /_emulator/rate-limits answered ${answer.status}: ${await answer.text()}`);
  }
}

// '@{name}' in `text` replaced by captured values; null when one is missing.
function fill(text, values, missing) {
  return text.replace(/@\{(\w+)\}/g, (whole, name) => {
    if (values[name] === undefined) {
      missing.add(name);
      return whole;
    }
    return values[name];
  });
}

function pick(json, path) {
  let at = json;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = at[key];
  }
  return typeof at === 'string' || typeof at === 'number' ? String(at) : undefined;
}

const kNotFoundText = "The resource you're looking for cannot be found";

function locationOf(violation) {
  return (violation.location ?? []).map((p) => (/^\d+$/.test(String(p)) ? '*' : p)).join('.');
}

function allowance(step, status, violation) {
  return kExceptions.find((e) =>
    (e.ops.includes('*') || e.ops.includes(step.op)) && e.status === status &&
    locationOf(violation) === e.location && e.message.test(violation.message ?? ''));
}

async function runStep(step, emulator, prism, specValidator, token, values) {
  const missing = new Set((step.needs ?? []).filter((name) => values[name] === undefined));
  const path = fill(step.path, values, missing);
  const query = Object.entries(step.query ?? {}).map(([k, v]) => [k, fill(v, values, missing)]);
  const body =
      step.body === undefined ? undefined : fill(JSON.stringify(step.body), values, missing);
  const control = step.control && {...step.control, path: fill(step.control.path, values, missing)};
  if (missing.size > 0) {
    return {outcome: 'skipped', why: `needs ${[...missing].join(', ')} from an earlier step`};
  }
  if (control) {
    const answer = await fetchBounded(new URL(control.path, emulator), {
      method: control.method,
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(control.body ?? {}),
    });
    if (step.pending && (answer.status === 404 || answer.status === 405)) {
      return {outcome: 'skipped', why: `control ${control.method} ${control.path} answered ` +
                                       `${answer.status}: not implemented yet`};
    }
    if (answer.status < 200 || answer.status > 299) {
      return {outcome: 'failed', why: `control ${control.method} ${control.path} answered ` +
                                      `${answer.status}: ${await answer.text()}`};
    }
  }
  const viaPrism = !kPrismCannotValidate.has(step.op);
  const url = new URL(path.replace(/^\//, ''), viaPrism ? prism : `${emulator}/api.xro/2.0/`);
  url.search = new URLSearchParams(query).toString();
  const tenant = step.tenant === 'unconnected' ? kUnconnectedTenant : kTenants[step.tenant ?? 'nz'];
  const headers = {
    'Authorization': `Bearer ${step.token === 'bogus' ? 'not-a-token-the-emulator-issued' : token}`,
    'xero-tenant-id': tenant,
    'Accept': 'application/json',
    ...(body === undefined ? {} : {'Content-Type': 'application/json'}),
    ...(step.headers ?? {}),
  };
  const answer = await fetchBounded(url, {method: step.method ?? 'GET', headers, body});
  const text = await answer.text();
  const raw = answer.headers.get('sl-violations');
  let violations = [];
  if (raw !== null) {
    try {
      violations = JSON.parse(raw);
    } catch {
      violations = [{location: ['sl-violations'], severity: 'Error',
                     message: `unreadable (Prism truncates long lists): ${raw.slice(0, 300)}`}];
    }
  }
  violations = violations.map((v) => ({...v, by: 'prism'}));
  for (const v of [...specValidator.request(step.op, body),
                   ...specValidator.response(step.op, answer.status,
                                             answer.headers.get('content-type'), text)]) {
    violations.push({...v, by: 'ajv'});
  }
  // Every violation counts, warnings included: so "Selected route not found" (a path the spec
  // lacks, which Prism forwards anyway) fails the step as a scenario error.
  const result = {status: answer.status, text, violations, url: `${url.pathname}${url.search}`,
                  via: viaPrism ? 'Prism' : 'direct'};
  const unknownRoute = step.pending &&
      (answer.status === 405 || (answer.status === 404 && text.trim() === kNotFoundText)) &&
      step.expect !== 404;
  if (unknownRoute) {
    // The emulator does not know the route yet. Its answer is not under test, but what was sent
    // is: request violations still count.
    result.violations = violations.filter((v) => v.location?.[0] !== 'response');
    return {...result, outcome: 'skipped',
            why: `emulator answered ${answer.status}: not implemented yet`};
  }
  if (answer.status !== step.expect) {
    return {...result, outcome: 'failed',
            why: `expected ${step.expect}, got ${answer.status}: ${text.slice(0, 400)}`};
  }
  if (step.capture) {
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      // reported below as a missing value
    }
    for (const [name, path] of Object.entries(step.capture)) {
      const value = json === null ? undefined : pick(json, path);
      if (value === undefined) {
        return {...result, outcome: 'failed',
                why: `no ${path} in the answer: ${text.slice(0, 400)}`};
      }
      values[name] = value;
    }
  }
  return {...result, outcome: 'ran'};
}

async function main() {
  if (!args.emulator) {
    console.error('usage: node prism_conformance.mjs --emulator PATH [--spec PATH] [--prism PATH]');
    return 1;
  }
  if (!existsSync(args.spec)) {
    console.log(`SKIP: Xero's OpenAPI spec is not at ${args.spec} (shared/ is not beside the ` +
                'project): the emulator\'s conformance is not checked');
    return kSkip;
  }
  const prismPackage = resolve(dirname(args.prism), '..', 'package.json');
  if (!existsSync(args.prism) || !existsSync(prismPackage)) {
    console.log(`SKIP: Prism is not installed at ${args.prism} ` +
                '(run `npm ci` or scripts/setup): ' +
                'the emulator\'s conformance is not checked');
    return kSkip;
  }
  const version = JSON.parse(readFileSync(prismPackage, 'utf8')).version;
  if (version !== kPrismVersion) {
    console.log(`SKIP: Prism ${version} is installed, the test is pinned to ${kPrismVersion} ` +
                '(run `npm ci`)');
    return kSkip;
  }

  const specValidator =
      loadSpecValidator(args.spec, resolve(dirname(args.prism), '..', '..', '..'));
  // The test's own validator must see a bad body, or it is not checking anything.
  const selfCheck = specValidator.response('GET /Invoices', 200, 'application/json',
                                           JSON.stringify({Invoices: [{InvoiceID: 42}]}));
  if (!selfCheck.some((v) => locationOf(v) === 'response.body.Invoices.*.InvoiceID')) {
    console.log('FAIL: the spec validator did not flag a numeric InvoiceID: ' +
                JSON.stringify(selfCheck));
    return 1;
  }

  const began = Date.now();
  const {match: emulatorMatch} = await start(
      'xero-emulator', args.emulator,
      ['--host', '127.0.0.1', '--port', '0', '--demo', '--auto-consent', '--seed', '20261121'],
      /listening on (http:\/\/127\.0\.0\.1:\d+)/, 10_000);
  const emulator = emulatorMatch[1];
  const {match: prismMatch} = await start(
      'prism', process.execPath,
      [args.prism, 'proxy', args.spec, `${emulator}/api.xro/2.0`, '--host', '127.0.0.1',
       '--port', '0', '--errors', 'false'],
      /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/, kStartupMs);
  const prism = `${prismMatch[1]}/`;
  const startedIn = Date.now() - began;
  await raiseRateLimits(emulator);
  const token = await connectDemoApp(emulator);

  const values = {nzTenant: kTenants.nz, ukTenant: kTenants.uk};
  const failures = [];
  const allowed = [];
  const skipped = [];
  const opsRun = new Set();
  const opsSkipped = new Set();
  for (const step of kSteps) {
    const stepBegan = Date.now();
    const r = await runStep(step, emulator, prism, specValidator, token, values);
    const stepMs = Date.now() - stepBegan;
    const label = `${step.op} "${step.name}"`;
    if (args.verbose) {
      console.log(`${r.outcome.padEnd(7)} ${label} -> ${r.status ?? '-'} ` +
                  `(${r.via ?? '-'}, ${stepMs} ms)`);
    }
    if (r.outcome === 'failed') failures.push(`${label}: ${r.why}`);
    if (r.outcome === 'skipped') {
      skipped.push(`${label}: ${r.why}`);
      opsSkipped.add(step.op);
    } else {
      opsRun.add(step.op);
    }
    let probeSeen = false;
    for (const v of r.violations ?? []) {
      const where = locationOf(v);
      if (step.probe && where === step.probe.location && v.severity === step.probe.severity) {
        probeSeen = true;
        continue;
      }
      const exception = allowance(step, r.status, v);
      const text = `${label} -> ${r.status} ${r.url}: ${v.by} [${v.severity}] ${where} ` +
          `${v.code ?? ''} ${v.message}`;
      if (exception) {
        allowed.push(text);
      } else {
        failures.push(`violation: ${text}`);
      }
    }
    if (step.probe && r.outcome !== 'skipped' && !probeSeen) {
      failures.push(`${label}: Prism did not report the deliberate violation at ` +
                    `${step.probe.location}; violations are not being collected`);
    }
  }

  const tookS = ((Date.now() - began) / 1000).toFixed(1);
  const implemented = [...opsRun].sort();
  const pending = [...opsSkipped].filter((op) => !opsRun.has(op)).sort();
  console.log(`Prism ${version} proxy, ${kSteps.length} steps, ${implemented.length} operations ` +
              `checked, ${pending.length} pending; ` +
              `Prism started in ${(startedIn / 1000).toFixed(1)} s, ` +
              `whole run ${tookS} s`);
  console.log(`Operations checked: ${implemented.join(', ')}`);
  const direct = implemented.filter((op) => kPrismCannotValidate.has(op));
  if (direct.length) {
    console.log(`Of these, checked by the test's validator only (Prism 5.14.2 cannot compile ` +
                `their schemas): ${direct.join(', ')}`);
  }
  if (pending.length) {
    console.log(`Operations pending (emulator answers 404/405): ${pending.join(', ')}`);
  }
  if (skipped.length) console.log(`Skipped steps:\n  ${skipped.join('\n  ')}`);
  if (allowed.length) {
    console.log(`Allowed violations (documented exceptions, docs/emulator.md):\n  ` +
                allowed.join('\n  '));
  }
  if (failures.length) {
    console.log(`FAIL: ${failures.length} problem(s):\n  ${failures.join('\n  ')}`);
    return 1;
  }
  console.log('PASS: no violations besides the documented exceptions');
  return 0;
}

main().then(async (code) => {
  await stopChildren();
  process.exit(code);
}, async (e) => {
  console.error(`FAIL: ${e.message}`);
  await stopChildren();
  process.exit(1);
});
