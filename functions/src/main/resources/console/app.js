// The console shell: hash routing, the API key prompt, live refresh by polling, error states.

import { api, apiKey, ApiError } from './api.js';
import { h, empty } from './dom.js';
import * as flows from './flows.js';
import * as runs from './runs.js';
import * as run from './run.js';
import * as ensure from './ensure.js';

const POLL_MS = 3000;
const main = document.getElementById('main');
const liveButton = document.getElementById('live');
const updated = document.getElementById('updated');

let current = null; // { view, params, query, key, state, lastJson }
let timer = null;
let live = localStorage.getItem('flowproof.live') !== 'off';
let loading = false;

const ROUTES = [
  [/^\/?$/, flows, () => ({})],
  [/^\/flows$/, flows, () => ({})],
  [/^\/flows\/([^/]+)\/runs$/, runs, (m) => ({ flow: m[1] })],
  [/^\/flows\/([^/]+)\/runs\/([^/]+)$/, run, (m) => ({ flow: m[1], runId: m[2] })],
  [/^\/ensure$/, ensure.list, () => ({})],
  [/^\/ensure\/([^/]+)$/, ensure.detail, (m) => ({ id: m[1] })],
];

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, search] = raw.split('?');
  const query = Object.fromEntries(new URLSearchParams(search || ''));
  for (const [pattern, view, params] of ROUTES) {
    const m = path.match(pattern);
    if (m) {
      const decoded = params(m);
      for (const k of Object.keys(decoded)) decoded[k] = decodeURIComponent(decoded[k]);
      return { view, params: decoded, query, key: raw };
    }
  }
  return { view: null, params: {}, query, key: raw };
}

function route() {
  // a toast belongs to the page it was raised on, unless raised to be kept (e.g. "Started ..." before navigating)
  document.querySelectorAll('#toasts .toast:not(.keep)').forEach((t) => t.remove());
  document.querySelectorAll('#toasts .toast.keep').forEach((t) => t.classList.remove('keep'));
  const next = parseHash();
  if (current && current.key === next.key && current.view === next.view) return;
  const sameView = current && current.view === next.view && JSON.stringify(current.params) === JSON.stringify(next.params);
  current = { ...next, state: sameView ? current.state : {}, lastJson: null };
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', next.key.startsWith(a.dataset.section)
    || (a.dataset.section === '/flows' && next.key === '/')));
  if (!current.view) {
    show(empty('No such page: ' + next.key, h('a', { href: '#/flows' }, 'Go to flows')));
    return;
  }
  if (!sameView) main.replaceChildren(h('div.loading', 'Loading…'));
  refresh(true);
}

/** Loads the current view's data and re-renders it when the data changed (or when forced). */
async function refresh(force = false) {
  if (!current || !current.view) return;
  if (!apiKey.get()) {
    showKeyPrompt();
    return;
  }
  if (loading && !force) return;
  loading = true;
  const target = current;
  try {
    const data = await target.view.load(target.params, target.query);
    if (target !== current) return;
    const text = JSON.stringify(data);
    if (force || text !== target.lastJson) {
      target.lastJson = text;
      target.data = data;
      render();
    }
    updated.textContent = 'updated ' + new Date().toLocaleTimeString();
    updated.classList.remove('stale');
  } catch (error) {
    if (target !== current) return;
    target.lastJson = null;
    showError(error);
  } finally {
    loading = false;
  }
}

function render() {
  const ctx = {
    params: current.params,
    query: current.query,
    state: current.state,
    rerender: render,
    refresh: () => refresh(true),
    navigate: (hash) => { location.hash = hash; },
    setQuery: (changes) => {
      const query = { ...current.query, ...changes };
      Object.keys(query).forEach((k) => (query[k] === '' || query[k] == null) && delete query[k]);
      const search = new URLSearchParams(query).toString();
      location.hash = current.key.split('?')[0] + (search ? '?' + search : '');
    },
    act: async (button, action) => {
      button.disabled = true;
      try {
        return await action();
      } catch (error) {
        toast(error instanceof ApiError ? `${error.status || ''} ${error.message}` : String(error), true);
        if (error instanceof ApiError && error.isAuth) showError(error);
        return undefined;
      } finally {
        button.disabled = false;
      }
    },
    toast,
  };
  show(current.view.render(current.data, ctx));
}

function show(element) {
  const scroll = window.scrollY;
  main.replaceChildren(element);
  window.scrollTo(0, scroll);
}

function showError(error) {
  if (error instanceof ApiError && error.isAuth) {
    const message = error.status === 401
      ? 'The server asked for an API key (401: ' + error.message + ').'
      : 'The API key was rejected (403: ' + error.message + '). Enter the right key.';
    showKeyPrompt(message);
    return;
  }
  updated.textContent = 'refresh failed';
  updated.classList.add('stale');
  const what = error instanceof ApiError
    ? (error.status ? `The server answered ${error.status} for ${error.path}: ${error.message}` : error.message)
    : String(error);
  const retry = h('button', { type: 'button', onclick: () => refresh(true) }, 'Retry now');
  const hint = live ? 'Retrying every few seconds while live refresh is on.' : 'Live refresh is paused.';
  if (current && current.data && main.firstElementChild && !main.querySelector('.key-form, .loading')) {
    // the page was loaded before: keep showing it (marked stale) with the reason on top
    main.querySelector('#refresh-error')?.remove();
    main.prepend(h('div.error-box.banner#refresh-error', { role: 'alert' },
      h('p.error-text', 'Refresh failed: ' + what), h('p.muted', hint, ' Showing the last data loaded.'), retry));
    return;
  }
  show(h('div.error-box', { role: 'alert' }, h('h2', 'Could not load this page'), h('p.error-text', what), h('p.muted', hint), retry));
}

function showKeyPrompt(message) {
  const input = h('input', { type: 'password', id: 'api-key-input', name: 'api-key', autocomplete: 'off', placeholder: 'API key', required: true });
  const feedback = h('p.error-text', { id: 'key-error', role: 'alert' }, message || '');
  const form = h('form.key-form', {
    onsubmit: async (e) => {
      e.preventDefault();
      apiKey.set(input.value);
      feedback.textContent = 'Checking…';
      try {
        await api.status();
        if (current) current.lastJson = null;
        refresh(true);
      } catch (error) {
        feedback.textContent = error instanceof ApiError && error.isAuth
          ? 'The API key was rejected (' + error.status + ': ' + error.message + ').'
          : 'Could not check the key: ' + error.message;
      }
    },
  },
  h('h2', 'API key'),
  h('p', 'The console calls the same /v1 API as the SDKs. Paste the API key: the local app prints it at start-up and keeps it in ',
    h('code', '<data dir>/api-key'), ' (', h('code', '~/.flowproof/api-key'), ' by default). It is stored in this browser only.'),
  feedback,
  h('div.row', input, h('button', { type: 'submit', id: 'api-key-save' }, 'Connect')));
  main.replaceChildren(form);
  updated.textContent = 'not connected';
  input.focus();
}

export function toast(text, isError = false, keep = false) {
  const el = h('div.toast', { class: (isError ? 'toast-error' : '') + (keep ? ' keep' : ''), role: 'status' }, text);
  document.getElementById('toasts').append(el);
  setTimeout(() => el.remove(), isError ? 8000 : 4000);
}

function setLive(on) {
  live = on;
  localStorage.setItem('flowproof.live', on ? 'on' : 'off');
  liveButton.textContent = on ? 'Live' : 'Paused';
  liveButton.setAttribute('aria-pressed', String(on));
  liveButton.classList.toggle('paused', !on);
  clearInterval(timer);
  if (on) timer = setInterval(() => { if (!document.hidden) refresh(); }, POLL_MS);
}

liveButton.addEventListener('click', () => { setLive(!live); if (live) refresh(); });
document.getElementById('change-key').addEventListener('click', () => {
  apiKey.clear();
  showKeyPrompt('Enter the new API key.');
});
window.addEventListener('hashchange', route);
document.addEventListener('visibilitychange', () => { if (!document.hidden && live) refresh(); });
setLive(live);
route();
