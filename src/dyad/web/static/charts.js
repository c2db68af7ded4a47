// Charts drawn with plain SVG: a brushable cooperative/conflictual timeline and an
// actor network with a small force layout. No external libraries.

const NS = "http://www.w3.org/2000/svg";

// Quad class names: the page's one list of them (the colours are in style.css, --q1..--q4).
export const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };

export function el(tag, attrs = {}, parent = null) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

const DAY = 86400000;

function parseDay(s) {
  // "YYYY-MM-DD" (a day, or the Monday that starts a week) -> ms since epoch (UTC)
  const [y, m, d] = String(s).slice(0, 10).split("-").map(Number);
  return Date.UTC(y, (m || 1) - 1, d || 1);
}

export function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Colour for a score in [-1, 1]: red (conflict) through grey to green (cooperation). */
export function toneColour(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return "#8a94a6";
  const t = Math.max(-1, Math.min(1, v));
  const grey = [138, 148, 166], red = [192, 57, 43], green = [46, 139, 87];
  const to = t < 0 ? red : green, a = Math.abs(t);
  const c = grey.map((g, i) => Math.round(g + (to[i] - g) * a));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/**
 * Timeline of events per period, cooperative above the axis and conflictual below.
 * rows: [{period: "YYYY-MM-DD", cooperative: n, conflictual: n}], step: "day" | "week".
 * Dragging across the chart calls onBrush(fromDay, toDay); a double click calls onBrush(null, null).
 */
export function drawTimeline(host, rows, { step = "day", onBrush = null, selected = null, height = 190 } = {}) {
  host.innerHTML = "";
  const width = Math.max(host.clientWidth || 800, 320);
  const svg = el("svg", { class: "timeline", viewBox: `0 0 ${width} ${height}`, height, role: "img",
    "aria-label": "Events per " + step + ", cooperative above the axis, conflictual below" }, host);
  if (!rows.length) {
    el("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "muted" }, svg).textContent =
      "No dated events match.";
    return svg;
  }
  const m = { l: 36, r: 10, t: 10, b: 22 };
  const unit = step === "week" ? 7 * DAY : DAY;
  const pts = rows.map((r) => ({ t: parseDay(r.period), up: +r.cooperative || 0, down: +r.conflictual || 0, r }));
  let t0 = Math.min(...pts.map((p) => p.t)), t1 = Math.max(...pts.map((p) => p.t)) + unit;
  const minUnits = 14; // a short range is widened so that a single bar does not fill the chart
  if ((t1 - t0) / unit < minUnits) {
    const pad = Math.ceil((minUnits - (t1 - t0) / unit) / 2) * unit;
    t0 -= pad; t1 += pad;
  }
  const maxUp = Math.max(1, ...pts.map((p) => p.up)), maxDown = Math.max(1, ...pts.map((p) => p.down));
  const iw = width - m.l - m.r, ih = height - m.t - m.b;
  const mid = m.t + ih * (maxUp / (maxUp + maxDown));
  const x = (t) => m.l + ((t - t0) / (t1 - t0)) * iw;
  const tOf = (px) => t0 + ((px - m.l) / iw) * (t1 - t0);
  const yUp = (v) => mid - (v / maxUp) * (mid - m.t);
  const yDown = (v) => mid + (v / maxDown) * (m.t + ih - mid);
  const bw = Math.min(40, Math.max(2, (iw * unit) / (t1 - t0) - 1));

  if (selected && selected[0] && selected[1]) {
    const a = x(parseDay(selected[0])), b = x(parseDay(selected[1]) + DAY);
    el("rect", { class: "sel", x: Math.max(m.l, a), y: m.t, width: Math.max(0, Math.min(b, m.l + iw) - Math.max(m.l, a)), height: ih }, svg);
  }
  const bars = el("g", {}, svg);
  for (const p of pts) {
    const label = `${p.r.period}: ${p.up} cooperative, ${p.down} conflictual`;
    if (p.up) {
      const r = el("rect", { class: "bar-coop", x: x(p.t), y: yUp(p.up), width: bw, height: mid - yUp(p.up) }, bars);
      el("title", {}, r).textContent = label;
    }
    if (p.down) {
      const r = el("rect", { class: "bar-conf", x: x(p.t), y: mid, width: bw, height: yDown(p.down) - mid }, bars);
      el("title", {}, r).textContent = label;
    }
  }
  const ax = el("g", { class: "axis" }, svg);
  el("line", { x1: m.l, x2: m.l + iw, y1: mid, y2: mid }, ax);
  el("text", { x: m.l - 4, y: m.t + 8, "text-anchor": "end" }, ax).textContent = maxUp;
  el("text", { x: m.l - 4, y: m.t + ih, "text-anchor": "end" }, ax).textContent = maxDown;
  el("text", { x: m.l - 4, y: mid - 3, "text-anchor": "end" }, ax).textContent = "coop";
  el("text", { x: m.l - 4, y: mid + 10, "text-anchor": "end" }, ax).textContent = "confl";
  const ticks = Math.min(8, Math.max(2, Math.floor(iw / 110)));
  const units = Math.round((t1 - t0) / unit), every = Math.max(1, Math.ceil(units / ticks));
  for (let u = 0; u < units; u += every) {
    const t = t0 + u * unit, i = u === 0 ? 0 : u + every >= units ? ticks : 1;
    const tx = x(t) + bw / 2;
    el("line", { x1: tx, x2: tx, y1: m.t + ih, y2: m.t + ih + 4 }, ax);
    el("text", { x: tx, y: height - 6, "text-anchor": i === 0 ? "start" : i === ticks ? "end" : "middle" }, ax)
      .textContent = isoDay(t);
  }
  if (!onBrush) return svg;

  // Brushing: drag to choose a date range.
  const brush = el("rect", { class: "brush", x: 0, y: m.t, width: 0, height: ih, visibility: "hidden" }, svg);
  let start = null;
  const px = (ev) => {
    const box = svg.getBoundingClientRect();
    return Math.max(m.l, Math.min(m.l + iw, ((ev.clientX - box.left) / box.width) * width));
  };
  svg.style.cursor = "crosshair";
  svg.addEventListener("mousedown", (ev) => { start = px(ev); brush.setAttribute("visibility", "visible");
    brush.setAttribute("x", start); brush.setAttribute("width", 0); ev.preventDefault(); });
  svg.addEventListener("mousemove", (ev) => {
    if (start === null) return;
    const cur = px(ev);
    brush.setAttribute("x", Math.min(start, cur)); brush.setAttribute("width", Math.abs(cur - start));
  });
  const finish = (ev) => {
    if (start === null) return;
    const cur = px(ev), a = Math.min(start, cur), b = Math.max(start, cur);
    start = null;
    if (b - a < 3) { brush.setAttribute("visibility", "hidden"); return; }
    // Snap to whole periods.
    const from = t0 + Math.floor((tOf(a) - t0) / unit) * unit;
    const to = t0 + Math.ceil((tOf(b) - t0) / unit) * unit - DAY;
    onBrush(isoDay(from), isoDay(Math.max(from, to)));
  };
  svg.addEventListener("mouseup", finish);
  svg.addEventListener("mouseleave", finish);
  svg.addEventListener("dblclick", () => onBrush(null, null));
  return svg;
}

/**
 * Fruchterman-Reingold layout run to rest before drawing (small graphs only), then scaled
 * to fit the box. nodes: [{id}], links: [{source, target, weight}] with ids. Sets node.x, node.y
 * inside [pad.l, w - pad.r] x [pad.t, h - pad.b].
 */
export function forceLayout(nodes, links, w, h, { iterations = 300, pad = { l: 20, r: 150, t: 24, b: 24 } } = {}) {
  const n = nodes.length;
  if (!n) return;
  const ax = Math.max(1, (w - pad.l - pad.r) / Math.max(1, h - pad.t - pad.b)); // a wide box
  const k = Math.sqrt(ax / n); // natural edge length in an ax x 1 box
  const idx = new Map(nodes.map((d, i) => [d.id, i]));
  nodes.forEach((d, i) => { // a deterministic start on a spiral
    const a = i * 2.399963, r = 0.5 * Math.sqrt((i + 0.5) / n);
    d.x = ax / 2 + ax * r * Math.cos(a); d.y = 0.5 + r * Math.sin(a);
  });
  let temp = 0.1 * ax;
  for (let it = 0; it < iterations; it++) {
    const dx = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const ex = nodes[i].x - nodes[j].x, ey = nodes[i].y - nodes[j].y;
        const d2 = Math.max(1e-4, ex * ex + ey * ey);
        const f = (k * k) / d2; // (k^2 / d) along the unit vector
        dx[i] += ex * f; dy[i] += ey * f; dx[j] -= ex * f; dy[j] -= ey * f;
      }
    }
    for (const l of links) {
      const i = idx.get(l.source), j = idx.get(l.target);
      if (i === undefined || j === undefined || i === j) continue;
      const ex = nodes[i].x - nodes[j].x, ey = nodes[i].y - nodes[j].y;
      const d = Math.max(1e-3, Math.hypot(ex, ey));
      const f = (d / k) * (1 + Math.log1p(l.weight || 1) / 3); // (d^2 / k) along the unit vector
      dx[i] -= ex * f; dy[i] -= ey * f; dx[j] += ex * f; dy[j] += ey * f;
    }
    for (let i = 0; i < n; i++) {
      // Gravity towards the centre keeps separate components together.
      dx[i] += (ax / 2 - nodes[i].x) * 0.6; dy[i] += (0.5 - nodes[i].y) * 0.6 * ax;
      const d = Math.max(1e-6, Math.hypot(dx[i], dy[i]));
      nodes[i].x += (dx[i] / d) * Math.min(d, temp);
      nodes[i].y += (dy[i] / d) * Math.min(d, temp);
    }
    temp = Math.max(0.002 * ax, temp * 0.98);
  }
  const xs = nodes.map((d) => d.x), ys = nodes.map((d) => d.y);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const sx = (w - pad.l - pad.r) / Math.max(1e-6, x1 - x0), sy = (h - pad.t - pad.b) / Math.max(1e-6, y1 - y0);
  for (const d of nodes) {
    d.x = n === 1 ? w / 2 : pad.l + (d.x - x0) * sx;
    d.y = n === 1 ? h / 2 : pad.t + (d.y - y0) * sy;
  }
  // Then nudge apart nodes whose labels (about 6.5 px a character, to the right) overlap.
  const box = (d) => [d.x - 8, d.y - 9, d.x + 14 + 6.5 * String(d.label || d.id).length, d.y + 9];
  for (let it = 0; it < 60; it++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = box(nodes[i]), b = box(nodes[j]);
        const ox = Math.min(a[2], b[2]) - Math.max(a[0], b[0]), oy = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (ox <= 0 || oy <= 0) continue;
        moved = true;
        // Move along the cheaper axis (vertical, unless the horizontal overlap is small).
        if (ox < oy * 2) {
          const sgn = nodes[i].x <= nodes[j].x ? -1 : 1, m = ox / 2 + 1;
          nodes[i].x += sgn * m; nodes[j].x -= sgn * m;
        } else {
          const sgn = nodes[i].y <= nodes[j].y ? -1 : 1, m = oy / 2 + 1;
          nodes[i].y += sgn * m; nodes[j].y -= sgn * m;
        }
      }
    }
    for (const d of nodes) {
      d.x = Math.max(pad.l, Math.min(w - pad.r, d.x));
      d.y = Math.max(pad.t, Math.min(h - pad.b, d.y));
    }
    if (!moved) break;
  }
}

/**
 * Network of who acts on whom. edges: [{source, target, events, score}] where source and
 * target are actor labels, events the count (edge width) and score in [-1, 1] (colour).
 * An edge may carry nodes: {label: {name, country}}; onNode({id, name, country}) is called
 * when a node is clicked.
 */
export function drawNetwork(host, edges, { onNode = null, height = 420 } = {}) {
  host.innerHTML = "";
  const width = Math.max(host.clientWidth || 800, 320);
  const svg = el("svg", { class: "network", viewBox: `0 0 ${width} ${height}`, height, role: "img",
    "aria-label": "Network of actors: who acts on whom" }, host);
  if (!edges.length) {
    el("text", { x: width / 2, y: height / 2, "text-anchor": "middle" }, svg).textContent =
      "No events with both a source and a target match.";
    return svg;
  }
  const deg = new Map();
  for (const e of edges) {
    deg.set(e.source, (deg.get(e.source) || 0) + e.events);
    deg.set(e.target, (deg.get(e.target) || 0) + e.events);
  }
  const info = {};
  for (const e of edges) Object.assign(info, e.nodes || {});
  const nodes = [...deg.keys()].map((id) => ({ id, weight: deg.get(id), name: (info[id] || {}).name || id,
    country: (info[id] || {}).country || null }));
  const links = edges.map((e) => ({ ...e, weight: e.events }));
  forceLayout(nodes, links, width, height);
  const pos = new Map(nodes.map((d) => [d.id, d]));
  const maxE = Math.max(...edges.map((e) => e.events));
  const maxDeg = Math.max(...nodes.map((d) => d.weight));
  const defs = el("defs", {}, svg);
  const markers = new Map();
  const marker = (colour) => {
    if (markers.has(colour)) return markers.get(colour);
    const id = "arrow" + markers.size;
    const mk = el("marker", { id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9,
      orient: "auto-start-reverse", markerUnits: "userSpaceOnUse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }, mk);
    markers.set(colour, id);
    return id;
  };
  const radius = (d) => 5 + 9 * Math.sqrt(d.weight / maxDeg);
  const gE = el("g", {}, svg), gN = el("g", {}, svg);
  for (const e of links) {
    const a = pos.get(e.source), b = pos.get(e.target);
    const colour = toneColour(e.score);
    const sw = 1 + 5 * Math.sqrt(e.events / maxE);
    let path;
    if (a === b) {
      path = `M${a.x},${a.y - radius(a)} c 25,-35 45,5 ${radius(a)},${radius(a)}`;
    } else {
      // A slight curve, so that A->B and B->A do not overlap; stop at the node's rim.
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1;
      const ex = b.x - (dx / d) * (radius(b) + 2), ey = b.y - (dy / d) * (radius(b) + 2);
      const mx = (a.x + ex) / 2 - (dy / d) * d * 0.12, my = (a.y + ey) / 2 + (dx / d) * d * 0.12;
      path = `M${a.x},${a.y} Q${mx},${my} ${ex},${ey}`;
    }
    const p = el("path", { class: "edge", d: path, stroke: colour, "stroke-width": sw,
      "marker-end": `url(#${marker(colour)})` }, gE);
    el("title", {}, p).textContent = `${e.source} → ${e.target}: ${e.events} event(s)` +
      (e.detail ? ` (${e.detail})` : "");
  }
  for (const d of nodes) {
    const g = el("g", { class: "node", transform: `translate(${d.x},${d.y})`, tabindex: 0 }, gN);
    el("circle", { r: radius(d), fill: "#4a6fa5" }, g);
    el("text", { x: radius(d) + 3, y: 4 }, g).textContent = d.id;
    el("title", {}, g).textContent = `${d.id}: ${d.weight} event(s)`;
    if (onNode) {
      g.addEventListener("click", () => onNode(d));
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onNode(d); });
    }
  }
  return svg;
}
