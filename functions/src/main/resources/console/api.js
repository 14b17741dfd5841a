// The only place that talks to the server: the public /v1 API, with the key from localStorage.

const KEY_STORAGE = 'flowproof.apiKey';

export class ApiError extends Error {
  constructor(status, detail, path) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
    this.status = status;
    this.detail = detail;
    this.path = path;
  }

  /** 401/403: the key is missing or wrong. */
  get isAuth() {
    return this.status === 401 || this.status === 403;
  }
}

export const apiKey = {
  get: () => localStorage.getItem(KEY_STORAGE) || '',
  set: (key) => localStorage.setItem(KEY_STORAGE, key.trim()),
  clear: () => localStorage.removeItem(KEY_STORAGE),
};

export async function call(method, path, body) {
  const headers = { 'X-Api-Key': apiKey.get() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'The server cannot be reached (' + e.message + ')', path);
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (!response.ok) {
    const detail = data && typeof data === 'object' && 'detail' in data ? data.detail : data || response.statusText;
    throw new ApiError(response.status, detail, path);
  }
  return data;
}

const q = (params) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
  }
  const text = search.toString();
  return text ? '?' + text : '';
};

export const api = {
  status: () => call('GET', '/v1/status'),
  nodes: () => call('GET', '/v1/nodes'),
  flows: () => call('GET', '/v1/flows'),
  events: (params) => call('GET', '/v1/events' + q(params)),
  evalOutputs: (params) => call('GET', '/v1/eval-outputs' + q(params)),
  runEval: (flow, runId) => call('POST', '/v1/run-eval', { flow, run_id: runId }),
  ensureRuns: (params) => call('GET', '/v1/ensure-runs' + q(params)),
  ensureRun: (id) => call('GET', '/v1/ensure-runs/' + encodeURIComponent(id)),
  startEnsure: (flow) => call('POST', '/v1/ensure-runs', { flow }),
  cancelEnsure: (id) => call('POST', '/v1/ensure-runs/' + encodeURIComponent(id) + '/cancel'),
};

/**
 * The runs of some flows, derived from the newest eval outputs (one request; the API has no runs list):
 * the first output of each (flow, run_id) is its latest evaluation.
 */
export async function recentRuns(flows, limit = 500) {
  if (!flows.length) return [];
  const outputs = await api.evalOutputs({ name: flows, limit });
  const seen = new Map();
  for (const row of outputs) {
    const key = row.flow + '\u0000' + row.run_id;
    const status = row.output && row.output.status;
    if (!seen.has(key)) {
      seen.set(key, { flow: row.flow, run_id: row.run_id, status, evaluated_at: row.updated_at || row.created_at, evaluations: 1 });
    } else {
      seen.get(key).evaluations++;
    }
  }
  return [...seen.values()];
}
