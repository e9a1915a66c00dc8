// The REST API from the pages: JSON in and out, the session's CSRF token on every change, errors as ApiError
// (status, code, message, field, details) so forms can show them next to the field they name.

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') || '';

/** Who is signed in, from the page shell (the server escaped these). */
export const me = {
  name: meta('kubicle-user'),
  role: meta('kubicle-role'),
  admin: meta('kubicle-role') === 'admin',
  csrf: meta('kubicle-csrf'),
};

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `the server answered ${status}`);
    this.status = status;
    this.code = error?.code || 'error';
    this.field = error?.field || null;
    this.details = error?.details || [];
  }
}

export const BASE = '/api/v1';

/** Sends a request; resolves with the parsed JSON (or text, or null for 204). */
export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET') headers['X-CSRF-Token'] = me.csrf;
  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: 'the console cannot be reached; check your connection' });
  }
  if (response.status === 401) {
    window.location.assign('/login?redirect=' + encodeURIComponent(window.location.pathname));
    throw new ApiError(401, { code: 'unauthenticated', message: 'your sign-in has ended' });
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('application/json') ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof data === 'object' ? data.error : { message: data });
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body === undefined ? {} : body),
  del: (path) => request('DELETE', path),
};

/** Path segments escaped for URLs. */
export function p(strings, ...values) {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]) : ''), '');
}
