// Rules view, "Kafka" line: whether this instance consumes fact sets from Kafka, and its lag
// (the health component kafka, GET /actuator/health/kafka; it exists only when consuming is on).
import {h, clear, badge} from './dom.js';

export async function loadKafka() {
  const el = document.getElementById('kafka-status');
  if (!el) return;
  let res;
  try {
    res = await fetch('/actuator/health/kafka', {headers: {Accept: 'application/json'}});
  } catch (e) {
    clear(el);
    return;
  }
  if (res.status === 404) {
    clear(el, h('p', {class: 'muted', id: 'kafka-off'}, 'Kafka: this instance does not consume fact sets from Kafka (HTTP only).'));
    return;
  }
  let body;
  try {
    body = await res.json();
  } catch {
    clear(el);
    return;
  }
  const d = body.details || {};
  const partitions = Object.entries(d.partitions || {});
  clear(el, h('dl', {class: 'facts', id: 'kafka-on'},
    h('dt', {}, 'Kafka'), h('dd', {},
      badge(body.status === 'UP' ? 'CONSUMING' : 'WAITING', body.status === 'UP' ? 'ok' : 'bad'), ' ',
      `topic ${d.factsTopic ?? '?'}, group ${d.groupId ?? '?'}`, d.reason ? ` — ${d.reason}` : ''),
    h('dt', {}, 'Lag'), h('dd', {id: 'kafka-lag'},
      `${d.lag ?? 0} record${d.lag === 1 ? '' : 's'}`,
      partitions.length
        ? ` (${partitions.map(([p, lag]) => `${p}: ${lag < 0 ? 'not known yet' : lag}`).join(', ')})`
        : ' (no partition assigned to this instance)')));
}
