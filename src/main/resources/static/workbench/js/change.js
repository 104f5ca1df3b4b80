// Change view: candidate rule files (started from the live ones, GET /v1/ruleset/files, each in
// an editor with line numbers), the diff against the live files, validation (POST
// /v1/ruleset/validate), impact (POST /v1/ruleset/impact), Apply (POST /v1/ruleset/apply) and the
// history with Roll back. The admin calls need the admin token, kept in sessionStorage only.
import {h, clear, ruleLink, badge, fmt, table, errorBox, shortVersion, fileLine} from './dom.js';
import {api, session} from './api.js';
import {renderAttempt, loadRuleset} from './rules.js';
import {diffLines, hunks, lines} from './diff.js';
import {initHistory, loadHistory, impactSummary} from './history.js';

let counter = 0;
/** The live files the edit started from: {version, files}, or null before "Start from the live rules". */
let base = null;

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
  document.getElementById('start-from-live').addEventListener('click', startFromLive);
  document.getElementById('compare').addEventListener('click', compare);
  document.getElementById('apply-form').addEventListener('submit', e => {
    e.preventDefault();
    apply();
  });
  initHistory(async answer => {
    await afterLive(answer);
  });
  tokenStatus();
  loadHistory();
}

/** Replaces the candidate files by the live ones; what Compare and Apply then start from. */
async function startFromLive() {
  const res = await api.liveFiles();
  const status = document.getElementById('base-version');
  if (!res.ok) {
    clear(status, h('span', {class: 'error-text', role: 'alert'}, `The live files could not be read: ${res.status} ${res.body?.message ?? ''}`));
    return;
  }
  setBase(res.body);
  clear(document.getElementById('candidate-files'));
  for (const [name, text] of Object.entries(res.body.files)) addFile(name, text);
  for (const id of ['diff-result', 'validation-result', 'impact-result', 'apply-result']) clear(document.getElementById(id));
}

function setBase(view) {
  base = {version: view.version, files: view.files};
  clear(document.getElementById('base-version'), 'Editing from live version ',
    h('code', {id: 'base-version-code', title: view.version}, shortVersion(view.version)),
    ` (${Object.keys(view.files).length} files)`);
}

/** The live files to compare with: those the edit started from, else the live ones now. */
async function baseFiles() {
  if (base) return base;
  const res = await api.liveFiles();
  if (!res.ok) return null;
  setBase(res.body);
  return base;
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
  const gutter = h('pre', {class: 'gutter', 'aria-hidden': 'true'});
  const area = h('textarea', {id: 'cand-text-' + n, class: 'cand-text', rows: '16', spellcheck: 'false', wrap: 'off',
    'aria-describedby': 'cand-notes-' + n});
  const box = h('div', {class: 'candidate', 'data-file': name},
    h('div', {class: 'toolbar'},
      h('label', {for: 'cand-name-' + n}, 'File name'),
      h('input', {id: 'cand-name-' + n, class: 'cand-name', value: name, autocomplete: 'off'}),
      h('button', {type: 'button', onclick: () => box.remove(), 'aria-describedby': 'cand-name-' + n}, 'Remove')),
    h('label', {for: 'cand-text-' + n, class: 'visually-hidden'}, 'DRL text'),
    h('div', {class: 'numbered'}, gutter, area),
    h('ul', {class: 'line-notes', id: 'cand-notes-' + n}));
  area.value = text;
  box.marks = new Map(); // line -> {kind, text}
  area.addEventListener('input', () => numberLines(box));
  area.addEventListener('scroll', () => { gutter.scrollTop = area.scrollTop; });
  box.querySelector('input').addEventListener('input', e => box.setAttribute('data-file', e.target.value));
  document.getElementById('candidate-files').append(box);
  numberLines(box);
  return box;
}

/** The gutter's line numbers, the marked ones (compile errors, failing scenarios) highlighted. */
function numberLines(box) {
  const area = box.querySelector('.cand-text');
  const count = Math.max(1, lines(area.value).length + (area.value.endsWith('\n') ? 1 : 0));
  const gutter = box.querySelector('.gutter');
  const spans = [];
  for (let i = 1; i <= count; i++) {
    const mark = box.marks.get(i);
    spans.push(h('span', {class: mark ? mark.kind : null, 'data-line': i, title: mark ? mark.text : null}, String(i)));
  }
  clear(gutter, spans);
  gutter.scrollTop = area.scrollTop;
}

function candidateBox(file) {
  return [...document.querySelectorAll('.candidate')].find(c => c.querySelector('.cand-name').value.trim() === file);
}

/** Marks compile errors (file:line) and failing scenarios (at the line of a rule they name) in the editors. */
function markLines(attempt) {
  for (const box of document.querySelectorAll('.candidate')) {
    box.marks = new Map();
    clear(box.querySelector('.line-notes'));
  }
  const add = (box, line, kind, text) => {
    if (!box) return;
    box.marks.set(line, {kind, text});
    box.querySelector('.line-notes').append(h('li', {class: 'line-note ' + kind, 'data-line': line},
      h('code', {class: 'where'}, fileLine(box.querySelector('.cand-name').value.trim(), line)), ' ', text));
  };
  for (const e of attempt?.errors || []) {
    if (e.line > 0) add(candidateBox(e.file), e.line, 'err', e.message);
  }
  for (const s of attempt?.failingScenarios || []) {
    // the rules a failure is about: those its expectation names, and those of the findings it got
    // (not every rule of a "got fired were [...]" list)
    const said = (s.differences || []).map(d => String(d.expected ?? '') + ' '
      + [...String(d.actual ?? '').matchAll(/"ruleId"\s*:\s*"([^"]+)"/g)].map(m => m[1]).join(' ')).join(' ');
    for (const box of document.querySelectorAll('.candidate')) {
      const text = lines(box.querySelector('.cand-text').value);
      text.forEach((line, i) => {
        const id = /@id\(\s*"([^"]+)"\s*\)/.exec(line)?.[1];
        if (id && new RegExp('(^|[^A-Za-z0-9-])' + id.replace(/[-]/g, '\\-') + '($|[^A-Za-z0-9-])').test(said)) {
          add(box, i + 1, 'scen', `scenario ${s.file} fails and names ${id}`);
        }
      });
    }
  }
  document.querySelectorAll('.candidate').forEach(numberLines);
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
  markLines(a);
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

/** Per file, what the candidate changes against the live files the edit started from. */
async function compare() {
  const out = document.getElementById('diff-result');
  if (noFiles(out)) return;
  const live = await baseFiles();
  if (!live) return clear(out, errorBox('The live files could not be read', ''));
  const cand = candidateFiles();
  const names = [...new Set([...Object.keys(live.files), ...Object.keys(cand)])].sort();
  const sections = [];
  const unchanged = [];
  for (const name of names) {
    const before = live.files[name], after = cand[name];
    if (before === after) { unchanged.push(name); continue; }
    const d = diffLines(before ?? '', after ?? '');
    const added = d.filter(x => x.kind === '+').length, removed = d.filter(x => x.kind === '-').length;
    const what = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    sections.push(h('section', {class: 'file-diff', 'data-file': name, 'data-change': what},
      h('h4', {}, h('code', {}, name), ` — ${what} (+${added} −${removed})`),
      h('pre', {}, hunks(d).map(hk => [
        h('span', {class: 'hunk'}, `@@ live ${hk.find(x => x.a)?.a ?? 0}, edited ${hk.find(x => x.b)?.b ?? 0} @@`),
        hk.map(x => h('span', {class: x.kind === '+' ? 'add' : x.kind === '-' ? 'del' : 'ctx'}, x.kind + ' ' + x.text))]))));
  }
  clear(out, h('section', {class: 'panel', id: 'diff'},
    h('h3', {}, 'Changes against live version ', h('code', {title: live.version}, shortVersion(live.version))),
    sections.length ? sections : h('p', {id: 'no-changes'}, 'No file differs from the live rules.'),
    unchanged.length ? h('p', {class: 'muted'}, 'Unchanged: ', unchanged.join(', ')) : null));
}

async function apply() {
  const out = document.getElementById('apply-result');
  if (noFiles(out)) return;
  const message = document.getElementById('apply-message').value.trim();
  if (!message) {
    return clear(out, errorBox('Say why', 'The message is kept in the history with the change: write why you make it.'));
  }
  const live = await baseFiles();
  if (!live) return clear(out, errorBox('The live files could not be read', ''));
  const button = document.getElementById('apply');
  button.disabled = true;
  clear(out, h('p', {class: 'muted'}, 'Applying: compiling and running the scenarios, then the impact on recent decisions…'));
  let res;
  try {
    res = await api.apply(candidateFiles(), message, live.version);
  } finally {
    button.disabled = false;
  }
  const no = refused(res);
  if (no) return clear(out, no);
  const b = res.body || {};
  if (res.status === 409) {
    return clear(out, errorBox('The live rules changed since you started', h('p', {id: 'apply-stale'}, b.message ?? ''),
      h('p', {}, 'Compare your files with the new live ones (Start from the live rules in another tab), then apply again.')));
  }
  if (!b.attempt) {
    return clear(out, errorBox(`Not applied: ${res.status} ${b.error ?? ''}`, h('p', {}, b.message ?? res.text),
      (b.violations || []).length ? table(null, ['path', 'problem'], b.violations.map(v => [h('code', {}, v.path), v.message])) : null));
  }
  const a = b.attempt;
  markLines(a);
  clear(out, h('section', {class: 'panel', id: 'applied'},
    h('h3', {}, 'Apply ', h('span', {id: 'apply-outcome'}, badge(a.outcome, res.ok ? 'ok' : 'bad'))),
    h('p', {}, a.message ?? '', ' — live version ', h('code', {id: 'apply-live-version', title: b.liveVersion}, shortVersion(b.liveVersion))),
    b.history ? h('div', {id: 'apply-impact'}, 'Impact: ', impactSummary(b.history)) : null,
    renderAttempt(a)));
  if (res.ok) {
    document.getElementById('apply-message').value = '';
    await afterLive(b);
  }
}

/** After an apply or a rollback went live: the edit now starts from that version; badge and history refreshed. */
async function afterLive() {
  const res = await api.liveFiles();
  if (res.ok) setBase(res.body);
  await Promise.all([loadRuleset(), loadHistory()]);
}
