// The events map: places on a world outline (Natural Earth 1:110m, public domain, bundled as
// world-110m.json; see tools/world_outline.py), drawn in plain SVG. No tiles, no CDN.
import { QUAD, el } from "./charts.js";

let world = null;

/** The bundled world outline, fetched once per page. */
export async function loadWorld() {
  if (!world) {
    world = fetch("/static/world-110m.json").then((r) => {
      if (!r.ok) throw new Error(`the world outline did not load (${r.status})`);
      return r.json();
    });
  }
  return world;
}

// Equirectangular, cut to 60°S..84°N (Antarctica adds nothing to news maps).
const LAT_TOP = 84, LAT_BOTTOM = -60;

function projector(width, height) {
  const sx = width / 360, sy = height / (LAT_TOP - LAT_BOTTOM);
  return (lon, lat) => [(lon + 180) * sx, (LAT_TOP - lat) * sy];
}

/**
 * Draw the map. places: [{place, country, lat, lon, events, mentions, quad_class, verbal_coop, ...}].
 * Markers are coloured by their commonest quad class and sized by mentions (area ~ mentions).
 * onPlace(place) is called when a marker is clicked (or Enter is pressed on it); selected is
 * the place name currently filtered on, drawn outlined.
 */
export function drawMap(host, outline, places, { onPlace = null, selected = null } = {}) {
  host.innerHTML = "";
  const width = Math.max(host.clientWidth || 800, 320);
  const height = Math.round(width * (LAT_TOP - LAT_BOTTOM) / 360);
  const svg = el("svg", { class: "map", viewBox: `0 0 ${width} ${height}`, role: "img", overflow: "hidden",
    "aria-label": "Events by place on a world map" }, host);
  const proj = projector(width, height);
  el("rect", { class: "sea", x: 0, y: 0, width, height }, svg);
  const land = el("g", { class: "land" }, svg);
  for (const c of outline.countries) {
    let d = "";
    for (const ring of c.rings) {
      // A ring across the antimeridian runs past ±180°: draw it again 360° over.
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < ring.length; i += 2) { lo = Math.min(lo, ring[i]); hi = Math.max(hi, ring[i]); }
      const shifts = [0, ...(hi > 1800 ? [-360] : []), ...(lo < -1800 ? [360] : [])];
      for (const shift of shifts) {
        for (let i = 0; i < ring.length; i += 2) {
          const [x, y] = proj(ring[i] / 10 + shift, ring[i + 1] / 10);
          d += (i ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
        }
        d += "Z";
      }
    }
    const p = el("path", { d, "data-country": c.id || "" }, land);
    el("title", {}, p).textContent = c.name;
  }
  if (!places.length) {
    el("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, svg).textContent =
      "No events with a geocoded place match.";
    return svg;
  }
  const maxM = Math.max(1, ...places.map((p) => +p.mentions || +p.events || 1));
  const radius = (p) => 3 + 13 * Math.sqrt((+p.mentions || +p.events || 1) / maxM);
  const marks = el("g", { class: "markers" }, svg);
  // Largest first, so small markers stay clickable on top of large ones.
  for (const p of [...places].sort((a, b) => radius(b) - radius(a))) {
    const [x, y] = proj(+p.lon, +p.lat);
    const q = p.quad_class || 0;
    const on = selected && selected === p.place;
    const m = el("circle", { class: `marker q${q}` + (on ? " on" : ""), cx: x.toFixed(1), cy: y.toFixed(1),
      r: radius(p).toFixed(1), tabindex: 0, "data-place": p.place || "", "data-country": p.country || "",
      "data-quad": q, "data-mentions": p.mentions }, marks);
    const counts = [1, 2, 3, 4].map((k) => [k, +p[["", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict"][k]] || 0])
      .filter(([, n]) => n).map(([k, n]) => `${n} ${QUAD[k]}`).join(", ");
    el("title", {}, m).textContent = `${p.place}${p.country ? " (" + p.country + ")" : ""}: ${p.events} event(s), ` +
      `${p.mentions} mention(s)${counts ? "; " + counts : ""}` + (onPlace ? (on ? "; click to clear" : "; click to filter") : "");
    if (onPlace) {
      m.addEventListener("click", () => onPlace(p));
      m.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onPlace(p); });
    }
  }
  // Names beside the most mentioned places, where they do not cover another (the rest on hover).
  const labels = el("g", { class: "labels" }, svg);
  const boxes = [];
  for (const p of [...places].sort((a, b) => (+b.mentions || 0) - (+a.mentions || 0)).slice(0, 8)) {
    const [x, y] = proj(+p.lon, +p.lat);
    const box = [x + radius(p) + 3, y - 8, x + radius(p) + 3 + 6.5 * String(p.place).length, y + 6];
    if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
    boxes.push(box);
    el("text", { x: box[0].toFixed(1), y: (y + 4).toFixed(1) }, labels).textContent = p.place;
  }
  return svg;
}
