// Small DOM helpers: every text goes in as text (never parsed as HTML).

/** h('div', {class: 'x', onclick: fn}, 'text', childNode, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A link to a rule in the Rules view. */
export function ruleLink(id) {
  if (!id) return h('span', {class: 'muted'}, '—');
  return h('a', {href: '#rules/' + encodeURIComponent(id), class: 'rule-link', 'data-rule': id}, id);
}

export function badge(text, kind) {
  return h('span', {class: 'badge ' + (kind || String(text).toLowerCase())}, text);
}

export function fileLine(file, line) {
  if (!file) return '';
  return line ? `${file}:${line}` : file;
}

export function shortVersion(v) {
  return v ? String(v).slice(0, 12) : '—';
}

export function fmt(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : String(n ?? '—');
}

/** A table from column headers and rows of cells (strings or nodes). */
export function table(caption, headers, rows, cls) {
  return h('div', {class: 'table-wrap'},
    h('table', {class: cls || ''},
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, headers.map(x => h('th', {scope: 'col'}, x)))),
      h('tbody', {}, rows.map(r => h('tr', {}, r.map(c => h('td', {}, c)))))));
}

export function errorBox(title, ...body) {
  return h('div', {class: 'error-box', role: 'alert'}, h('h3', {}, title), body);
}
