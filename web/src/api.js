// Thin fetch wrapper for the xzq JSON API. Every request carries the UI language as
// Accept-Language so that server messages come back localized; failures are shown to the
// user with ElMessage and rethrown as ApiError so callers can update their own state.
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { i18n, currentLocale } from './i18n/index.js';

export class ApiError extends Error {
  constructor(message, { status = 0, code = 'network_error' } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

async function request(path, { method = 'GET', body, signal, quiet = false } = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': currentLocale() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
    });
  } catch (cause) {
    if (cause?.name === 'AbortError') throw cause;
    return fail(new ApiError(i18n.global.t('common.networkError')), quiet);
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (response.ok && payload !== null) return payload;
  const error = payload?.error;
  const message = error?.message || i18n.global.t('common.unexpectedError', { status: response.status });
  return fail(new ApiError(message, { status: response.status, code: error?.code || 'unexpected_response' }), quiet);
}

function fail(error, quiet) {
  if (!quiet) ElMessage({ type: 'error', message: error.message, showClose: true, grouping: true });
  throw error;
}

export const api = {
  health: (options) => request('/healthz', options),
  counties: (options) => request('/api/v1/org/counties', options),
  orgTree: (county, options) => request(`/api/v1/org/tree?county=${encodeURIComponent(county)}`, options),
};
