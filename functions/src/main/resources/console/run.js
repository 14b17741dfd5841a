// Run detail: the graph coloured by node status, per-node results, the run's events with their data, upstream
// links between them, the evaluation history and a re-evaluate action.

import { api } from './api.js';
import { h, empty, pill, route, time, nsToMs, duration } from './dom.js';
import { drawGraph } from './graph.js';
import { nodePanel } from './flows.js';

export async function load({ flow, runId }) {
  const [nodes, outputs, events] = await Promise.all([
    api.nodes(),
    api.evalOutputs({ name: flow, run_id: runId, limit: 20 }),
    api.events({ flow, run_id: runId, limit: 1000 }),
  ]);
  return { flow, runId, nodes: nodes.filter((n) => n.flow === flow), outputs, events };
}

export function render({ flow, runId, nodes, outputs, events }, ctx) {
  const latest = outputs[0] ? outputs[0].output : null;
  const results = new Map((latest ? latest.exec_info : []).map((item) => [item.node_id, item]));
  const eventsById = new Map(events.map((e) => [e.id, e]));
  const selectedId = ctx.state.selected;
  const select = (node) => { ctx.state.selected = ctx.state.selected === node.id ? null : node.id; ctx.rerender(); };
  const reeval = h('button#reevaluate', {
    type: 'button',
    onclick: (e) => ctx.act(e.currentTarget, async () => {
      const result = await api.runEval(flow, runId);
      ctx.toast('Re-evaluated: ' + result.status);
      await ctx.refresh();
    }),
  }, 'Re-evaluate');
  const jump = (id) => h('button.link.mono', { type: 'button', title: 'Show event ' + id, dataset: { ev: id }, onclick: () => flash('ev-' + id) },
    eventsById.has(id) ? eventsById.get(id).node_id + ' · ' + id.slice(0, 8) : id.slice(0, 8));
  const selected = nodes.find((n) => n.id === selectedId);
  const panelExtra = selected && results.get(selected.id) ? h('div',
    h('h4', 'Events'), linksOrNone(results.get(selected.id).ev_ids, jump),
    h('h4', 'Upstream events'), linksOrNone(results.get(selected.id).upstream_ev_ids, jump)) : null;
  return h('section',
    h('p.crumbs', h('a', { href: '#/flows' }, 'Flows'), ' / ', h('a', { href: route('flows', flow, 'runs') }, flow), ' / ', runId),
    h('div.title-row',
      h('h1', 'Run ', h('span.mono', runId), ' ', latest ? pill(latest.status) : pill('not evaluated')),
      reeval),
    latest ? h('p.muted', `Evaluated ${outputs.length} time${outputs.length === 1 ? '' : 's'}; latest `, time(outputs[0].updated_at || outputs[0].created_at),
      `, validation took ${duration(latest.elapsed_ns / 1e6)}.`)
      : h('p.muted', 'This run has no evaluation yet; Re-evaluate evaluates it now.'),
    h('div.graph-layout',
      h('div.graph-wrap', nodes.length
        ? drawGraph(nodes, { statusOf: (id) => (results.get(id) || {}).status || (latest ? 'none' : undefined), selected: selectedId, onSelect: select, label: 'Graph of run ' + runId })
        : empty('The flow has no active nodes.')),
      selected ? nodePanel(selected, results.get(selected.id), () => select(selected), panelExtra)
        : h('aside.panel.hint.muted', 'Click a node for its result, definition and events.')),
    h('h2', 'Nodes'),
    latest ? h('div.table-wrap', h('table.results.stack',
      h('thead', h('tr', h('th', 'Node'), h('th', 'Status'), h('th', 'Message / error'), h('th.hide-narrow', 'Time'), h('th', 'Events'), h('th', 'Upstream'))),
      h('tbody', latest.exec_info.map((item) => h('tr', { dataset: { node: item.node_id, status: item.status } },
        h('td.head', h('button.link', { type: 'button', onclick: () => select({ id: item.node_id }) }, item.node_id),
          item.dep_node_ids.length ? h('div.muted.small', '← ' + item.dep_node_ids.join(', ')) : null, ' ', h('span.show-narrow', pill(item.status))),
        h('td.hide-narrow', pill(item.status)),
        h('td', item.message ? h('div.message', item.message) : null, item.error ? h('div.error-text', item.error) : null,
          item.detail ? h('div.muted.small', item.detail) : null),
        h('td.hide-narrow', duration(item.elapsed_ns / 1e6)),
        h('td', { dataset: { label: 'Events' } }, linksOrNone(item.ev_ids, jump)),
        h('td', { dataset: { label: 'Upstream' } }, linksOrNone(item.upstream_ev_ids, jump)))))))
      : empty('No evaluation yet.'),
    h('h2', 'Events ', h('span.muted.small', String(events.length))),
    events.length === 0 ? empty('No events for this run.') : h('div.events', [...events].sort((a, b) => a.ts - b.ts).map((e) =>
      h('details.event', { id: 'ev-' + e.id, open: ctx.state['open-' + e.id], ontoggle: (ev) => { ctx.state['open-' + e.id] = ev.currentTarget.open; } },
        h('summary', time(nsToMs(e.ts)), ' ', h('b', e.node_id), ' ', h('span.tag', e.type), ' ', h('span.mono.muted.small', e.id),
          ' ', h('code.inline', clip(JSON.stringify(e.data), 80))),
        h('pre.json', JSON.stringify(e.data, null, 2))))),
    outputs.length > 1 ? [h('h2', 'Evaluation history'), h('ol.history', outputs.map((o) => h('li', pill(o.output.status), ' ',
      time(o.updated_at || o.created_at), h('span.muted', o.trigger_ev_id ? ' after ingest' : ' on request'))))] : null);
}

function linksOrNone(ids, jump) {
  return ids && ids.length ? h('span.links', ids.map(jump)) : h('span.muted', '—');
}

function flash(id) {
  const el = document.getElementById(id);
  if (!el) return;
  el.open = true;
  el.scrollIntoView({ block: 'center' });
  el.classList.remove('flash');
  void el.offsetWidth;
  el.classList.add('flash');
}

const clip = (text, max) => (text.length > max ? text.slice(0, max - 1) + '…' : text);
