// Scenarios view: POST /v1/scenarios/run against the live ruleset.
import {h, clear, ruleLink, badge, errorBox, shortVersion} from './dom.js';
import {api} from './api.js';
import {differences} from './rules.js';

export function initScenarios() {
  document.getElementById('run-scenarios').addEventListener('click', run);
}

async function run() {
  const out = document.getElementById('scenario-results');
  const button = document.getElementById('run-scenarios');
  button.disabled = true;
  clear(out, h('p', {class: 'muted'}, 'Running…'));
  try {
    const res = await api.runScenarios();
    if (!res.ok) {
      clear(out, errorBox(`Not run: ${res.status} ${res.body?.error ?? ''}`, res.body?.message ?? res.text));
      return;
    }
    clear(out, renderRun(res.body));
  } catch (e) {
    clear(out, errorBox('The server did not answer', String(e)));
  } finally {
    button.disabled = false;
  }
}

export function ruleList(ids) {
  return ids.length ? h('ul', {class: 'inline-list'}, ids.map(id => h('li', {}, ruleLink(id)))) : h('p', {}, 'None.');
}

function renderRun(r) {
  const failed = r.results.filter(x => !x.passed);
  const passed = r.results.filter(x => x.passed);
  return h('div', {},
    h('p', {id: 'scenario-summary', class: 'summary ' + (r.failed ? 'bad' : 'ok'), role: 'status'},
      `${r.run} scenarios run, ${r.passed} passed, ${r.failed} failed`,
      ` in ${r.durationMillis} ms against ruleset `, h('code', {title: r.rulesetVersion}, shortVersion(r.rulesetVersion)),
      ` (scenarios from ${r.dir})`),
    failed.length ? h('section', {class: 'panel', id: 'failing-scenarios'}, h('h3', {}, `Failing (${failed.length})`),
      failed.map(f => differences(f.file, f.name, f.differences))) : null,
    h('section', {class: 'panel', id: 'never-fired'},
      h('h3', {}, `Rules no scenario fires (${r.coverage.neverFired.length})`), ruleList(r.coverage.neverFired)),
    r.coverage.notCovered.length ? h('section', {class: 'panel'},
      h('h3', {}, `Rules in no scenario's covers (${r.coverage.notCovered.length})`), ruleList(r.coverage.notCovered)) : null,
    r.coverage.unknownCovers.length ? h('section', {class: 'panel'},
      h('h3', {}, 'Covers naming no rule of the ruleset'),
      h('ul', {}, r.coverage.unknownCovers.map(c => h('li', {}, c)))) : null,
    h('details', {class: 'panel'}, h('summary', {}, `Passing (${passed.length})`),
      h('ul', {class: 'passing'}, passed.map(p => h('li', {}, badge('PASS', 'ok'), ' ', h('code', {}, p.file), ' — ', p.name)))));
}
