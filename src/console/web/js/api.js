// The console's one door to the REST API (docs/api.md, docs/access.md): JSON in and out, the
// session's CSRF token on every unsafe request, the API's own error message on failure, and a
// single hook for 401 so that any page falls back to sign-in.

const CSRF_KEY = 'xerosync.csrf';

// The CSRF token of this tab's session. Kept in memory and in sessionStorage (this tab only,
// gone when it closes) so that a reload does not sign the user out.
let csrfToken = sessionStorage.getItem(CSRF_KEY) || '';
let onUnauthenticated = () => {};

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function setCsrfToken(token) {
  csrfToken = token || '';
  if (csrfToken) sessionStorage.setItem(CSRF_KEY, csrfToken);
  else sessionStorage.removeItem(CSRF_KEY);
}

// `handler` runs when a request (other than sign-in) answers 401.
export function setUnauthenticatedHandler(handler) {
  onUnauthenticated = handler;
}

async function request(method, path, body, { quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    throw new ApiError(0, 'unavailable', 'xerosync cannot be reached. Check that it is running.');
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = (data && data.error) || {};
    const failure = new ApiError(
      response.status,
      error.code || 'http_' + response.status,
      error.message || `The request failed (HTTP ${response.status}).`,
      error.field,
    );
    if (response.status === 401 && !quiet401) onUnauthenticated(failure);
    throw failure;
  }
  return data;
}

export const api = {
  get: (path, options) => request('GET', path, undefined, options),
  post: (path, body = {}, options) => request('POST', path, body, options),
  put: (path, body = {}, options) => request('PUT', path, body, options),
  del: (path, body, options) => request('DELETE', path, body, options),
};

// "/api/v1/orgs/<tenant><tail>", the tenant escaped.
export function orgPath(tenant, tail = '') {
  return `/api/v1/orgs/${encodeURIComponent(tenant)}${tail}`;
}

// A query string from an object, leaving out empty values: {code:'x', after:''} -> "?code=x".
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

export async function signIn(name, password) {
  const session = await request('POST', '/api/v1/session', { name, password }, { quiet401: true });
  setCsrfToken(session.csrf_token);
  return session;
}

export async function signOut() {
  try {
    await request('DELETE', '/api/v1/session', undefined, { quiet401: true });
  } finally {
    setCsrfToken('');
  }
}
