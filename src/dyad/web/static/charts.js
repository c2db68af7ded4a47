// Charts drawn with plain SVG: a brushable cooperative/conflictual timeline and a
// circular network with collision-free labels. No external libraries.

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

/** The start of the day, week (Monday) or month holding ms. */
export function binStart(ms, step) {
  const d = new Date(ms);
  if (step === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (step === "week") return ms - ((d.getUTCDay() + 6) % 7) * DAY;
  return ms;
}

function binEnd(t, step) {
  if (step === "month") { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); }
  return t + (step === "week" ? 7 : 1) * DAY;
}

/**
 * Where the bulk of the events lies: rows per day [{period, events}] -> {lo, hi} (ms), the
 * days holding the 1st and the 99th percentile of events (so that a few events dated
 * decades away do not squeeze the rest into a sliver), the full range, and the bin
 * ("day", "week" or "month") that suits the span.
 */
export function bulkRange(rows, { lower = 0.01, upper = 0.99 } = {}) {
  const pts = rows.map((r) => ({ t: parseDay(r.period), n: +r.events || (+r.cooperative || 0) + (+r.conflictual || 0) || 1 }))
    .sort((a, b) => a.t - b.t);
  if (!pts.length) return null;
  const total = pts.reduce((s, p) => s + p.n, 0);
  let acc = 0, lo = pts[0].t, hi = pts[pts.length - 1].t, seenLo = false;
  for (const p of pts) {
    acc += p.n;
    if (!seenLo && acc > lower * total) { lo = p.t; seenLo = true; }
    if (acc >= upper * total) { hi = p.t; break; }
  }
  return { lo, hi, min: pts[0].t, max: pts[pts.length - 1].t, step: stepFor(hi - lo) };
}

/** day up to four months, week up to three years, month beyond. */
export function stepFor(spanMs) {
  const days = spanMs / DAY;
  return days <= 120 ? "day" : days <= 3 * 366 ? "week" : "month";
}

/**
 * Timeline of events per period, cooperative above the axis and conflictual below.
 * rows: [{period: "YYYY-MM-DD", cooperative: n, conflictual: n}] per day (or already per
 * step); step: "day" | "week" | "month" (rows are summed into these bins). domain: [lo, hi]
 * days in ms to show (default: all); events outside it are counted at the edges.
 * Dragging across the chart calls onBrush(fromDay, toDay); a double click calls onBrush(null, null).
 */
export function drawTimeline(host, rows, { step = "day", onBrush = null, selected = null, height = 190, domain = null } = {}) {
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
  const outside = { before: 0, after: 0 };
  const bins = new Map();
  for (const r of rows) {
    const day = parseDay(r.period), up = +r.cooperative || 0, down = +r.conflictual || 0;
    const n = +r.events || up + down;
    if (domain && day < domain[0]) { outside.before += n; continue; }
    if (domain && day > domain[1]) { outside.after += n; continue; }
    const t = binStart(day, step);
    const b = bins.get(t) || { t, end: binEnd(t, step), up: 0, down: 0 };
    b.up += up; b.down += down;
    bins.set(t, b);
  }
  const pts = [...bins.values()].sort((a, b) => a.t - b.t);
  let t0 = domain ? binStart(domain[0], step) : Math.min(...pts.map((p) => p.t));
  let t1 = domain ? binEnd(binStart(domain[1], step), step) : Math.max(...pts.map((p) => p.end));
  const unit = binEnd(t0, step) - t0;
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
  const bw = (p) => Math.min(40, Math.max(1.5, x(p.end) - x(p.t) - 1));
  svg.dataset.from = isoDay(t0);
  svg.dataset.to = isoDay(t1 - DAY);
  svg.dataset.step = step;

  if (selected && selected[0] && selected[1]) {
    const a = x(parseDay(selected[0])), b = x(parseDay(selected[1]) + DAY);
    el("rect", { class: "sel", x: Math.max(m.l, a), y: m.t, width: Math.max(0, Math.min(b, m.l + iw) - Math.max(m.l, a)), height: ih }, svg);
  }
  const bars = el("g", {}, svg);
  for (const p of pts) {
    const label = `${isoDay(p.t)}${step === "day" ? "" : " (" + step + ")"}: ${p.up} cooperative, ${p.down} conflictual`;
    if (p.up) {
      const r = el("rect", { class: "bar-coop", x: x(p.t), y: yUp(p.up), width: bw(p), height: mid - yUp(p.up) }, bars);
      el("title", {}, r).textContent = label;
    }
    if (p.down) {
      const r = el("rect", { class: "bar-conf", x: x(p.t), y: mid, width: bw(p), height: yDown(p.down) - mid }, bars);
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
  for (let i = 0; i <= ticks; i++) {
    const t = binStart(t0 + ((t1 - t0) * i) / ticks, "day");
    const day = Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), new Date(t).getUTCDate());
    const tx = x(day);
    el("line", { x1: tx, x2: tx, y1: m.t + ih, y2: m.t + ih + 4 }, ax);
    el("text", { x: tx, y: height - 6, "text-anchor": i === 0 ? "start" : i === ticks ? "end" : "middle" }, ax)
      .textContent = step === "month" ? isoDay(day).slice(0, 7) : isoDay(day);
  }
  // Events outside the domain: counted at the edges.
  if (outside.before) {
    el("text", { class: "outside before", x: m.l + 3, y: m.t + 10, "text-anchor": "start" }, svg)
      .textContent = `◀ ${outside.before} earlier`;
  }
  if (outside.after) {
    el("text", { class: "outside after", x: m.l + iw - 3, y: m.t + 10, "text-anchor": "end" }, svg)
      .textContent = `${outside.after} later ▶`;
  }
  svg.dataset.before = outside.before;
  svg.dataset.after = outside.after;
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
    const floorDay = (t) => Math.floor(t / DAY) * DAY;
    const from = binStart(floorDay(tOf(a)), step);
    const last = binStart(floorDay(tOf(b) - 1), step);
    const to = binEnd(last, step) - DAY;
    onBrush(isoDay(from), isoDay(Math.max(from, to)));
  };
  svg.addEventListener("mouseup", finish);
  svg.addEventListener("mouseleave", finish);
  svg.addEventListener("dblclick", () => onBrush(null, null));
  return svg;
}

/**
 * Places labels in a column without overlap: items [{y}] (wanted y, sorted here) get
 * item.ly, at least `gap` apart and inside [top, bottom], as near the wanted y as a
 * forward then a backward sweep allows. Needs (items - 1) * gap <= bottom - top.
 */
export function spreadLabels(items, gap, top, bottom) {
  items.sort((a, b) => a.y - b.y);
  let prev = -Infinity;
  for (const it of items) { it.ly = Math.max(it.y, prev + gap, top); prev = it.ly; }
  let next = Infinity;
  for (let i = items.length - 1; i >= 0; i--) {
    items[i].ly = Math.min(items[i].ly, next - gap, bottom);
    next = items[i].ly;
  }
  return items;
}

/**
 * Network of who acts on whom on a circle, labels outside it in two columns that never
 * overlap. net: {nodes: [{name, country, events}], other: {nodes, events}, edges: [{source,
 * source_country, target, target_country, events, cooperative, conflictual, goldstein,
 * tone}]} as /api/network answers (a null source or target is the folded "other" node).
 * Edge width = events; colour = mean tone (or Goldstein). onNode(node) on a click of a
 * node, onLabel(node) on a click of its label.
 */
export function drawNetwork(host, net, { onNode = null, onLabel = null, height = 360 } = {}) {
  host.innerHTML = "";
  const width = Math.max(host.clientWidth || 800, 320);
  const key = (name, country) => (name === null || name === undefined ? "\u0000other" : `${name}\u0001${country || ""}`);
  const nodes = net.nodes.map((d) => ({ ...d, id: key(d.name, d.country),
    label: d.country && d.country !== d.name ? `${d.name} (${d.country})` : d.name }));
  if (net.other && net.other.nodes) {
    nodes.push({ id: key(null), name: null, other: true, events: net.other.events,
      label: `${net.other.nodes} other${net.other.nodes === 1 ? "" : "s"}` });
  }
  const rowH = 15, perSide = Math.ceil(nodes.length / 2);
  height = Math.max(height, perSide * rowH + 40);
  const svg = el("svg", { class: "network", viewBox: `0 0 ${width} ${height}`, height, role: "img",
    "aria-label": "Network: who acts on whom" }, host);
  if (!net.edges.length) {
    el("text", { x: width / 2, y: height / 2, "text-anchor": "middle" }, svg).textContent =
      "No events with both a source and a target match.";
    return svg;
  }
  const labelW = Math.min(170, Math.max(60, (width - 160) / 2 - 20));
  const maxChars = Math.floor((labelW - 8) / 6.4);
  const cx = width / 2, cy = height / 2;
  const R = Math.max(30, Math.min(width / 2 - labelW - 26, height / 2 - 24));
  const n = nodes.length;
  nodes.forEach((d, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    d.x = cx + R * Math.cos(a); d.y = cy + R * Math.sin(a); d.right = Math.cos(a) >= -1e-9;
  });
  const pos = new Map(nodes.map((d) => [d.id, d]));
  const maxE = Math.max(1, ...net.edges.map((e) => e.events));
  const maxN = Math.max(1, ...nodes.map((d) => d.events));
  const radius = (d) => 3.5 + 8 * Math.sqrt(d.events / maxN);
  const gE = el("g", { class: "edges" }, svg), gN = el("g", { class: "nodes" }, svg);
  const gL = el("g", { class: "labels" }, svg);
  const score = (e) => (e.tone !== null && e.tone !== undefined ? Math.max(-1, Math.min(1, e.tone / 5))
    : e.goldstein !== null && e.goldstein !== undefined ? Math.max(-1, Math.min(1, e.goldstein / 10))
      : e.cooperative + e.conflictual ? (e.cooperative - e.conflictual) / (e.cooperative + e.conflictual) : null);
  const name = (d) => (d.other ? d.label : d.label);
  const edgesOf = new Map(nodes.map((d) => [d.id, []]));
  for (const e of net.edges) {
    const a = pos.get(key(e.source, e.source_country)), b = pos.get(key(e.target, e.target_country));
    if (!a || !b) continue;
    const sw = 0.8 + 6 * Math.sqrt(e.events / maxE);
    let path;
    if (a === b) { // a loop outward
      const ox = (a.x - cx) / R, oy = (a.y - cy) / R;
      const l = 26, px = -oy * 10, py = ox * 10;
      path = `M${a.x},${a.y} C${a.x + ox * l + px},${a.y + oy * l + py} ${a.x + ox * l - px},${a.y + oy * l - py} ${a.x},${a.y}`;
    } else { // a chord bent towards the centre, the source side a little to the left
      const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
      const qx = cx + (mx - cx) * 0.35 + (b.y - a.y) * 0.06, qy = cy + (my - cy) * 0.35 - (b.x - a.x) * 0.06;
      path = `M${a.x},${a.y} Q${qx},${qy} ${b.x},${b.y}`;
    }
    const p = el("path", { class: "edge", d: path, stroke: toneColour(score(e)), "stroke-width": sw }, gE);
    const tip = `${name(a)} → ${name(b)}: ${e.events} event(s), ${e.cooperative} cooperative, ${e.conflictual} conflictual` +
      (e.goldstein !== null && e.goldstein !== undefined ? `, mean Goldstein ${e.goldstein}` : "") +
      (e.tone !== null && e.tone !== undefined ? `, mean tone ${e.tone}` : "");
    el("title", {}, p).textContent = tip;
    p.dataset.events = e.events;
    edgesOf.get(a.id).push(p);
    if (b !== a) edgesOf.get(b.id).push(p);
  }
  const focus = (d, on) => {
    svg.classList.toggle("focus", on);
    for (const p of edgesOf.get(d.id)) p.classList.toggle("hl", on);
  };
  for (const d of nodes) {
    const g = el("g", { class: "node" + (d.other ? " other" : ""), transform: `translate(${d.x},${d.y})`, tabindex: 0 }, gN);
    el("circle", { r: radius(d) }, g);
    const deg = edgesOf.get(d.id).reduce((s, p) => s + +p.dataset.events, 0);
    el("title", {}, g).textContent = `${d.label}: ${d.events} event(s)` + (d.other ? " (the actors not shown, together)" : "") +
      (deg ? `; ${edgesOf.get(d.id).length} link(s) shown` : "");
    g.dataset.name = d.name ?? "";
    g.addEventListener("mouseenter", () => focus(d, true));
    g.addEventListener("mouseleave", () => focus(d, false));
    if (onNode && !d.other) {
      g.addEventListener("click", () => onNode(d));
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onNode(d); });
    }
  }
  // Labels: two columns outside the circle, spread so that none overlaps another.
  for (const right of [true, false]) {
    const side = spreadLabels(nodes.filter((d) => d.right === right), rowH, 12, height - 8);
    const lx = right ? cx + R + 22 : cx - R - 22;
    for (const d of side) {
      el("line", { class: "leader", x1: d.x + (right ? 1 : -1) * (radius(d) + 1), y1: d.y, x2: lx + (right ? -3 : 3), y2: d.ly }, gL);
      const text = d.label.length > maxChars ? d.label.slice(0, maxChars - 1) + "…" : d.label;
      const t = el("text", { class: "label" + (d.other ? " other" : ""), x: lx, y: d.ly + 4, "text-anchor": right ? "start" : "end" }, gL);
      t.textContent = text;
      el("title", {}, t).textContent = `${d.label}: ${d.events} event(s)`;
      t.dataset.name = d.name ?? "";
      t.addEventListener("mouseenter", () => focus(d, true));
      t.addEventListener("mouseleave", () => focus(d, false));
      if (onLabel && !d.other) t.addEventListener("click", () => onLabel(d));
    }
  }
  return svg;
}
