// Ensure runs: the list with state (filter by flow and state, paging), start a run, and the detail page with
// the step trace (attempts, inputs, outputs, errors, timings), the latest evaluation and cancel.

import { api } from './api.js';
import { h, empty, pill, route, time, duration, json } from './dom.js';
import { drawGraph } from './graph.js';

const STATES = ['pending', 'triggering', 'waiting', 'passed', 'failed', 'timed_out', 'cancelled', 'error'];
const FINAL = new Set(['passed', 'failed', 'timed_out', 'cancelled', 'error']);
const PAGE = 25;

export const list = {
  async load(params, query) {
    const page = Math.max(0, Number(query.page || 0) || 0);
    const [runs, flows] = await Promise.all([
      api.ensureRuns({ flow: query.flow, state: query.state, limit: PAGE + 1, offset: page * PAGE }),
      api.flows(),
    ]);
    return { runs, flows, page };
  },

  render({ runs, flows, page }, ctx) {
    const ensurable = flows.filter((f) => f.trigger_nodes > 0);
    const more = runs.length > PAGE;
    const shown = runs.slice(0, PAGE);
    const flowSelect = h('select#start-flow', { 'aria-label': 'Flow to ensure' },
      ensurable.map((f) => h('option', { value: f.flow, selected: ctx.state.startFlow === f.flow }, f.flow)));
    flowSelect.addEventListener('change', () => { ctx.state.startFlow = flowSelect.value; });
    const start = ensurable.length ? h('form.start', {
      onsubmit: (e) => {
        e.preventDefault();
        ctx.act(e.submitter || e.currentTarget.querySelector('button'), async () => {
          const started = await api.startEnsure(flowSelect.value);
          ctx.toast('Started ensure run ' + started.id.slice(0, 8) + ' of ' + started.flow, false, true);
          ctx.navigate(route('ensure', started.id));
        });
      },
    }, h('label', { for: 'start-flow' }, 'Start an ensure run of'), flowSelect, h('button#start-ensure', { type: 'submit' }, 'Start'))
      : h('p.muted', 'No flow has a trigger node, so none can be ensured. Declare one in a YAML flow file.');
    const filters = h('div.filters',
      h('select#filter-flow', { 'aria-label': 'Filter by flow', onchange: (e) => ctx.setQuery({ flow: e.target.value, page: '' }) },
        h('option', { value: '' }, 'all flows'), flows.map((f) => h('option', { value: f.flow, selected: ctx.query.flow === f.flow }, f.flow))),
      h('select#filter-state', { 'aria-label': 'Filter by state', onchange: (e) => ctx.setQuery({ state: e.target.value, page: '' }) },
        h('option', { value: '' }, 'all states'), STATES.map((s) => h('option', { value: s, selected: ctx.query.state === s }, s))));
    return h('section',
      h('h1', 'Ensure runs'),
      h('div.card', start),
      filters,
      shown.length === 0 ? empty(ctx.query.flow || ctx.query.state ? 'No ensure runs match these filters.' : 'No ensure runs yet. Start one above, with the CLI (flowproof ensure) or POST /v1/ensure-runs.')
        : h('div.table-wrap', h('table.ensure-runs',
          h('thead', h('tr', h('th', 'Run'), h('th', 'Flow'), h('th', 'State'), h('th.hide-narrow', 'Progress'), h('th.hide-narrow', 'Run id'), h('th', 'Started'), h('th.hide-narrow', 'Finished'))),
          h('tbody', shown.map((r) => h('tr', { dataset: { ensure: r.id, state: r.state } },
            h('td', h('a.mono', { href: route('ensure', r.id) }, r.id.slice(0, 8))),
            h('td', r.flow),
            h('td', pill(r.state), r.error ? h('div.error-text.small', clip(r.error, 90)) : null),
            h('td.hide-narrow', progress(r)),
            h('td.hide-narrow.mono', r.run_id || '—'),
            h('td', time(r.created_at)),
            h('td.hide-narrow', time(r.finished_at))))))),
      page > 0 || more ? h('div.pager',
        h('button', { type: 'button', disabled: page === 0, onclick: () => ctx.setQuery({ page: String(page - 1) }) }, '‹ Newer'),
        h('span.muted', `page ${page + 1}`),
        h('button', { type: 'button', disabled: !more, onclick: () => ctx.setQuery({ page: String(page + 1) }) }, 'Older ›')) : null);
  },
};

export const detail = {
  async load({ id }) {
    const run = await api.ensureRun(id);
    const nodes = (await api.nodes()).filter((n) => n.flow === run.flow);
    return { run, nodes };
  },

  render({ run, nodes }, ctx) {
    const evaluation = run.evaluation;
    const results = new Map((evaluation ? evaluation.exec_info : []).map((i) => [i.node_id, i]));
    const cancel = FINAL.has(run.state) ? null : h('button#cancel-ensure.danger', {
      type: 'button',
      onclick: (e) => ctx.act(e.currentTarget, async () => {
        const cancelled = await api.cancelEnsure(run.id);
        ctx.toast('Ensure run ' + cancelled.state);
        await ctx.refresh();
      }),
    }, 'Cancel');
    const again = h('button#start-again.secondary', {
      type: 'button',
      onclick: (e) => ctx.act(e.currentTarget, async () => {
        const started = await api.startEnsure(run.flow);
        ctx.toast('Started ensure run ' + started.id.slice(0, 8), false, true);
        ctx.navigate(route('ensure', started.id));
      }),
    }, 'Start another');
    const facts = [
      ['Flow', h('a', { href: route('flows', run.flow, 'runs') }, run.flow)],
      ['Run id', run.run_id ? h('a.mono', { href: route('flows', run.flow, 'runs', run.run_id) }, run.run_id) : '— (not extracted yet)'],
      ['Evaluation', run.status ? pill(run.status) : '—'],
      ['Current step', (run.current_step || '—') + (run.attempt ? ` (attempt ${run.attempt})` : '')],
      ['Evaluations', String(run.evaluations)],
      ['Origin', run.origin + (run.idempotency_key ? ' · key ' + run.idempotency_key : '')],
      ['Created', time(run.created_at)],
      ['Deadline', time(run.deadline)],
      ['Next look', FINAL.has(run.state) ? '—' : time(run.wake_at)],
      ['Finished', time(run.finished_at)],
      ['Timeout / poll', `${duration(run.options.timeout_ms)} / ${duration(run.options.poll_interval_ms)}`],
      ['Retries', `${run.options.retry.max_attempts} attempts, from ${duration(run.options.retry.initial_ms)} ×${run.options.retry.factor}`],
    ];
    return h('section',
      h('p.crumbs', h('a', { href: '#/ensure' }, 'Ensure runs'), ' / ', run.id.slice(0, 8)),
      h('div.title-row', h('h1', 'Ensure run ', h('span.mono', run.id.slice(0, 8)), ' ', pill(run.state)), h('div.actions', cancel, again)),
      run.error ? h('p.error-text', { id: 'ensure-error' }, run.error) : null,
      h('dl.facts', facts.map(([k, v]) => [h('dt', k), h('dd', v)])),
      h('h2', 'Step trace ', h('span.muted.small', `${run.steps.length} attempt${run.steps.length === 1 ? '' : 's'}`)),
      run.steps.length === 0 ? empty('No step has run yet.') : h('div.table-wrap', h('table.steps.stack',
        h('thead', h('tr', h('th', 'Step'), h('th', 'Attempt'), h('th', 'Status'), h('th', 'Started'), h('th', 'Took'), h('th', 'Input / output / error'))),
        h('tbody', visibleSteps(run.steps, ctx).map(([step, index]) => step === null ? h('tr.more', h('td', { colSpan: 6 },
          h('button.link#all-steps', { type: 'button', onclick: () => { ctx.state.allSteps = true; ctx.rerender(); } },
            `show ${index} more attempts`))) : h('tr', { dataset: { step: step.step_id, status: step.status } },
          h('td.mono.head', step.step_id, h('span.show-narrow', ` #${step.attempt} `, pill(step.status))),
          h('td.hide-narrow', String(step.attempt)),
          h('td.hide-narrow', pill(step.status)),
          h('td', { dataset: { label: 'Started' } }, time(step.started_at)),
          h('td', { dataset: { label: 'Took' } }, step.duration_ms == null ? h('span.muted', 'running') : duration(step.duration_ms)),
          h('td.io',
            step.error ? h('div.error-text', step.error) : null,
            step.input != null ? fold('input', step.input, ctx, index) : null,
            step.output != null ? fold('output', step.output, ctx, index) : null)))))),
      Object.keys(run.outputs || {}).length ? [h('h2', 'Trigger outputs'), json(run.outputs)] : null,
      h('h2', 'Latest evaluation ', evaluation ? pill(evaluation.status) : null),
      evaluation && nodes.length ? h('div.graph-wrap', drawGraph(nodes, { statusOf: (id) => (results.get(id) || {}).status || 'none', label: 'Evaluation of ensure run' }))
        : empty(run.run_id ? 'Not evaluated yet.' : 'The run id is not known yet, so nothing was evaluated.'),
      evaluation ? h('ul.compact', evaluation.exec_info.map((i) => h('li', { dataset: { node: i.node_id } }, pill(i.status), ' ', h('b', i.node_id), ' ',
        h('span.muted', [i.message, i.error].filter(Boolean).join(' — '))))) : null);
  },
};

/** What the run is doing or did: its current step, else its evaluations and their latest status. */
function progress(r) {
  if (r.current_step) return [r.current_step, r.attempt > 1 ? h('span.muted', ` (attempt ${r.attempt})`) : null];
  if (!r.evaluations) return h('span.muted', '—');
  return [`${r.evaluations} evaluation${r.evaluations === 1 ? '' : 's'} `, r.status ? pill(r.status) : null];
}

/** Long traces (one evaluate attempt per poll) show the first 3 and the last 8 attempts until asked for all. */
function visibleSteps(steps, ctx) {
  const indexed = steps.map((step, index) => [step, index]);
  if (ctx.state.allSteps || steps.length <= 14) return indexed;
  return [...indexed.slice(0, 3), [null, steps.length - 11], ...indexed.slice(-8)];
}

function fold(label, value, ctx, index) {
  const key = `${label}-${index}`;
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return h('details', { open: ctx.state[key], ontoggle: (e) => { ctx.state[key] = e.currentTarget.open; } },
    h('summary', label, ' ', h('code.inline', clip(text.replace(/\s+/g, ' '), 60))), h('pre.json', text));
}

const clip = (text, max) => (text.length > max ? text.slice(0, max - 1) + '…' : text);
