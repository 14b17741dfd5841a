// Tiny DOM helpers: h('button#save.primary', {onclick}, children...) builds elements without innerHTML (no injection).

export function h(tag, attrs, ...children) {
  const idMatch = tag.match(/#([\w-]+)/);
  const [name, ...classes] = tag.replace(/#[\w-]+/, '').split('.');
  const id = idMatch && idMatch[1];
  const el = document.createElement(name || 'div');
  if (id) el.id = id;
  if (classes.length) el.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className += (el.className ? ' ' : '') + value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && key !== 'list' && key !== 'form') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A status pill: <span class="pill status-failed">failed</span>. */
export function pill(status) {
  const text = status || 'unknown';
  return h('span.pill', { class: 'status-' + text.replace(/[^a-z_]/gi, '') }, text);
}

/** ISO string or epoch millis to a short local time, with the full value as a tooltip. */
export function time(value) {
  if (value === null || value === undefined) return h('span.muted', '—');
  const date = typeof value === 'number' ? new Date(value) : new Date(value);
  if (Number.isNaN(date.getTime())) return h('span', String(value));
  return h('time', { dateTime: date.toISOString(), title: date.toISOString() }, ago(date));
}

export function ago(date) {
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  if (seconds < 0) return 'in ' + duration(-seconds * 1000);
  if (seconds < 5) return 'just now';
  return duration(seconds * 1000) + ' ago';
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1) return ms.toFixed(3) + ' ms';
  if (ms < 1000) return Math.round(ms) + ' ms';
  const s = ms / 1000;
  if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' min ' + Math.round(s % 60) + ' s';
  const hours = Math.floor(m / 60);
  if (hours < 48) return hours + ' h ' + (m % 60) + ' min';
  return Math.floor(hours / 24) + ' d';
}

/** Event ts (nanoseconds since the epoch) to epoch millis. */
export const nsToMs = (ns) => (typeof ns === 'number' ? ns / 1e6 : Number(ns) / 1e6);

/** Pretty JSON in a <pre>. */
export function json(value) {
  return h('pre.json', JSON.stringify(value, null, 2));
}

export function empty(message, ...more) {
  return h('div.empty', h('p', message), ...more);
}

export function link(href, ...children) {
  return h('a', { href }, ...children);
}

/** '#/flows/a%20b/runs' style hash built from raw parts. */
export function route(...parts) {
  return '#/' + parts.map(encodeURIComponent).join('/');
}
