// The live view: informers feed the model, the model says which Services changed, and only those
// cards are drawn again (on the next animation frame). Routing comes from the routing API
// (/kubesim/v1/.../routes), fetched for open cards when their slices or the nodes change.
import { Api, inform, initialToken } from './api.js';
import { CHURN_WINDOW_MS, keyOf, Model, serviceKeyOfSlice } from './model.js';

const api = new Api(initialToken());
const model = new Model();
const routes = new Map();
const routeTimers = new Map();
const open = new Set();
const closed = new Set();
// ?open=all opens every card (otherwise only when a dozen or fewer are shown).
const ui = { namespace: '', filter: '', visible: [], visibleSet: new Set(), openAll: new URL(location.href).searchParams.get('open') === 'all' };
const stats = { firstRenderMs: undefined, lastRenderMs: 0, renders: 0, routesFetched: 0, synced: new Set() };
window.kubesim = stats;

const WATCHED = [
  ['namespaces', '/api/v1/namespaces'],
  ['nodes', '/api/v1/nodes'],
  ['services', '/api/v1/services'],
  ['endpointslices', '/apis/discovery.k8s.io/v1/endpointslices'],
  ['pods', '/api/v1/pods'],
];

const $ = (sel) => document.querySelector(sel);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** A stable colour per zone, so the same zone reads the same everywhere on the page. */
const ZONE_COLOURS = ['#2f7de1', '#1aa179', '#d9822b', '#8e5cd9', '#d64545', '#0f9fb5', '#b59a0f'];
const zoneColours = new Map();
function zoneColour(zone) {
  if (!zone) return '#8a94a6';
  if (!zoneColours.has(zone)) {
    const known = [...model.nodes.values()].map((n) => n.metadata.labels?.['topology.kubernetes.io/zone']).filter(Boolean);
    const zones = [...new Set([...known, zone])].sort();
    zones.forEach((z, i) => zoneColours.set(z, ZONE_COLOURS[i % ZONE_COLOURS.length]));
  }
  return zoneColours.get(zone);
}
const zoneTag = (zone) => (zone ? `<span class="zone" style="--zc:${zoneColour(zone)}">${esc(zone)}</span>` : '<span class="muted">—</span>');

function setConnection(state) {
  const el = $('#conn');
  el.dataset.state = state;
  el.textContent = { live: 'live', reconnecting: 'reconnecting…', error: 'error' }[state] ?? state;
}

// ---- cards ----------------------------------------------------------------------------------

function conditions(e) {
  // Ready implies serving; say the rest only when it is news.
  const out = [e.ready ? '<span class="pill ok">ready</span>' : '<span class="pill bad">not ready</span>'];
  if (!e.ready) out.push(e.serving ? '<span class="pill ok">serving</span>' : '<span class="pill off">not serving</span>');
  if (e.terminating) out.push('<span class="pill warn">terminating</span>');
  return out.join('');
}

function hints(e) {
  const z = e.zoneHints.map((h) => `<span class="hint">→${esc(h)}</span>`).join('');
  const n = e.nodeHints.map((h) => `<span class="hint node">→${esc(h)}</span>`).join('');
  return z + n || '<span class="muted">—</span>';
}

function endpointTable(rows) {
  if (rows.length === 0) return '<p class="empty">No endpoints.</p>';
  const body = rows.map((e) => `<tr data-address="${esc(e.address)}" data-pod="${esc(e.pod)}" class="${e.ready ? '' : e.terminating ? 'is-terminating' : 'is-unready'}">
    <td class="mono">${esc(e.address)}</td>
    <td>${e.pod ? esc(e.pod) : '<span class="muted">—</span>'}${e.owner ? `<div class="owner-line"><span class="owner">${esc(e.owner.kind)}/${esc(e.owner.name)}</span></div>` : ''}</td>
    <td>${esc(e.nodeName ?? '—')}<div>${zoneTag(e.zone)}</div></td>
    <td class="conds">${conditions(e)}</td><td>${hints(e)}</td></tr>`).join('');
  return `<table class="eps"><thead><tr><th>address</th><th>pod · owner</th><th>node · zone</th><th>conditions</th><th>hints</th></tr></thead><tbody>${body}</tbody></table>`;
}

const SOURCE_TEXT = {
  ready: 'all ready', 'hints-zone': 'zone hints', 'hints-node': 'node hints',
  'terminating-fallback': 'terminating fallback', local: 'node-local', none: 'no endpoints',
};

function routeCell(r) {
  if (!r) return '<td class="muted">—</td>';
  // Addresses, as kube-proxy programs them (and as the endpoint table's first column reads).
  const eps = r.endpoints.map((e) => `<span class="ep mono" style="--zc:${zoneColour(e.zone)}" title="${esc(e.targetRef?.name ?? '')} on ${esc(e.nodeName ?? '?')} (${esc(e.zone ?? 'no zone')})">${esc(e.address)}</span>`).join('');
  return `<td><span class="src src-${esc(r.source)}">${esc(SOURCE_TEXT[r.source] ?? r.source)}</span> <span class="count">${r.endpoints.length}</span><div class="eplist">${eps}</div></td>`;
}

function routingTable(svcKey) {
  const r = routes.get(svcKey);
  if (!r) return '<p class="muted small">loading routes…</p>';
  if (r.error) return `<p class="empty">${esc(r.error)}</p>`;
  const external = r.nodes.some((n) => n.external);
  const head = `<tr><th>from node</th><th>zone</th><th>internal (${esc(r.nodes[0]?.internal.policy ?? '')})</th>${external ? `<th>external (${esc(r.nodes.find((n) => n.external)?.external.policy)})</th>` : ''}</tr>`;
  const rows = r.nodes.map((n) => `<tr data-node="${esc(n.node)}"><td>${esc(n.node)}</td><td>${zoneTag(n.zone)}</td>${routeCell(n.internal)}${external ? routeCell(n.external) : ''}</tr>`).join('');
  return `<table class="routes">${head}${rows}</table>`;
}

function serviceBadges(svc) {
  const spec = svc.spec ?? {};
  const b = [`<span class="badge">${esc(spec.type ?? 'ClusterIP')}</span>`];
  if (spec.clusterIP) b.push(`<span class="badge mono">${esc(spec.clusterIP)}</span>`);
  if (spec.internalTrafficPolicy === 'Local') b.push('<span class="badge hot">internalTrafficPolicy: Local</span>');
  if (spec.externalTrafficPolicy === 'Local' && spec.type !== 'ClusterIP') b.push('<span class="badge hot">externalTrafficPolicy: Local</span>');
  if (spec.trafficDistribution) b.push(`<span class="badge topo">trafficDistribution: ${esc(spec.trafficDistribution)}</span>`);
  const mode = svc.metadata.annotations?.['service.kubernetes.io/topology-mode'];
  if (mode) b.push(`<span class="badge topo">topology-mode: ${esc(mode)}</span>`);
  return b.join('');
}

function card(svcKey) {
  const svc = model.services.get(svcKey);
  const rows = model.endpointsOf(svcKey);
  const ready = rows.filter((e) => e.ready).length;
  const slices = model.slicesOf(svcKey);
  const isOpen = isCardOpen(svcKey);
  const ports = (svc.spec?.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(', ');
  return `<details class="svc" data-svc="${esc(svcKey)}" ${isOpen ? 'open' : ''}>
    <summary><span class="name">${esc(svc.metadata.name)}</span><span class="ns">${esc(svc.metadata.namespace)}</span>
      ${serviceBadges(svc)}<span class="ports mono">${esc(ports)}</span>
      <span class="spacer"></span>
      <span class="stat"><b>${ready}</b>/${rows.length} ready</span>
      <span class="stat"><b>${slices.length}</b> slice${slices.length === 1 ? '' : 's'}</span>
      <span class="stat churn" data-churn="${esc(svcKey)}"><b>${model.churn(Date.now(), svcKey)}</b> writes/min</span></summary>
    ${isOpen ? `<div class="body"><div class="panel"><h3>Endpoints <span class="muted small">${slices.map((x) => `${esc(x.metadata.name)} (${esc(x.addressType)})`).join(', ')}</span></h3>${endpointTable(rows)}</div>
      <div class="panel"><h3>Routing per node <span class="muted small">as kube-proxy would program it</span></h3>${routingTable(svcKey)}</div></div>` : ''}
  </details>`;
}

function isCardOpen(svcKey) {
  if (open.has(svcKey)) return true;
  if (closed.has(svcKey)) return false;
  return ui.openAll || ui.visible.length <= 12;
}

function visibleServices() {
  const f = ui.filter.toLowerCase();
  return [...model.services.keys()]
    .filter((k) => !ui.namespace || k.startsWith(`${ui.namespace}/`))
    .filter((k) => !f || k.toLowerCase().includes(f))
    .sort();
}

// ---- routes ---------------------------------------------------------------------------------

function wantRoutes(svcKey, delay = 60) {
  if (!isCardOpen(svcKey) || routeTimers.has(svcKey)) return;
  routeTimers.set(svcKey, setTimeout(async () => {
    routeTimers.delete(svcKey);
    const [ns, name] = svcKey.split('/');
    try {
      routes.set(svcKey, await api.get(`/kubesim/v1/namespaces/${encodeURIComponent(ns)}/services/${encodeURIComponent(name)}/routes`));
      stats.routesFetched++;
    } catch (e) {
      if (!model.services.has(svcKey)) return;
      routes.set(svcKey, { error: e.message });
    }
    model.dirty.add(svcKey);
    schedule();
  }, delay));
}

// ---- drawing --------------------------------------------------------------------------------

let frame = 0;
function schedule() {
  if (!frame) frame = requestAnimationFrame(draw);
}

function draw() {
  frame = 0;
  if (stats.synced.size < WATCHED.length) return;
  const t0 = performance.now();
  const { all, keys } = model.takeDirty();
  ui.visible = visibleServices();
  ui.visibleSet = new Set(ui.visible);
  if (all) {
    drawSidebar();
    drawNodes();
    const list = ui.visible;
    $('#services').innerHTML = list.length ? list.map(card).join('') : '<p class="empty big">No Services here yet.</p>';
    for (const k of list) if (!routes.has(k)) wantRoutes(k, 0);
  } else {
    for (const k of keys) {
      const el = document.querySelector(`details.svc[data-svc="${CSS.escape(k)}"]`);
      const show = ui.visibleSet.has(k);
      if (el && show) el.outerHTML = card(k);
      else if (el) el.remove();
      else if (show) { model.all = true; schedule(); }
    }
    if (keys.size) drawSidebar();
  }
  drawHeader();
  const ms = performance.now() - t0;
  stats.renders++;
  stats.lastRenderMs = ms;
  stats.lastDrawAt = Date.now();
  if (stats.firstRenderMs === undefined) {
    stats.firstRenderMs = performance.now();
    document.documentElement.dataset.state = 'ready';
  }
}

function drawHeader() {
  let eps = 0;
  for (const s of model.slices.values()) eps += (s.endpoints ?? []).length;
  $('#counts').innerHTML = `<span><b>${model.services.size}</b> services</span><span><b>${model.slices.size}</b> slices</span>
    <span><b>${eps}</b> endpoints</span><span><b>${model.pods.size}</b> pods</span>`;
  $('#churn').innerHTML = `<b>${model.churn()}</b> slice writes/min`;
}

function drawNodes() {
  const nodes = [...model.nodes.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name, 'en', { numeric: true }));
  $('#nodes').innerHTML = nodes.map((n) => {
    const zone = n.metadata.labels?.['topology.kubernetes.io/zone'];
    const ready = (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    return `<span class="node ${ready ? '' : 'notready'}" style="--zc:${zoneColour(zone)}"><b>${esc(n.metadata.name)}</b> ${esc(zone ?? 'no zone')}</span>`;
  }).join('') || '<span class="muted">no nodes</span>';
}

function drawSidebar() {
  const counts = new Map();
  for (const k of model.services.keys()) {
    const ns = k.split('/')[0];
    counts.set(ns, (counts.get(ns) ?? 0) + 1);
  }
  const names = [...new Set([...model.namespaces.keys()].map((k) => k.slice(1)).concat([...counts.keys()]))].sort();
  const item = (ns, label, n) => `<li><button data-ns="${esc(ns)}" class="${ui.namespace === ns ? 'sel' : ''}">${esc(label)}<span class="n">${n}</span></button></li>`;
  $('#namespaces').innerHTML = item('', 'all namespaces', model.services.size) + names.map((ns) => item(ns, ns, counts.get(ns) ?? 0)).join('');
  const w = model.workloads(ui.namespace);
  $('#workloads').innerHTML = w.length
    ? w.map((g) => `<li><span class="owner">${esc(g.kind)}/${esc(g.name)}</span>${ui.namespace ? '' : ` <span class="muted small">${esc(g.namespace)}</span>`}<span class="n">${g.ready}/${g.pods}</span></li>`).join('')
    : '<li class="muted small">No pods with owners.</li>';
}

// ---- wiring ---------------------------------------------------------------------------------

$('#namespaces').addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-ns]');
  if (!b) return;
  ui.namespace = b.dataset.ns;
  model.all = true;
  schedule();
});
$('#filter').addEventListener('input', (ev) => {
  ui.filter = ev.target.value;
  model.all = true;
  schedule();
});
$('#services').addEventListener('toggle', (ev) => {
  const el = ev.target;
  if (!(el instanceof HTMLDetailsElement)) return;
  const k = el.dataset.svc;
  if (el.open === isCardOpen(k)) return;
  (el.open ? open : closed).add(k);
  (el.open ? closed : open).delete(k);
  model.dirty.add(k);
  if (el.open) wantRoutes(k, 0);
  schedule();
}, true);
setInterval(() => {
  if (stats.synced.size < WATCHED.length) return;
  const now = Date.now();
  $('#churn').innerHTML = `<b>${model.churn(now)}</b> slice writes/min`;
  for (const el of document.querySelectorAll('[data-churn]')) el.firstElementChild.textContent = String(model.churn(now, el.dataset.churn));
}, CHURN_WINDOW_MS / 60);

for (const [kind, path] of WATCHED) {
  inform(api, path, {
    replace: (items) => {
      model.replace(kind, items);
      stats.synced.add(kind);
      if (kind !== 'namespaces' && kind !== 'pods') for (const k of model.services.keys()) wantRoutes(k);
      schedule();
    },
    change: (type, obj) => {
      model.change(kind, type, obj);
      if (kind === 'endpointslices') stats.lastSliceEventAt = Date.now();
      const svc = kind === 'services' ? keyOf(obj) : kind === 'endpointslices' ? serviceKeyOfSlice(obj) : undefined;
      if (svc) wantRoutes(svc);
      if (kind === 'nodes') for (const k of model.services.keys()) wantRoutes(k);
      schedule();
    },
    status: setConnection,
  });
}
