// The workbench: four views switched by the URL's hash (#rules, #rules/ENT-01, #decide, #scenarios, #change).
import {initRules, loadRuleset, showRule} from './rules.js';
import {initDecide} from './decide.js';
import {initScenarios} from './scenarios.js';
import {initChange} from './change.js';
import {loadKafka} from './kafka.js';

const VIEWS = ['rules', 'decide', 'scenarios', 'change'];
let rulesetLoad;

async function route() {
  const hash = decodeURIComponent(location.hash.replace(/^#/, ''));
  const [view, ruleId] = hash.split('/');
  const current = VIEWS.includes(view) ? view : 'decide';
  for (const v of VIEWS) {
    document.getElementById('view-' + v).hidden = v !== current;
    const tab = document.querySelector(`[data-tab="${v}"]`);
    if (v === current) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  document.title = `${current[0].toUpperCase()}${current.slice(1)} — Licensing workbench`;
  if (current === 'rules' && ruleId) {
    await rulesetLoad;
    showRule(ruleId);
  } else if (!hash.includes('/') && document.activeElement?.dataset?.tab) {
    // a tab was followed from the keyboard: put the focus on the view's heading region
    document.getElementById('main').focus({preventScroll: true});
  }
}

async function start() {
  // the skip link moves the focus without touching the hash, which names the view
  document.querySelector('.skip').addEventListener('click', e => {
    e.preventDefault();
    document.getElementById('main').focus();
  });
  initRules();
  initScenarios();
  initChange();
  rulesetLoad = loadRuleset();
  const kafkaLoad = loadKafka();
  window.addEventListener('hashchange', route);
  await route();
  await Promise.all([rulesetLoad, kafkaLoad, initDecide()]);
  document.body.dataset.ready = 'true';
}

start();
