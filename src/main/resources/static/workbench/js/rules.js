// Rules view: the live ruleset (GET /v1/ruleset), its last reload, every rule by family, a search.
import {h, clear, badge, fileLine, shortVersion, table, errorBox} from './dom.js';
import {api} from './api.js';

let rules = [];
let loaded = null;

export async function loadRuleset() {
  const summary = document.getElementById('ruleset-summary');
  const badgeLine = document.getElementById('ruleset-badge');
  let res;
  try {
    res = await api.ruleset();
  } catch (e) {
    clear(summary, errorBox('The server did not answer', String(e)));
    clear(badgeLine, 'The server did not answer');
    return;
  }
  if (!res.ok) {
    clear(summary, errorBox(`No live ruleset (${res.status} ${res.body?.error ?? ''})`, res.body?.message ?? res.text));
    clear(badgeLine, 'No live ruleset');
    return;
  }
  loaded = res.body;
  rules = loaded.rules || [];
  clear(badgeLine, 'Live ruleset ', h('code', {title: loaded.version}, shortVersion(loaded.version)),
    `, ${rules.length} rules, loaded ${loaded.loadedAt}`);
  renderSummary(summary, loaded);
  renderRules();
}

function renderSummary(el, r) {
  const last = r.lastReload;
  clear(el,
    h('dl', {class: 'facts'},
      h('dt', {}, 'Version'), h('dd', {}, h('code', {id: 'ruleset-version'}, r.version)),
      h('dt', {}, 'Loaded at'), h('dd', {}, r.loadedAt),
      h('dt', {}, 'From'), h('dd', {}, r.origin ?? '—'),
      h('dt', {}, 'Files'), h('dd', {}, (r.files || []).map(f => f.path).join(', '))),
    last ? renderLastReload(last) : null,
    r.rulesetChangeRun ? renderChangeRun(r.rulesetChangeRun) : null);
}

// on an instance that consumes Kafka: the group's re-decision of every tenant after the last change
function renderChangeRun(run) {
  const counts = run.state === 'DONE'
    ? `${run.redecided} tenants re-decided, ${run.changed} changed` +
      Object.entries(run.byRule || {}).map(([id, n]) => `, ${id}: ${n}`).join('') +
      Object.entries(run.byError || {}).map(([e, n]) => `, ${e}: ${n}`).join('') + ` (${run.started} – ${run.ended})`
    : `since ${run.started}`;
  return h('div', {class: 'last-reload', id: 'ruleset-change-run'},
    h('h3', {}, 'Re-decision of every tenant ', badge(run.state, run.state === 'SUPERSEDED' ? 'bad' : 'ok')),
    h('p', {}, h('code', {}, shortVersion(run.fromVersion)), ' → ', h('code', {}, shortVersion(run.toVersion)),
      `: ${counts}`));
}

export function renderAttempt(a) {
  return [
    (a.errors || []).length ? table('Errors', ['where', 'message'],
      a.errors.map(e => [h('code', {class: 'where'}, fileLine(e.file, e.line)), e.message]), 'errors') : null,
    (a.failingScenarios || []).length ? h('div', {}, h('h4', {}, 'Failing scenarios'),
      a.failingScenarios.map(s => differences(s.file, s.name, s.differences))) : null,
  ];
}

export function differences(file, name, diffs) {
  return h('div', {class: 'scenario-failure'},
    h('h5', {}, h('code', {}, file), name && name !== file ? ` — ${name}` : ''),
    table(null, ['path', 'expected', 'got'],
      (diffs || []).map(d => [h('code', {}, d.path), d.expected, d.actual]), 'diffs'));
}

function renderLastReload(a) {
  const kind = ['LIVE', 'UNCHANGED', 'VALID'].includes(a.outcome) ? 'ok' : 'bad';
  return h('div', {class: 'last-reload', id: 'last-reload'},
    h('h3', {}, 'Last reload ', badge(a.outcome, kind)),
    h('p', {}, `${a.time} (${a.trigger}): ${a.message ?? ''}`,
      a.scenariosRun ? ` — ${a.scenariosRun} scenarios run` : ''),
    renderAttempt(a));
}

export function family(id) {
  if (!id) return '(no id)';
  const dash = id.indexOf('-');
  return dash > 0 ? id.slice(0, dash) : id;
}

function title(rule) {
  const name = rule.name || '';
  return rule.id && name.startsWith(rule.id) ? name.slice(rule.id.length).trim() : name;
}

function matches(rule, q) {
  if (!q) return true;
  const hay = [rule.id, rule.name, rule.source, rule.interpretation, rule.file, family(rule.id)]
    .filter(Boolean).join('\n').toLowerCase();
  return q.toLowerCase().split(/\s+/).filter(Boolean).every(w => hay.includes(w));
}

export function renderRules() {
  const q = document.getElementById('rule-search').value.trim();
  const shown = rules.filter(r => matches(r, q));
  // family -> rule id -> the rules written for that id (one catalogue id may be several DRL rules)
  const families = new Map();
  for (const r of shown) {
    const f = family(r.id);
    if (!families.has(f)) families.set(f, new Map());
    const ids = families.get(f);
    if (!ids.has(r.id)) ids.set(r.id, []);
    ids.get(r.id).push(r);
  }
  const ids = new Set(shown.map(r => r.id)).size;
  document.getElementById('rule-count').textContent = q
    ? `${ids} rule ids (${shown.length} of ${rules.length} rules) match`
    : `${ids} rule ids, ${rules.length} rules`;
  const el = document.getElementById('rule-families');
  clear(el, [...families.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([f, byId]) =>
    h('section', {class: 'family', 'aria-labelledby': 'family-' + f},
      h('h3', {id: 'family-' + f}, `${f} `, h('span', {class: 'muted'}, `(${byId.size})`)),
      h('div', {class: 'cards'}, [...byId.entries()].map(([id, list]) => ruleCard(id, list))))));
  if (!shown.length) el.append(h('p', {}, 'No rule matches.'));
}

function ruleCard(id, list) {
  const key = id ?? '(no id)';
  return h('article', {class: 'rule', id: 'rule-' + key, tabindex: '-1', 'aria-labelledby': 'rule-title-' + key},
    h('h4', {id: 'rule-title-' + key}, h('code', {class: 'rule-id'}, key), ' ', title(list[0])),
    list.map((r, i) => h('dl', {class: i ? 'more' : ''},
      i ? [h('dt', {}, 'Also'), h('dd', {}, title(r))] : null,
      h('dt', {}, 'Policy source'), h('dd', {}, r.source ?? '—'),
      r.interpretation ? [h('dt', {}, 'Interpretation'), h('dd', {class: 'interpretation'}, r.interpretation)] : null,
      h('dt', {}, 'Written in'), h('dd', {}, h('code', {class: 'where'}, fileLine(r.file, r.line))))));
}

/** Shows one rule: clears a search that hides it, scrolls to it, focuses it. */
export function showRule(id) {
  const search = document.getElementById('rule-search');
  if (!document.getElementById('rule-' + id) && search.value) {
    search.value = '';
    renderRules();
  }
  const card = document.getElementById('rule-' + id);
  document.querySelectorAll('.rule.target').forEach(c => c.classList.remove('target'));
  if (!card) {
    document.getElementById('rule-count').textContent = `No rule ${id} in the live ruleset`;
    return;
  }
  card.classList.add('target');
  card.scrollIntoView({block: 'center'});
  card.focus({preventScroll: true});
}

export function rulesReady() {
  return loaded !== null;
}

export function initRules() {
  document.getElementById('rule-search').addEventListener('input', renderRules);
}
