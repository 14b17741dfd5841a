// Flows: every flow with its DAG, node details in a side panel, and recent run counts by status.

import { api, recentRuns } from './api.js';
import { h, empty, pill, route, json } from './dom.js';
import { drawGraph, timeoutOf } from './graph.js';

export const STATUSES = ['passed', 'failed', 'running', 'skipped'];

export async function load() {
  const [nodes, files] = await Promise.all([api.nodes(), api.flows()]);
  const names = [...new Set([...nodes.map((n) => n.flow), ...files.map((f) => f.flow)])].sort();
  const runs = await recentRuns(names);
  return { nodes, files, names, runs };
}

export function render({ nodes, files, names, runs }, ctx) {
  if (!names.length) {
    return h('section',
      h('h1', 'Flows'),
      empty('No flows yet. Send events with an SDK (POST /v1/events-batch) or put YAML flow files in the flows directory.'));
  }
  ctx.state.selected ||= {};
  return h('section',
    h('h1', 'Flows ', h('span.muted.small', `${names.length} flow${names.length === 1 ? '' : 's'}`)),
    h('div.flow-list', names.map((flow) => flowCard(flow, nodes.filter((n) => n.flow === flow),
      files.find((f) => f.flow === flow), runs.filter((r) => r.flow === flow), ctx))));
}

function flowCard(flow, nodes, file, runs, ctx) {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const r of runs) counts[r.status] = (counts[r.status] || 0) + 1;
  const selectedId = ctx.state.selected[flow];
  const selected = nodes.find((n) => n.id === selectedId);
  const select = (node) => {
    ctx.state.selected[flow] = ctx.state.selected[flow] === node.id ? null : node.id;
    ctx.rerender();
  };
  return h('article.card.flow-card', { dataset: { flow } },
    h('header.card-head',
      h('h2', h('a', { href: route('flows', flow, 'runs') }, flow)),
      h('div.counts', { 'aria-label': 'Recent runs by status' },
        h('span.muted', `${runs.length} recent run${runs.length === 1 ? '' : 's'}:`),
        STATUSES.filter((s) => counts[s] > 0).map((s) => h('a.count', { href: route('flows', flow, 'runs') + '?status=' + s, dataset: { status: s } },
          pill(s), ' ', h('b', String(counts[s])))),
        runs.length === 0 ? h('span.muted', 'none') : null),
      h('div.meta.muted',
        `${nodes.length} node${nodes.length === 1 ? '' : 's'}`,
        file && file.source_file ? ' · ' + file.source_file : '',
        file && file.trigger_nodes ? ' · ensure-able' : '',
        file && file.schedule ? ` · cron ${file.schedule.cron}` : '')),
    h('div.graph-layout',
      h('div.graph-wrap', nodes.length ? drawGraph(nodes, { selected: selectedId, onSelect: select, label: 'Graph of flow ' + flow })
        : empty('This flow has no active nodes.')),
      selected ? nodePanel(selected, null, () => select(selected)) : h('aside.panel.hint.muted', 'Click a node for its type, source, filter, validator and timeout.')));
}

/** Side panel for a node; `result` is its exec_info item in a run, if any. */
export function nodePanel(node, result, onClose, extra) {
  const rows = [
    ['Type', node.type],
    ['Source', node.source],
    ['Depends on', (node.dep_ids || []).length ? node.dep_ids.join(', ') : '—'],
    ['Description', node.description || '—'],
    ['Timeout', timeoutOf(node) != null ? timeoutOf(node) + ' ms' : 'default (10000 ms for asserts)'],
  ];
  if (node.handler) rows.push(['Handler', node.handler]);
  return h('aside.panel', { dataset: { node: node.id }, 'aria-label': 'Node ' + node.id },
    h('div.panel-head', h('h3', node.id), onClose ? h('button.secondary.small', { type: 'button', onclick: onClose, 'aria-label': 'Close' }, '×') : null),
    result ? h('div.result',
      pill(result.status),
      result.message ? h('p.message', result.message) : null,
      result.error ? h('p.error-text', result.error) : null,
      result.detail ? h('p.muted', result.detail) : null) : null,
    h('dl', rows.map(([k, v]) => [h('dt', k), h('dd', v)])),
    expr('Filter', node.filter),
    expr('Validator', node.validator),
    node.handler_input && node.handler_input.params ? h('details', h('summary', 'Trigger parameters'), json(node.handler_input.params)) : null,
    extra || null);
}

function expr(label, e) {
  if (!e) return h('div.expr', h('span.label', label), h('span.muted', ' none'));
  return h('div.expr', h('span.label', label), ' ', h('span.engine', e.engine), h('pre.code', e.script));
}
