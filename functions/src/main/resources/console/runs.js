// Runs of one flow: run id, latest status, last event time; filter by status; paging. The API has no runs
// list, so runs are derived from the newest eval outputs and events of the flow (bounded windows).

import { api, recentRuns } from './api.js';
import { h, empty, pill, route, time, nsToMs } from './dom.js';
import { STATUSES } from './flows.js';

const PAGE = 20;
const WINDOW = 1000;

export async function load({ flow }) {
  const [evaluated, events] = await Promise.all([recentRuns([flow], WINDOW), api.events({ flow, limit: WINDOW })]);
  const lastEvent = new Map();
  const eventCount = new Map();
  for (const e of events) {
    const ms = nsToMs(e.ts);
    if (!lastEvent.has(e.run_id) || lastEvent.get(e.run_id) < ms) lastEvent.set(e.run_id, ms);
    eventCount.set(e.run_id, (eventCount.get(e.run_id) || 0) + 1);
  }
  const runs = evaluated.map((r) => ({ ...r, last_event_ms: lastEvent.get(r.run_id) ?? null, events: eventCount.get(r.run_id) ?? null }));
  for (const runId of lastEvent.keys()) {
    if (!runs.some((r) => r.run_id === runId)) {
      runs.push({ flow, run_id: runId, status: 'not evaluated', evaluated_at: null, last_event_ms: lastEvent.get(runId), events: eventCount.get(runId) });
    }
  }
  const key = (r) => Math.max(r.last_event_ms || 0, r.evaluated_at ? Date.parse(r.evaluated_at) : 0);
  runs.sort((a, b) => key(b) - key(a) || a.run_id.localeCompare(b.run_id));
  return { flow, runs };
}

export function render({ flow, runs }, ctx) {
  const status = ctx.query.status || '';
  const filtered = status ? runs.filter((r) => r.status === status) : runs;
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE));
  const page = Math.min(Math.max(0, Number(ctx.query.page || 0) || 0), pages - 1);
  const shown = filtered.slice(page * PAGE, page * PAGE + PAGE);
  const counts = {};
  runs.forEach((r) => { counts[r.status] = (counts[r.status] || 0) + 1; });
  const filter = h('div.filters', { role: 'group', 'aria-label': 'Filter by status' },
    ['', ...STATUSES, 'not evaluated'].filter((s) => s === '' || counts[s] || s === status).map((s) =>
      h('button.filter', {
        type: 'button', class: s === status ? 'active' : '', 'aria-pressed': String(s === status), dataset: { status: s || 'all' },
        onclick: () => ctx.setQuery({ status: s, page: '' }),
      }, (s || 'all') + ' (' + (s ? counts[s] || 0 : runs.length) + ')')));
  return h('section',
    h('p.crumbs', h('a', { href: '#/flows' }, 'Flows'), ' / ', flow),
    h('h1', 'Runs of ', h('span.flow-name', flow)),
    filter,
    shown.length === 0
      ? empty(runs.length ? `No ${status} runs among the latest ${runs.length}.` : 'No runs of this flow yet: no events and no evaluations.')
      : h('div.table-wrap', h('table.runs',
        h('thead', h('tr', h('th', 'Run'), h('th', 'Status'), h('th', 'Last event'), h('th.hide-narrow', 'Events'), h('th.hide-narrow', 'Evaluated'))),
        h('tbody', shown.map((r) => h('tr', { dataset: { run: r.run_id, status: r.status } },
          h('td', h('a.mono', { href: route('flows', flow, 'runs', r.run_id) }, r.run_id)),
          h('td', pill(r.status)),
          h('td', time(r.last_event_ms)),
          h('td.hide-narrow', r.events ?? '—'),
          h('td.hide-narrow', time(r.evaluated_at), r.evaluations > 1 ? h('span.muted', ` (${r.evaluations}×)`) : null)))))),
    pages > 1 ? h('div.pager',
      h('button', { type: 'button', disabled: page === 0, onclick: () => ctx.setQuery({ page: String(page - 1) }) }, '‹ Newer'),
      h('span.muted', `page ${page + 1} of ${pages}`),
      h('button', { type: 'button', id: 'next-page', disabled: page >= pages - 1, onclick: () => ctx.setQuery({ page: String(page + 1) }) }, 'Older ›')) : null,
    h('p.muted.small', `Derived from the latest ${WINDOW} evaluations and events of the flow.`));
}
