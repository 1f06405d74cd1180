// Thin fetch wrapper for the xzq JSON API. Every request carries the UI language as
// Accept-Language so that server messages come back localized; state-changing requests carry
// the session's CSRF token in X-CSRF-Token. Failures are shown to the user with ElMessage and
// rethrown as ApiError so callers can update their own state. A 401 (no or expired session)
// clears the session and hands over to the unauthorized handler (the router sends the user to
// the sign-in page and back afterwards).
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { i18n, currentLocale } from './i18n/index.js';
import { session, clearSession } from './session.js';

export class ApiError extends Error {
  constructor(message, { status = 0, code = 'network_error', payload = null } = {}) {
    super(message);
    this.payload = payload; // the whole error answer (e.g. an import's row report)
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

let unauthorizedHandler = () => {};
/** Called with no argument when an API call answers 401 outside the sign-in itself. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

function query(params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function send(path, { method = 'GET', body, signal, accept = 'application/json', contentType, headers: extra }) {
  const headers = { Accept: accept, 'Accept-Language': currentLocale(), ...extra };
  if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
  return fetch(path, {
    method,
    headers,
    body: body === undefined || contentType ? body : JSON.stringify(body),
    signal,
    credentials: 'same-origin',
  });
}

async function errorOf(response) {
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  const error = payload?.error;
  const message = error?.message || i18n.global.t('common.unexpectedError', { status: response.status });
  return new ApiError(message, { status: response.status, code: error?.code || 'unexpected_response', payload });
}

/**
 * Options: method, body (JSON), signal, quiet (no toast), auth: false (a 401 is an ordinary
 * answer, as for the sign-in and the initial session check, and does not redirect).
 */
async function request(path, { method = 'GET', body, signal, quiet = false, auth = true, contentType, headers } = {}) {
  let response;
  try {
    response = await send(path, { method, body, signal, contentType, headers });
  } catch (cause) {
    if (cause?.name === 'AbortError') throw cause;
    return fail(new ApiError(i18n.global.t('common.networkError')), quiet);
  }
  if (response.ok) {
    if (response.status === 204) return {};
    try {
      return await response.json();
    } catch {
      return fail(new ApiError(i18n.global.t('common.unexpectedError', { status: response.status }),
        { status: response.status, code: 'unexpected_response' }), quiet);
    }
  }
  const error = await errorOf(response);
  if (response.status === 401 && auth) {
    const wasSignedIn = session.state === 'signed-in';
    clearSession();
    unauthorizedHandler({ expired: wasSignedIn });
    throw error;
  }
  return fail(error, quiet);
}

function fail(error, quiet) {
  if (!quiet) ElMessage({ type: 'error', message: error.message, showClose: true, grouping: true });
  throw error;
}

/** Downloads a file answer (such as the audit CSV) and saves it under `filename`. */
async function download(path, filename, accept = 'text/csv, application/json', preferGiven = false) {
  let response;
  try {
    response = await send(path, { accept });
  } catch {
    return fail(new ApiError(i18n.global.t('common.networkError')), false);
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401) {
      clearSession();
      unauthorizedHandler({ expired: true });
      throw error;
    }
    return fail(error, false);
  }
  const disposition = response.headers.get('Content-Disposition') || '';
  // RFC 6266: filename*=UTF-8''… (any file name) wins over the ASCII filename="…".
  const extended = disposition.match(/filename\*=UTF-8''([^;]+)/i);
  const named = disposition.match(/filename="?([^";]+)"?/);
  let saveAs = (preferGiven && filename) || named?.[1] || filename;
  if (extended && !preferGiven) {
    try {
      saveAs = decodeURIComponent(extended[1]);
    } catch {
      // Malformed: keep the plain name.
    }
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = saveAs;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { size: blob.size };
}

const post = (path, body, options) => request(path, { ...options, method: 'POST', body: body ?? {} });
const put = (path, body, options) => request(path, { ...options, method: 'PUT', body: body ?? {} });
const del = (path, options) => request(path, { ...options, method: 'DELETE' });

export const api = {
  health: (options) => request('/healthz', { ...options, auth: false }),
  counties: (options) => request('/api/v1/org/counties', options),
  orgTree: (county, options) => request(`/api/v1/org/tree${query({ county })}`, options),

  // Session and own account.
  login: (credentials, options) => post('/api/v1/auth/login', credentials, { ...options, auth: false }),
  me: (options) => request('/api/v1/auth/me', { ...options, auth: false }),
  logout: () => post('/api/v1/auth/logout', {}, { auth: false }),
  logoutEverywhere: () => post('/api/v1/auth/logout-everywhere'),
  changePassword: (current, replacement) => post('/api/v1/auth/password', { current, new: replacement }),
  totpSetup: () => post('/api/v1/auth/totp/setup'),
  totpEnable: (code) => post('/api/v1/auth/totp/enable', { code }),
  totpDisable: (password) => post('/api/v1/auth/totp/disable', { password }),

  // Accounts and roles.
  users: (options) => request('/api/v1/users', options),
  createUser: (user) => post('/api/v1/users', user),
  setUserActive: (id, active) => post(`/api/v1/users/${encodeURIComponent(id)}/${active ? 'enable' : 'disable'}`),
  grant: (id, grant) => post(`/api/v1/users/${encodeURIComponent(id)}/grants`, grant),
  revoke: (id, grantId) => del(`/api/v1/users/${encodeURIComponent(id)}/grants/${encodeURIComponent(grantId)}`),

  // Audit log.
  audit: (filter, options) => request(`/api/v1/audit${query(filter)}`, options),
  auditExport: (filter) => download(`/api/v1/audit/export${query(filter)}`, 'audit-log.csv'),
  auditVerify: (options) => request('/api/v1/audit/verify', options),

  /** Uploads a file as the raw request body (people import: CSV or XLSX). */
  upload: (path, file, contentType, options) => request(path, { ...options, method: 'POST', body: file, contentType }),

  /** Saves a file answer (a report's attachment) under `filename` (the server's name is ASCII only). */
  downloadFile: (path, filename) => download(path, filename, '*/*', true),
  /** Saves a file answer under the server's name (Content-Disposition), else `filename` (a case file's ZIP). */
  downloadAs: (path, filename) => download(path, filename, 'application/zip, application/json, */*', false),

  // Generic helpers for the pages whose API is described in docs/openapi.yaml.
  get: (path, params, options) => request(`${path}${query(params)}`, options),
  post,
  put,
  del,
  query,
};

// The public reporting portal (no session): a 401 (wrong query code or password) is an
// ordinary answer there and never leads to the staff sign-in page.
const publicOptions = (options) => ({ quiet: true, ...options, auth: false });
export const publicApi = {
  reportForm: (options) => request('/api/v1/public/report-form', publicOptions(options)),
  /** Uploads one file as the raw body; the name travels percent-encoded in X-File-Name. */
  uploadAttachment: (file, options) => request('/api/v1/public/attachments', {
    ...publicOptions(options),
    method: 'POST',
    body: file,
    contentType: file.type || 'application/octet-stream',
    headers: { 'X-File-Name': encodeURIComponent(file.name) },
  }),
  submitReport: (body, options) => post('/api/v1/public/reports', body, publicOptions(options)),
  status: (code, password, options) => post('/api/v1/public/reports/status', { query_code: code, query_password: password }, publicOptions(options)),
  sendMessage: (code, password, text, options) => post('/api/v1/public/reports/messages', { query_code: code, query_password: password, text }, publicOptions(options)),
};
