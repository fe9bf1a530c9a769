// REST calls to the gateway's /api (proxied to the aggregator), with the session's token. A 401 asks
// for a token and retries; other errors become ApiError carrying the problem+json body.
import { token, askForToken } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  for (;;) {
    const headers = { Accept: 'application/json, application/problem+json' };
    if (token()) headers.Authorization = `Bearer ${token()}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401) {
      await askForToken(token() ? 'The gateway did not accept that token.' : '');
      continue;
    }
    const text = await response.text();
    const json = text ? parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, json || { detail: text });
    return json;
  }
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text };
  }
}

export const enc = encodeURIComponent;

/** A query string of the parameters that have a value: query({status: 'error', before: undefined}) is "status=error". */
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  return q.toString();
}
