// Article text with its annotations highlighted. Spans are [start, end) character
// offsets into the record's `text`; annotations may overlap (an actor inside a quote).

/**
 * Build annotations from a record: [{kind, start, end, label, item, index}].
 * kind is one of actor, quote, event, place, time.
 */
export function annotations(rec) {
  const out = [];
  const add = (kind, span, label, item, index) => {
    if (!span || span.length < 2) return;
    const [s, e] = span.map(Number);
    if (!(e > s) || s < 0 || e > rec.text.length) return;
    out.push({ kind, start: s, end: e, label, item, index });
  };
  (rec.actors || []).forEach((a, i) => (a.mentions || []).forEach((m) => add("actor", m, a.name, a, i)));
  (rec.quotes || []).forEach((q, i) => add("quote", q.span, q.speaker ? q.speaker.name : "unknown speaker", q, i));
  (rec.events || []).forEach((ev, i) => add("event", ev.span, ev.type, ev, i));
  (rec.places || []).forEach((p, i) => add("place", p.span, p.name, p, i));
  (rec.times || []).forEach((t, i) => add("time", t.span, t.value || t.text, t, i));
  return out;
}

/** One line of text saying what an annotation is, for tooltips. */
export function summary(a) {
  const it = a.item;
  const who = (r) => (r ? `${r.name}${r.country ? " (" + r.country + ")" : ""}` : "—");
  switch (a.kind) {
    case "actor": return `Actor: ${who(it)}${it.sector ? " · " + it.sector : ""}${it.title ? " · " + it.title : ""}`;
    case "quote": return `Quote (${it.kind}) by ${who(it.speaker)}`;
    case "event": return `Event ${it.type}: ${who(it.source)} → ${who(it.target)}${it.date ? " on " + it.date : ""}` +
      (it.negated ? " [negated]" : "") + (it.hypothetical ? " [hypothetical]" : "");
    case "place": return `Place: ${it.name}${it.country ? " (" + it.country + ")" : ""}`;
    case "time": return `Time: ${it.text} = ${it.value || "?"}`;
    default: return a.label;
  }
}

/**
 * Render text into `host`, wrapping each stretch covered by annotations in a
 * <span class="ann hl-KIND ..." data-anns="i,j">. Returns the annotations list.
 */
export function renderHighlighted(host, text, anns) {
  host.textContent = "";
  const cuts = new Set([0, text.length]);
  for (const a of anns) { cuts.add(a.start); cuts.add(a.end); }
  const points = [...cuts].sort((x, y) => x - y);
  for (let p = 0; p + 1 < points.length; p++) {
    const s = points[p], e = points[p + 1];
    const piece = text.slice(s, e);
    const cover = [];
    anns.forEach((a, i) => { if (a.start <= s && a.end >= e) cover.push(i); });
    if (!cover.length) { host.appendChild(document.createTextNode(piece)); continue; }
    const span = document.createElement("span");
    const kinds = new Set(cover.map((i) => anns[i].kind));
    span.className = "ann " + [...kinds].map((k) => "hl-" + k).join(" ");
    span.dataset.anns = cover.join(",");
    span.tabIndex = 0;
    span.textContent = piece;
    host.appendChild(span);
  }
  return anns;
}
