// A line diff of two texts (longest common subsequence of the lines, after the common start and
// end are set aside), grouped into hunks with a few lines of context, as `diff -u` shows them.

/** The lines of a text; a final newline does not make an empty last line. */
export function lines(text) {
  const all = String(text ?? '').split('\n');
  if (all.length > 1 && all[all.length - 1] === '') all.pop();
  return all;
}

/** Every line of a and b as {kind: ' ' | '-' | '+', text, a, b} (a and b: 1-based line numbers, or null). */
export function diffLines(aText, bText) {
  const a = lines(aText), b = lines(bText);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length, endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const n = endA - start, m = endB - start;
  // lcs[i][j]: the longest common subsequence of a[start+i..endA) and b[start+j..endB)
  const lcs = Array.from({length: n + 1}, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[start + i] === b[start + j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  for (let k = 0; k < start; k++) out.push({kind: ' ', text: a[k], a: k + 1, b: k + 1});
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      out.push({kind: ' ', text: a[start + i], a: start + i + 1, b: start + j + 1}); i++; j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push({kind: '-', text: a[start + i], a: start + i + 1, b: null}); i++;
    } else {
      out.push({kind: '+', text: b[start + j], a: null, b: start + j + 1}); j++;
    }
  }
  for (let k = 0; k < a.length - endA; k++) out.push({kind: ' ', text: a[endA + k], a: endA + k + 1, b: endB + k + 1});
  return out;
}

/** The changed lines with `context` unchanged lines around them, as hunks (arrays of lines). */
export function hunks(diff, context = 3) {
  const keep = diff.map(() => false);
  diff.forEach((d, i) => {
    if (d.kind === ' ') return;
    for (let k = Math.max(0, i - context); k <= Math.min(diff.length - 1, i + context); k++) keep[k] = true;
  });
  const result = [];
  let current = null;
  diff.forEach((d, i) => {
    if (!keep[i]) { current = null; return; }
    if (!current) { current = []; result.push(current); }
    current.push(d);
  });
  return result;
}
