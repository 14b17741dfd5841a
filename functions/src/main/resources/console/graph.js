// A flow's nodes as a layered DAG in SVG. Layers follow dep_ids (a node sits one layer below its deepest
// dependency, like the evaluator's layering); within a layer, nodes are ordered by their parents' positions.

import { s } from './dom.js';

const W = 188;
const H = 46;
const GAP_X = 28;
const GAP_Y = 58;
const PAD = 16;

export function layout(nodes) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const layerOf = new Map();
  const visiting = new Set();
  const layer = (id) => {
    if (layerOf.has(id)) return layerOf.get(id);
    if (visiting.has(id)) return 0; // a cycle: the evaluator reports it; draw it anyway
    visiting.add(id);
    const deps = (byId.get(id).dep_ids || []).filter((d) => byId.has(d));
    const value = deps.length ? 1 + Math.max(...deps.map(layer)) : 0;
    visiting.delete(id);
    layerOf.set(id, value);
    return value;
  };
  nodes.forEach((n) => layer(n.id));
  const layers = [];
  for (const n of [...nodes].sort((a, b) => a.id.localeCompare(b.id))) {
    (layers[layerOf.get(n.id)] ||= []).push(n);
  }
  const position = new Map();
  layers.forEach((row, index) => {
    if (index > 0) {
      const centre = (n) => {
        const xs = (n.dep_ids || []).map((d) => position.get(d)).filter(Boolean).map((p) => p.order);
        return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
      };
      row.sort((a, b) => centre(a) - centre(b) || a.id.localeCompare(b.id));
    }
    row.forEach((n, order) => position.set(n.id, { order, layer: index }));
  });
  const widest = Math.max(1, ...layers.map((row) => row.length));
  const width = PAD * 2 + widest * W + (widest - 1) * GAP_X;
  const height = PAD * 2 + layers.length * H + Math.max(0, layers.length - 1) * GAP_Y;
  layers.forEach((row) => {
    const rowWidth = row.length * W + (row.length - 1) * GAP_X;
    const left = (width - rowWidth) / 2;
    row.forEach((n, order) => {
      const p = position.get(n.id);
      p.x = left + order * (W + GAP_X);
      p.y = PAD + p.layer * (H + GAP_Y);
    });
  });
  return { position, width, height, layers: layers.length };
}

/**
 * @param nodes the flow's nodes (id, type, dep_ids, ...)
 * @param options statusOf(id) -> status or undefined, selected id, onSelect(node)
 */
export function drawGraph(nodes, { statusOf = () => undefined, selected, onSelect, label } = {}) {
  if (!nodes.length) return s('svg', { class: 'graph', viewBox: '0 0 10 10' });
  const { position, width, height } = layout(nodes);
  const svg = s('svg', {
    class: 'graph', viewBox: `0 0 ${width} ${height}`, width, role: 'img',
    'aria-label': label || 'Flow graph', preserveAspectRatio: 'xMidYMin meet',
  });
  svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }))));
  const edges = s('g', { class: 'edges' });
  for (const n of nodes) {
    const to = position.get(n.id);
    for (const dep of n.dep_ids || []) {
      const from = position.get(dep);
      if (!from) continue;
      const x1 = from.x + W / 2, y1 = from.y + H, x2 = to.x + W / 2, y2 = to.y;
      const mid = (y1 + y2) / 2;
      edges.append(s('path', { class: 'edge', d: `M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2 - 2}`, 'marker-end': 'url(#arrow)', 'data-from': dep, 'data-to': n.id }));
    }
  }
  svg.append(edges);
  for (const n of nodes) {
    const p = position.get(n.id);
    const status = statusOf(n.id);
    const classes = ['node', 'type-' + n.type, 'status-' + (status || 'none')];
    if (selected === n.id) classes.push('selected');
    const g = s('g', {
      class: classes.join(' '), transform: `translate(${p.x},${p.y})`, tabindex: 0, role: 'button',
      'data-node': n.id, 'data-status': status || '',
      onclick: () => onSelect && onSelect(n),
      onkeydown: (e) => { if ((e.key === 'Enter' || e.key === ' ') && onSelect) { e.preventDefault(); onSelect(n); } },
    });
    g.append(s('title', {}, tooltip(n, status)));
    g.append(s('rect', { width: W, height: H, rx: 8, ry: 8 }));
    g.append(s('text', { x: 10, y: 19, class: 'node-id' }, clip(n.id, 23)));
    const badges = [n.type, n.validator ? 'validator' : null, n.filter ? 'filter' : null, timeoutOf(n) != null ? 'timeout ' + shortMs(timeoutOf(n)) : null]
      .filter(Boolean).join(' · ');
    g.append(s('text', { x: 10, y: 36, class: 'node-meta' }, clip(status ? status + ' · ' + badges : badges, 31)));
    svg.append(g);
  }
  return svg;
}

export function timeoutOf(node) {
  const found = (node.conditions || []).find((c) => c && c.timeout_ms != null);
  return found ? found.timeout_ms : null;
}

function tooltip(n, status) {
  const lines = [`${n.id} (${n.type}, ${n.source})`];
  if (status) lines.push('status: ' + status);
  if (n.description) lines.push(n.description);
  if (n.filter) lines.push(`filter [${n.filter.engine}]: ${n.filter.script}`);
  if (n.validator) lines.push(`validator [${n.validator.engine}]: ${n.validator.script}`);
  if (timeoutOf(n)) lines.push('timeout: ' + timeoutOf(n) + ' ms');
  return lines.join('\n');
}

const shortMs = (ms) => (ms >= 1000 && ms % 1000 === 0 ? ms / 1000 + 's' : ms + 'ms');

const clip = (text, max) => (text.length > max ? text.slice(0, max - 1) + '…' : text);
