// Signing in against the real server, for API tests: the session cookie and CSRF token, and a
// fetch that sends both.
export const demoPassword = 'Demo-2026-lankao';

export async function signIn(baseUrl, username, password = demoPassword) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${username} failed: ${response.status} ${await response.text()}`);
  const body = await response.json();
  const cookie = (response.headers.get('set-cookie') || '').split(';')[0];
  return {
    cookie,
    csrf: body.csrf_token,
    body,
    /** Headers that authenticate a request (and pass the CSRF check). */
    headers(extra = {}) {
      return { Cookie: cookie, 'X-CSRF-Token': body.csrf_token, ...extra };
    },
    fetch(url, init = {}) {
      return fetch(url, { ...init, headers: { Cookie: cookie, 'X-CSRF-Token': body.csrf_token, ...(init.headers || {}) } });
    },
  };
}
