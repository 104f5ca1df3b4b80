// The service's own HTTP API, same origin. Every call resolves to {status, body, ok}; body is
// the parsed JSON (or {raw: text} when the answer is not JSON). Network failures reject.

const ADMIN_KEY = 'workbench.adminToken';
const API_KEY = 'workbench.apiKey';

export const session = {
  adminToken: () => sessionStorage.getItem(ADMIN_KEY) || '',
  setAdminToken: t => t ? sessionStorage.setItem(ADMIN_KEY, t) : sessionStorage.removeItem(ADMIN_KEY),
  apiKey: () => sessionStorage.getItem(API_KEY) || '',
  setApiKey: k => k ? sessionStorage.setItem(API_KEY, k) : sessionStorage.removeItem(API_KEY),
};

async function call(method, path, {body, headers} = {}) {
  const init = {method, headers: {Accept: 'application/json', ...(headers || {})}};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = {raw: text};
  }
  return {status: res.status, ok: res.ok, body: parsed, text};
}

export const api = {
  ruleset: () => call('GET', '/v1/ruleset'),
  scenarios: () => call('GET', '/v1/scenarios'),
  runScenarios: () => call('POST', '/v1/scenarios/run'),
  decide: factsText => {
    const key = session.apiKey();
    return call('POST', '/v1/decisions', {body: factsText, headers: key ? {'X-API-Key': key} : {}});
  },
  validate: (files, scenarios) => call('POST', '/v1/ruleset/validate', {
    body: {files, scenarios}, headers: {Authorization: 'Bearer ' + session.adminToken()}}),
  impact: files => call('POST', '/v1/ruleset/impact', {
    body: {files}, headers: {Authorization: 'Bearer ' + session.adminToken()}}),
  example: () => fetch('example.json').then(r => r.text()),
  liveFiles: () => call('GET', '/v1/ruleset/files'),
  history: () => call('GET', '/v1/ruleset/history'),
  apply: (files, message, baseVersion) => call('POST', '/v1/ruleset/apply', {
    body: {files, message, baseVersion}, headers: {Authorization: 'Bearer ' + session.adminToken()}}),
  rollback: (version, message) => call('POST', '/v1/ruleset/rollback', {
    body: {version, message}, headers: {Authorization: 'Bearer ' + session.adminToken()}}),
};
