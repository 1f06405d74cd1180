// Client-side mirrors of server rules, so forms can explain a problem before sending.
// The server checks again and its answer is authoritative.

/**
 * The password policy of src/security/password.cpp: 12–128 characters (code points), at least
 * three of upper case, lower case, digits and other characters (symbols, Chinese…), not
 * containing the user name, not one character repeated. Returns a list of problem keys
 * (i18n keys under `policy.`), empty when the password passes.
 */
export function passwordProblems(password, username = '') {
  const text = String(password ?? '');
  const problems = [];
  const length = [...text].length;
  if (length < 12) problems.push('tooShort');
  if (length > 128) problems.push('tooLong');
  let upper = false;
  let lower = false;
  let digit = false;
  let other = false;
  for (const c of text) {
    if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other = true;
  }
  if (upper + lower + digit + other < 3) problems.push('classes');
  if (username && text.includes(username)) problems.push('username');
  if (text.length > 0 && [...text].every((c) => c === text[0])) problems.push('repeated');
  return problems;
}

/** Data scopes as the server parses them: county:6 digits | zone:digits | township:9 digits | own | shared. */
export const SCOPE_PATTERN = /^(county:\d{6}|zone:\d{1,18}|township:\d{9}|own|shared)$/;

export function isValidScope(scope) {
  return SCOPE_PATTERN.test(String(scope ?? '').trim());
}

/** The scope kind a role normally gets, to pre-fill the grant form. */
export function suggestedScope(role, county) {
  if (['system_admin', 'security_admin', 'audit_admin', 'county_leader', 'county_staff'].includes(role)) {
    return county ? `county:${county}` : 'county:';
  }
  if (role === 'zone_chief' || role === 'zone_deputy') return 'zone:';
  if (role.startsWith('township_')) return county ? `township:${county}` : 'township:';
  if (role === 'village_officer') return 'own';
  return '';
}

/** User names as the server accepts them. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;
