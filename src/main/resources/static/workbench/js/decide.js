// Decide view: a fact set editor, scenario requests to load, and the decision as a person reads it.
import {h, clear, ruleLink, badge, fmt, table, errorBox, shortVersion} from './dom.js';
import {api, session} from './api.js';

const SEVERITIES = ['VIOLATION', 'ACTION', 'WARNING', 'INFO'];
// Which usage figure each quota is measured against (report field names, the request contract).
const QUOTAS = [
  {label: 'Interacted people', entitlement: 'interactedPeople', usage: 'interactedPeople'},
  {label: 'Unified people', entitlement: 'unifiedPeople', usage: 'unifiedPeople'},
  {label: 'Interactions this month', entitlement: 'monthlyInteractions', usage: 'interactionsThisMonth'},
  {label: 'Outbound installs', entitlement: 'outboundInstalls', usage: 'outboundInstalls'},
  {label: 'Trial environments', entitlement: 'trialEnvironments', usage: 'trialEnvironments'},
];
const DAY = 86400000;

let scenarios = [];

export async function initDecide() {
  const facts = document.getElementById('facts');
  document.getElementById('decide-form').addEventListener('submit', e => {
    e.preventDefault();
    decide();
  });
  facts.addEventListener('keydown', e => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      decide();
    }
  });
  facts.addEventListener('input', () => {
    const note = document.getElementById('facts-origin');
    if (note.dataset.origin) note.textContent = `Edited, starting from ${note.dataset.origin}`;
  });
  document.getElementById('load-example').addEventListener('click', loadExample);
  document.getElementById('load-scenario').addEventListener('click', loadScenario);
  const key = document.getElementById('api-key');
  key.value = session.apiKey();
  if (key.value) document.getElementById('api-key-box').hidden = false;
  key.addEventListener('change', () => session.setApiKey(key.value.trim()));
  await Promise.all([loadExample(), loadScenarioList()]);
}

async function loadExample() {
  const text = await api.example();
  setFacts(JSON.stringify(JSON.parse(text), null, 2), 'the example request');
}

function setFacts(text, origin) {
  document.getElementById('facts').value = text;
  document.getElementById('facts-origin').textContent = 'Loaded: ' + origin;
  document.getElementById('facts-origin').dataset.origin = origin;
}

async function loadScenarioList() {
  const select = document.getElementById('scenario-select');
  const res = await api.scenarios();
  if (!res.ok) {
    clear(select, h('option', {value: ''}, `(no scenarios: ${res.body?.message ?? res.status})`));
    return;
  }
  scenarios = res.body.scenarios.filter(s => s.request);
  clear(select, h('option', {value: ''}, `Choose one of ${scenarios.length} scenarios`),
    scenarios.map((s, i) => h('option', {value: String(i)}, `${s.file} — ${s.name}`)));
}

function loadScenario() {
  const i = document.getElementById('scenario-select').value;
  if (i === '') return;
  const s = scenarios[Number(i)];
  setFacts(JSON.stringify(s.request, null, 2), `scenario ${s.file} (covers ${(s.covers || []).join(', ') || 'nothing'})`);
  document.getElementById('facts').focus();
}

export async function decide() {
  const out = document.getElementById('decision');
  clear(out, h('p', {class: 'muted'}, 'Deciding…'));
  let res;
  try {
    res = await api.decide(document.getElementById('facts').value);
  } catch (e) {
    clear(out, errorBox('The server did not answer', String(e)));
    return;
  }
  if (res.ok) clear(out, renderReport(res.body));
  else clear(out, renderError(res));
}

function renderError(res) {
  const b = res.body || {};
  if (res.status === 401) document.getElementById('api-key-box').hidden = false;
  const violations = b.violations || [];
  return h('div', {id: 'decide-error'},
    errorBox(`Not decided: ${res.status} ${b.error ?? ''}`, h('p', {}, b.message ?? res.text),
      violations.length ? table('Violations', ['path', 'problem'],
        violations.map(v => [h('code', {class: 'violation-path'}, v.path || '(the whole body)'), v.message]),
        'violations') : null,
      (b.rules || []).length ? h('p', {}, 'Rules: ', b.rules.map(r => [ruleLink(r), ' '])) : null),
    rawJson(b));
}

function renderReport(r) {
  return h('div', {class: 'report'},
    h('div', {class: 'verdict verdict-' + r.verdict, id: 'verdict', role: 'status'},
      h('span', {class: 'verdict-label'}, 'Verdict'), h('strong', {}, r.verdict)),
    h('p', {class: 'muted'}, `Tenant ${r.tenantId}, as of ${r.asOf}, ruleset `,
      h('code', {title: r.ruleset?.version}, shortVersion(r.ruleset?.version)), `, decision ${r.decisionId}`),
    (r.requests || []).length ? h('p', {class: 'verdict-note', id: 'verdict-note'},
      'The verdict weighs only the findings on the tenant, its licenses, add-ons and environments; each request gets its own outcome below, which never changes the verdict.') : null,
    findings(r.findings || []),
    quotas(r.entitlements || {}, r.usage || {}, r.grants || []),
    deadlines(r.deadlines || [], r.asOf),
    requests(r.requests || [], r.findings || []),
    firedRules(r.firedRules || []),
    rawJson(r));
}

// a finding, grant or deadline of a rule that reads the policy rather than quotes it: a small
// marker with the rule's interpretation (absent for a rule that follows the letter of its source)
function interpretation(item) {
  return item.interpretation
    ? h('p', {class: 'interpretation'}, h('span', {class: 'interpretation-marker', title: 'This answer rests on a reading of the policy, not its letter'}, 'Interpretation'), ' ', item.interpretation)
    : null;
}

function findingItem(f) {
  return h('li', {class: 'finding sev-' + f.severity},
    h('div', {class: 'finding-head'}, badge(f.severity), ' ', h('code', {class: 'finding-code'}, f.code),
      ' on ', h('code', {}, f.subject), ' — rule ', ruleLink(f.ruleId)),
    h('p', {class: 'finding-message'}, f.message),
    f.source ? h('p', {class: 'source'}, 'Source: ', f.source) : null,
    interpretation(f));
}

function findings(list) {
  const groups = SEVERITIES.map(s => [s, list.filter(f => f.severity === s)]).filter(([, l]) => l.length);
  const other = list.filter(f => !SEVERITIES.includes(f.severity));
  if (other.length) groups.push(['OTHER', other]);
  return h('section', {class: 'panel', id: 'findings', 'aria-labelledby': 'findings-title'},
    h('h3', {id: 'findings-title'}, `Findings (${list.length})`),
    list.length ? groups.map(([sev, l]) => h('div', {class: 'severity-group'},
      h('h4', {}, `${sev} (${l.length})`), h('ul', {class: 'findings'}, l.map(findingItem))))
      : h('p', {}, 'No findings.'));
}

function quotas(ent, usage, grants) {
  const rows = QUOTAS.filter(q => q.entitlement in ent || q.usage in usage).map(q => quotaBar(q, ent[q.entitlement], usage[q.usage]));
  const shown = new Set(QUOTAS.map(q => q.entitlement));
  const rest = Object.entries(ent).filter(([k]) => !shown.has(k));
  return h('section', {class: 'panel', id: 'entitlements', 'aria-labelledby': 'ent-title'},
    h('h3', {id: 'ent-title'}, 'Entitlements against usage'),
    h('div', {class: 'bars'}, rows),
    rest.length ? h('dl', {class: 'facts other-entitlements'},
      rest.map(([k, v]) => [h('dt', {'data-entitlement': k}, words(k)), h('dd', {}, labelled(v))]))
      : null,
    interpretedGrants(grants));
}

// "messagesPerHour" -> "messages per hour"; an enum constant (JOURNEYS_REAL_TIME) stays as it is
function words(key) {
  if (/^[A-Z0-9_]+$/.test(key)) return h('code', {}, key);
  const w = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return w.charAt(0).toUpperCase() + w.slice(1);
}

// an entitlement's value: a number or word as it is, an object as labelled values (never raw JSON)
function labelled(v) {
  if (v === null || v === undefined) return h('span', {class: 'muted', title: 'not set'}, '—');
  if (typeof v !== 'object') return h('code', {}, typeof v === 'number' ? fmt(v) : String(v));
  return h('dl', {class: 'facts nested'},
    Object.entries(v).map(([k, x]) => [h('dt', {}, words(k)), h('dd', {}, labelled(x))]));
}

// the grants whose rule reads the policy: where a quota rests on an interpretation
function interpretedGrants(grants) {
  const read = grants.filter(g => g.interpretation);
  return read.length ? h('div', {id: 'interpreted-grants'},
    h('h4', {}, 'Grants that rest on an interpretation'),
    h('ul', {class: 'grants'}, read.map(g => h('li', {class: 'grant'},
      h('code', {}, g.entitlement), ` +${fmt(g.amount)} from `, h('code', {}, g.subject), ' — rule ', ruleLink(g.ruleId),
      interpretation(g))))) : null;
}

function quotaBar(q, quota, used) {
  const usedN = typeof used === 'number' ? used : 0;
  const limited = typeof quota === 'number';
  const over = limited && usedN > quota;
  const pct = !limited ? 0 : quota === 0 ? (usedN > 0 ? 100 : 0) : Math.min(100, (usedN / quota) * 100);
  const words = limited
    ? `${fmt(usedN)} of ${fmt(quota)}` + (over ? ` — over by ${fmt(usedN - quota)}` : quota ? ` (${Math.round((usedN / quota) * 100)}%)` : '')
    : `${fmt(usedN)} used, quota ${quota === null || quota === undefined ? 'not stated' : String(quota)}`;
  return h('div', {class: 'quota' + (over ? ' over' : ''), 'data-entitlement': q.entitlement},
    h('div', {class: 'quota-label'}, h('span', {}, q.label), h('span', {class: 'quota-words'}, words)),
    h('div', {class: 'bar', role: 'img', 'aria-label': `${q.label}: ${words}`},
      h('div', {class: 'fill', style: `width: ${pct}%`})));
}

function deadlines(list, asOf) {
  const section = h('section', {class: 'panel', id: 'deadlines', 'aria-labelledby': 'dl-title'},
    h('h3', {id: 'dl-title'}, `Deadlines (${list.length})`));
  if (!list.length) {
    section.append(h('p', {}, 'No deadlines.'));
    return section;
  }
  const asOfDay = Date.parse(String(asOf).slice(0, 10));
  const days = list.map(d => Date.parse(d.date));
  const lo = Math.min(asOfDay, ...days) - 30 * DAY;
  const hi = Math.max(asOfDay, ...days) + 30 * DAY;
  const pct = t => ((t - lo) / (hi - lo)) * 100;
  const at = t => `${pct(t)}%`;
  // labels near an end of the axis grow inwards, so none runs off the panel
  const side = t => pct(t) < 25 ? ' from-left' : pct(t) > 75 ? ' from-right' : '';
  section.append(h('div', {class: 'timeline', 'aria-hidden': 'true'},
    h('div', {class: 'axis'}),
    h('div', {class: 'marker asof', style: `left: ${at(asOfDay)}`},
      h('span', {class: side(asOfDay).trim()}, 'asOf ' + String(asOf).slice(0, 10))),
    list.map((d, i) => h('div', {class: `marker deadline status-${d.status}`, style: `left: ${at(days[i])}`,
      title: `${d.code} ${d.date} ${d.status}`}, h('span', {class: (i % 2 ? 'low' : '') + side(days[i])}, d.code)))));
  section.append(h('ol', {class: 'deadline-list'}, [...list].sort((a, b) => a.date.localeCompare(b.date)).map(d =>
    h('li', {class: 'deadline status-' + d.status},
      badge(d.status), ' ', h('strong', {}, d.date), ' ', h('code', {}, d.code),
      ` — ${d.daysRemaining < 0 ? `${-d.daysRemaining} days ago` : `in ${d.daysRemaining} days`} — rule `, ruleLink(d.ruleId),
      d.source ? h('span', {class: 'source'}, ` (${d.source})`) : null, interpretation(d)))));
  return section;
}

function requests(list, allFindings) {
  return h('section', {class: 'panel', id: 'requests', 'aria-labelledby': 'req-title'},
    h('h3', {id: 'req-title'}, `Requests (${list.length})`),
    list.length ? h('ul', {class: 'requests'}, list.map(r => {
      const behind = allFindings.filter(f => f.subject === 'requests/' + r.id);
      return h('li', {class: 'request', 'data-request': r.id},
        h('div', {}, h('code', {}, r.id), ` ${r.type} `, badge(r.outcome)),
        behind.length ? h('ul', {class: 'findings'}, behind.map(f => h('li', {},
          badge(f.severity), ' ', h('code', {}, f.code), ' (', ruleLink(f.ruleId), ') ', f.message, interpretation(f))))
          : h('p', {class: 'muted'}, 'No finding on this request.'));
    })) : h('p', {}, 'No requests.'));
}

function firedRules(list) {
  return h('section', {class: 'panel', id: 'fired', 'aria-labelledby': 'fired-title'},
    h('details', {},
      h('summary', {id: 'fired-title'}, `Fired rules (${list.length})`),
      table(null, ['rule', 'name', 'times'], list.map(f => [ruleLink(f.id), f.name, String(f.count)]))));
}

function rawJson(obj) {
  return h('details', {class: 'raw', id: 'raw-json'},
    h('summary', {}, 'Raw JSON'),
    h('pre', {}, h('code', {}, JSON.stringify(obj, null, 2))));
}
