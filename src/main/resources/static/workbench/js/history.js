// History of the live ruleset (GET /v1/ruleset/history): every version that went live, who and
// why, the files it changed and its impact on recent decisions; Roll back (POST /v1/ruleset/rollback).
import {h, clear, badge, fmt, shortVersion, errorBox, ruleLink} from './dom.js';
import {api} from './api.js';

let onRolledBack = () => {};

export function initHistory(afterRollback) {
  onRolledBack = afterRollback;
  document.getElementById('load-history').addEventListener('click', loadHistory);
}

export async function loadHistory() {
  const out = document.getElementById('history-list');
  const [res, live] = await Promise.all([api.history(), api.ruleset()]);
  if (!res.ok) {
    return clear(out, errorBox(`No history: ${res.status} ${res.body?.error ?? ''}`, res.body?.message ?? res.text));
  }
  const liveVersion = live.ok ? live.body.version : null;
  const entries = res.body.entries || [];
  if (!entries.length) return clear(out, h('p', {class: 'muted'}, 'Nothing has gone live yet.'));
  clear(out, h('ol', {class: 'history', reversed: true}, entries.map(e => entry(e, liveVersion))));
}

export function impactSummary(e) {
  if (!e.impactState) return h('span', {class: 'muted'}, 'no impact analysis');
  if (e.impactState === 'PENDING') return h('span', {class: 'muted'}, 'impact being computed…');
  if (e.impactState === 'FAILED' || !e.impact) return h('span', {class: 'muted'}, 'impact analysis failed (the service log says why)');
  const r = e.impact;
  return h('span', {class: 'impact-summary'},
    badge(r.outcome, r.outcome === 'NO_CHANGE' ? 'ok' : 'warning'), ' ',
    h('strong', {}, fmt(r.changed)), ` of ${fmt(r.replayed)} recent decisions change`,
    r.cutShort ? ` (cut short: ${r.cutShortReason ?? ''})` : '',
    (r.groups || []).length ? h('ul', {class: 'impact-groups'}, r.groups.map(g =>
      h('li', {}, `${g.change}: ${fmt(g.count)} `, (g.rules || []).map(id => [ruleLink(id), ' '])))) : null);
}

function filesChanged(fc) {
  if (!fc) return '';
  const parts = [];
  if (fc.changed?.length) parts.push('changed ' + fc.changed.join(', '));
  if (fc.added?.length) parts.push('added ' + fc.added.join(', '));
  if (fc.removed?.length) parts.push('removed ' + fc.removed.join(', '));
  return parts.join('; ') || 'no file changed';
}

function entry(e, liveVersion) {
  const isLive = e.version === liveVersion;
  const n = e.seq;
  const li = h('li', {class: 'history-entry', 'data-version': e.version, 'data-seq': n},
    h('div', {class: 'history-head'},
      h('code', {title: e.version, class: 'history-version'}, shortVersion(e.version)), ' ',
      isLive ? badge('LIVE', 'live') : null, ' ',
      h('span', {class: 'history-trigger'}, e.trigger), ' by ', h('strong', {class: 'history-who'}, e.who ?? '—'),
      ` at ${e.time}`),
    e.message ? h('p', {class: 'history-message'}, e.message) : null,
    h('p', {class: 'muted history-files'}, filesChanged(e.filesChanged)),
    h('div', {class: 'history-impact'}, impactSummary(e)));
  if (!isLive) {
    const form = h('form', {class: 'inline-form rollback-form', autocomplete: 'off'},
      h('label', {for: 'rollback-message-' + n}, 'Why roll back'),
      h('input', {id: 'rollback-message-' + n, class: 'rollback-message', type: 'text', required: true}),
      h('button', {type: 'submit', class: 'rollback'}, 'Roll back to ' + shortVersion(e.version)),
      h('span', {class: 'rollback-result', 'aria-live': 'polite'}));
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      rollback(e.version, form);
    });
    li.append(form);
  }
  return li;
}

async function rollback(version, form) {
  const result = form.querySelector('.rollback-result');
  const message = form.querySelector('.rollback-message').value.trim();
  if (!message) {
    clear(result, 'Say why first.');
    return;
  }
  const button = form.querySelector('button');
  button.disabled = true;
  clear(result, 'Rolling back (gate, then impact)…');
  const res = await api.rollback(version, message);
  button.disabled = false;
  const a = res.body?.attempt;
  if (!a) {
    return clear(result, h('span', {class: 'error-text', role: 'alert'},
      `Not rolled back: ${res.status} ${res.body?.error ?? ''} ${res.body?.message ?? ''}`));
  }
  clear(result, badge(a.outcome, res.ok ? 'ok' : 'bad'), ' ', a.message ?? '');
  if (res.ok) await onRolledBack(res.body);
}
