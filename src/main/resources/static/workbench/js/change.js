// Change view: candidate rule files, validation (POST /v1/ruleset/validate) and impact
// (POST /v1/ruleset/impact). Both need the admin token, kept in sessionStorage only.
import {h, clear, ruleLink, badge, fmt, table, errorBox, shortVersion, fileLine} from './dom.js';
import {api, session} from './api.js';
import {renderAttempt} from './rules.js';

let counter = 0;

export function initChange() {
  const token = document.getElementById('admin-token');
  document.getElementById('token-form').addEventListener('submit', e => {
    e.preventDefault();
    session.setAdminToken(token.value.trim());
    token.value = '';
    tokenStatus();
  });
  document.getElementById('forget-token').addEventListener('click', () => {
    session.setAdminToken('');
    tokenStatus();
  });
  document.getElementById('upload-files').addEventListener('change', e => upload(e.target));
  document.getElementById('add-file').addEventListener('click', () => {
    const box = addFile('new.drl', '');
    box.querySelector('input').focus();
  });
  document.getElementById('clear-files').addEventListener('click', () => clear(document.getElementById('candidate-files')));
  document.getElementById('validate').addEventListener('click', validate);
  document.getElementById('impact').addEventListener('click', impact);
  tokenStatus();
}

function tokenStatus() {
  document.getElementById('token-status').textContent = session.adminToken()
    ? 'A token is set for this browser session.' : 'No token set.';
}

async function upload(input) {
  for (const file of input.files) {
    const text = await file.text();
    const existing = [...document.querySelectorAll('.candidate')].find(c => c.querySelector('input').value === file.name);
    if (existing) existing.querySelector('textarea').value = text;
    else addFile(file.name, text);
  }
  input.value = '';
}

function addFile(name, text) {
  const n = ++counter;
  const box = h('div', {class: 'candidate', 'data-file': name},
    h('div', {class: 'toolbar'},
      h('label', {for: 'cand-name-' + n}, 'File name'),
      h('input', {id: 'cand-name-' + n, class: 'cand-name', value: name, autocomplete: 'off'}),
      h('button', {type: 'button', onclick: () => box.remove(), 'aria-describedby': 'cand-name-' + n}, 'Remove')),
    h('label', {for: 'cand-text-' + n, class: 'visually-hidden'}, 'DRL text'),
    h('textarea', {id: 'cand-text-' + n, class: 'cand-text', rows: '10', spellcheck: 'false'}));
  box.querySelector('textarea').value = text;
  box.querySelector('input').addEventListener('input', e => box.setAttribute('data-file', e.target.value));
  document.getElementById('candidate-files').append(box);
  return box;
}

function candidateFiles() {
  const files = {};
  for (const box of document.querySelectorAll('.candidate')) {
    files[box.querySelector('.cand-name').value.trim()] = box.querySelector('.cand-text').value;
  }
  return files;
}

/** The answer to an admin call that was refused, or null when it was not. */
function refused(res) {
  if (res.status === 403 && res.body?.error === 'ADMIN_DISABLED') {
    return h('div', {class: 'error-box', id: 'admin-disabled', role: 'alert'},
      h('h3', {}, 'This server has no admin token configured'),
      h('p', {}, 'Validation and impact analysis need one. Start the service with the environment variable ',
        h('code', {}, 'RULES_ADMIN_TOKEN'), ' (or the property ', h('code', {}, '--rules.admin-token=…'),
        ') set to a secret, then enter that secret above.'),
      h('p', {class: 'muted'}, res.body.message));
  }
  if (res.status === 401) {
    return errorBox('The admin token was refused', h('p', {}, session.adminToken()
      ? 'The token set for this session is not the server\'s. Enter the right one above.'
      : 'Enter the admin token above first.'), h('p', {class: 'muted'}, res.body?.message ?? ''));
  }
  return null;
}

function noFiles(out) {
  if (Object.keys(candidateFiles()).length) return false;
  clear(out, errorBox('No candidate files', 'Upload the rule files (all of them: the candidate replaces the whole ruleset) or add one.'));
  return true;
}

async function validate() {
  const out = document.getElementById('validation-result');
  if (noFiles(out)) return;
  clear(out, h('p', {class: 'muted'}, 'Validating…'));
  const res = await api.validate(candidateFiles(), document.getElementById('with-scenarios').checked);
  const no = refused(res);
  if (no) return clear(out, no);
  const b = res.body || {};
  if (!b.attempt) {
    return clear(out, errorBox(`Not validated: ${res.status} ${b.error ?? ''}`, h('p', {}, b.message ?? res.text),
      (b.violations || []).length ? table(null, ['path', 'problem'], b.violations.map(v => [h('code', {}, v.path), v.message])) : null));
  }
  const a = b.attempt;
  clear(out, h('section', {class: 'panel', id: 'validation'},
    h('h3', {}, 'Validation ', badge(a.outcome, res.ok ? 'ok' : 'bad')),
    h('p', {}, a.message ?? '', a.scenariosRun ? ` — ${a.scenariosRun} scenarios run` : '',
      a.version ? [' — candidate version ', h('code', {title: a.version}, shortVersion(a.version))] : ''),
    renderAttempt(a)));
}

async function impact() {
  const out = document.getElementById('impact-result');
  if (noFiles(out)) return;
  clear(out, h('p', {class: 'muted'}, 'Replaying logged decisions…'));
  const res = await api.impact(candidateFiles());
  if (res.status === 404) {
    return clear(out, h('p', {class: 'notice', id: 'impact-unavailable'}, 'impact analysis is not available on this server'));
  }
  const no = refused(res);
  if (no) return clear(out, no);
  const b = res.body || {};
  if (!b.outcome) {
    return clear(out, errorBox(`No impact report: ${res.status} ${b.error ?? ''}`, h('p', {}, b.message ?? res.text),
      (b.violations || []).length ? table(null, ['path', 'problem'], b.violations.map(v => [h('code', {}, v.path), v.message])) : null));
  }
  clear(out, renderImpact(b));
}

function renderImpact(r) {
  const kind = r.outcome === 'NO_CHANGE' ? 'ok' : r.outcome === 'CHANGED' ? 'warning' : 'bad';
  return h('section', {class: 'panel', id: 'impact-report'},
    h('h3', {}, 'Impact ', h('span', {id: 'impact-outcome'}, badge(r.outcome, kind))),
    h('p', {id: 'impact-summary'},
      `${fmt(r.replayed)} decisions replayed, `, h('strong', {id: 'impact-changed'}, fmt(r.changed)), ' changed',
      r.notReplayable ? `, ${fmt(r.notReplayable)} not replayable` : '',
      r.durationMillis !== undefined ? ` in ${fmt(r.durationMillis)} ms` : ''),
    h('p', {class: 'muted'}, 'Baseline ', h('code', {}, shortVersion(r.baseline?.version)),
      ` (${r.baseline?.origin ?? '?'}), candidate `, h('code', {}, shortVersion(r.candidate?.version)),
      r.source ? ` — replayed from ${r.source.kind}: ${r.source.description}` : ''),
    r.cutShort ? h('p', {class: 'notice'}, 'Cut short: ', r.cutShortReason ?? '') : null,
    (r.errors || []).length ? table('Errors', ['where', 'message'],
      r.errors.map(e => [h('code', {class: 'where'}, fileLine(e.file, e.line)), e.message]), 'errors') : null,
    (r.groups || []).length ? table('What changes', ['aspect', 'change', 'decisions', 'rules', 'examples'],
      r.groups.map(g => [g.aspect, g.change, fmt(g.count), (g.rules || []).map(id => [ruleLink(id), ' ']),
        (g.examples || []).map(x => `${x.tenantId ?? ''} ${x.decisionId ?? ''}`.trim()).join(', ')]), 'groups') : null,
    (r.ruleFirings || []).length ? table('Rules that fire differently', ['rule', 'baseline', 'candidate'],
      r.ruleFirings.map(f => [ruleLink(f.id), fmt(f.baseline), fmt(f.candidate)])) : null);
}
