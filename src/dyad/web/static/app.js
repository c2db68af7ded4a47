// dyad's web page: a small hash-routed single page over the read-only JSON API.
import { QUAD, bulkRange, drawNetwork, drawTimeline, stepFor, toneColour } from "./charts.js";
import { annotations, renderHighlighted, summary } from "./highlight.js";
import { drawMap, loadWorld } from "./map.js";

const main = document.getElementById("main");
const tooltip = document.getElementById("tooltip");

// The filters the page offers; the same names as the API's query parameters.
export const FILTERS = ["words", "type", "quad_class", "country", "actor", "sector", "place", "since", "until"];
const FILTER_LABELS = {
  words: "words", type: "event type", quad_class: "quad class", country: "country", actor: "actor",
  sector: "sector", place: "place", since: "from", until: "to",
};
const PAGE = 25;

// ---------------------------------------------------------------- helpers
function h(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false)
    e.appendChild(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}

async function api(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") qs.set(k, v);
  const url = "/api/" + path + (qs.toString() ? "?" + qs : "");
  let res = await fetch(url, { headers: { Accept: "application/json" } });
  // 503 with Retry-After: a writer holds the database for a moment; try again a few times.
  for (let i = 0; i < 3 && res.status === 503 && res.headers.get("Retry-After"); i++) {
    await new Promise((ok) => setTimeout(ok, 1000 * (+res.headers.get("Retry-After") || 2)));
    res = await fetch(url, { headers: { Accept: "application/json" } });
  }
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) {
    const msg = body && body.detail ? (typeof body.detail === "string" ? body.detail
      : body.detail.map((d) => `${(d.loc || []).slice(-1)[0]}: ${d.msg}`).join("; ")) : res.statusText;
    throw new Error(`${res.status}: ${msg}`);
  }
  return body;
}

function apiUrl(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") qs.set(k, v);
  return "/api/" + path + (qs.toString() ? "?" + qs : "");
}

function route() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query = ""] = raw.split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

function go(parts, params = null) {
  const p = "#/" + parts.map(encodeURIComponent).join("/");
  const q = params && params.toString();
  location.hash = q ? p + "?" + q : p;
}

const link = (parts, text, params = null, attrs = {}) => {
  const q = params && new URLSearchParams(params).toString();
  return h("a", { href: "#/" + parts.map(encodeURIComponent).join("/") + (q ? "?" + q : ""), ...attrs }, text);
};

// An actor reference {name, country, sector}, or the prefix of flat columns (source_name, ...).
function ref(row, prefix) {
  return { name: row[prefix + "_name"], country: row[prefix + "_country"], sector: row[prefix + "_sector"] };
}

function actorLink(name, country, text = null) {
  return link(["actor", name], text || name, country ? { country } : null);
}

function who(r) {
  if (!r || !r.name) return h("span", { class: "muted" }, r && r.country ? r.country : "—");
  return h("span", {}, actorLink(r.name, r.country), r.country ? h("span", { class: "muted" }, ` ${r.country}`) : null,
    r.sector ? h("span", { class: "muted" }, ` ${r.sector}`) : null);
}

function quadBadge(q) {
  if (!q) return h("span", { class: "muted" }, "");
  return h("span", { class: "badge " + (q <= 2 ? "coop" : "conf"), title: QUAD[q] }, `Q${q}`);
}

function fmt(v, digits = 1) {
  return v === null || v === undefined || v === "" ? "" : typeof v === "number" ? v.toFixed(digits) : v;
}

function showError(host, err) {
  host.appendChild(h("p", { class: "error", role: "alert" }, String(err.message || err)));
}

function wireTooltips(root) {
  root.addEventListener("mouseover", (ev) => {
    const t = ev.target.closest("[data-tip]");
    if (!t) return;
    tooltip.textContent = t.dataset.tip;
    tooltip.hidden = false;
  });
  root.addEventListener("mousemove", (ev) => {
    if (tooltip.hidden) return;
    tooltip.style.left = ev.clientX + 14 + "px";
    tooltip.style.top = ev.clientY + 14 + "px";
  });
  root.addEventListener("mouseout", (ev) => { if (ev.target.closest("[data-tip]")) tooltip.hidden = true; });
}

// ---------------------------------------------------------------- explore (search + facets)
function currentFilters(params) {
  const f = {};
  for (const k of FILTERS) if (params.get(k)) f[k] = params.get(k);
  return f;
}

async function viewExplore(params) {
  const filters = currentFilters(params);
  const tab = params.get("tab") || "events";
  const page = Math.max(0, parseInt(params.get("page") || "0", 10) || 0);
  const stepParam = ["day", "week", "month"].includes(params.get("step")) ? params.get("step") : null;
  const span = params.get("span") === "all" ? "all" : "bulk";
  const netBy = ["actor", "country", "sector"].includes(params.get("net")) ? params.get("net") : "actor";
  const netTop = Math.max(3, Math.min(100, parseInt(params.get("top") || "25", 10) || 25));
  const setParams = (changes) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v === null || v === "") p.delete(k); else p.set(k, v); }
    if (!("page" in changes)) p.delete("page");
    go([], p);
  };

  main.textContent = "";
  const side = h("aside", { class: "side" });
  const body = h("section", { class: "body" });
  main.appendChild(h("div", { class: "layout" }, side, body));

  // Search form: words and dates.
  const form = h("form", { class: "search card", id: "search" },
    h("label", { for: "f-words" }, "Words in the evidence"),
    h("input", { id: "f-words", name: "words", type: "search", value: filters.words || "", placeholder: "e.g. cease-fire" }),
    h("div", { class: "row" },
      h("div", {}, h("label", { for: "f-since" }, "From"), h("input", { id: "f-since", name: "since", type: "date", value: filters.since || "" })),
      h("div", {}, h("label", { for: "f-until" }, "To"), h("input", { id: "f-until", name: "until", type: "date", value: filters.until || "" }))),
    h("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    setParams({ words: fd.get("words").trim(), since: fd.get("since"), until: fd.get("until") });
  });
  side.appendChild(form);
  const facetBox = h("div", { id: "facets" }, h("p", { class: "muted" }, "Loading facets…"));
  side.appendChild(facetBox);

  // Active filters as removable chips.
  const chips = h("div", { class: "chips", id: "chips" });
  for (const [k, v] of Object.entries(filters)) {
    chips.appendChild(h("span", { class: "chip", dataset: { filter: k } }, `${FILTER_LABELS[k]}: ${k === "quad_class" ? QUAD[v] || v : v}`,
      h("a", { href: "#", title: "remove this filter", onclick: (ev) => { ev.preventDefault(); setParams({ [k]: null }); } }, "×")));
  }
  if (!Object.keys(filters).length) chips.appendChild(h("span", { class: "muted" }, "No filters: all events. Click a facet or a place on the map, search, or brush the timeline."));
  body.appendChild(chips);

  // Timeline: by default the dates that hold the bulk of the events (1st to 99th percentile).
  const stepLinks = h("span", { id: "tl-steps" });
  const spanLink = h("span", { id: "tl-span" });
  const tlCard = h("div", { class: "card" },
    h("div", { class: "downloads" }, stepLinks, " · ", spanLink),
    h("h2", {}, "Timeline"),
    h("div", { class: "legend" }, h("span", {}, h("i", { style: "background:var(--coop)" }), "cooperative (quad class 1–2)"),
      h("span", {}, h("i", { style: "background:var(--conf)" }), "conflictual (quad class 3–4)"),
      h("span", {}, "drag to filter by dates, double-click to clear")));
  const tlHost = h("div", { id: "timeline" });
  tlCard.appendChild(tlHost);
  const drawTl = (rows) => {
    const bulk = bulkRange(rows);
    const all = span === "all" || !bulk;
    const lo = bulk && (all ? bulk.min : bulk.lo), hi = bulk && (all ? bulk.max : bulk.hi);
    const auto = bulk ? stepFor(hi - lo) : "day";
    const step = stepParam || auto;
    stepLinks.textContent = "";
    stepLinks.append("per ");
    ["day", "week", "month"].forEach((s, i) => {
      if (i) stepLinks.append(" · ");
      stepLinks.append(s === step ? h("b", {}, s) : h("a", { href: "#", dataset: { step: s },
        onclick: (e) => { e.preventDefault(); setParams({ step: s === auto ? null : s }); } }, s));
    });
    spanLink.textContent = "";
    if (bulk && (bulk.lo > bulk.min || bulk.hi < bulk.max)) {
      spanLink.append(all ? h("a", { href: "#", id: "tl-bulk", onclick: (e) => { e.preventDefault(); setParams({ span: null }); } },
        "show the bulk of the dates")
        : h("a", { href: "#", id: "tl-all", title: "include the few events dated far from the rest",
          onclick: (e) => { e.preventDefault(); setParams({ span: "all" }); } },
        `show all dates (${new Date(bulk.min).getUTCFullYear()}–${new Date(bulk.max).getUTCFullYear()})`));
    }
    drawTimeline(tlHost, rows, { step, selected: [filters.since, filters.until], height: 260,
      domain: bulk ? [lo, hi] : null, onBrush: (a, b) => setParams({ since: a, until: b }) });
  };

  // Network: the top N actors, countries or sectors; the rest folded into one node.
  const netControls = h("div", { class: "downloads net-controls" },
    h("select", { id: "net-by", "aria-label": "network of", onchange: (e) => setParams({ net: e.target.value === "actor" ? null : e.target.value }) },
      [["actor", "actors"], ["country", "countries"], ["sector", "sectors"]].map(([v, t]) => h("option", { value: v, selected: v === netBy }, t))),
    " top ",
    h("input", { id: "net-top", type: "number", min: 3, max: 100, value: netTop, "aria-label": "how many nodes",
      onchange: (e) => setParams({ top: +e.target.value === 25 ? null : e.target.value }) }));
  const netCard = h("div", { class: "card" }, netControls, h("h2", {}, "Who acts on whom"),
    h("div", { class: "legend" }, h("span", {}, "edge width = events; colour = mean tone:"),
      h("span", {}, h("i", { style: `background:${toneColour(-1)}` }), "negative"),
      h("span", {}, h("i", { style: `background:${toneColour(0)}` }), "neutral"),
      h("span", {}, h("i", { style: `background:${toneColour(1)}` }), "positive"),
      h("span", {}, "hover for counts; click a node to filter, a name to open it")));
  const netHost = h("div", { id: "network" });
  netCard.appendChild(netHost);
  body.appendChild(tlCard);
  body.appendChild(netCard);

  // Map: events by place, under every filter (a brushed date range too).
  const mapCard = h("div", { class: "card" }, h("h2", {}, "Where"),
    h("div", { class: "legend" }, [1, 2, 3, 4].map((q) => h("span", {}, h("i", { class: "q" + q }), QUAD[q])),
      h("span", {}, "colour = the commonest quad class at a place; size = mentions; click a place to filter")));
  const mapHost = h("div", { id: "map" });
  mapCard.appendChild(mapHost);
  body.appendChild(mapCard);

  // Lists.
  const tabs = ["events", "actors", "quotes", "articles"];
  const listCard = h("div", { class: "card", id: "lists" });
  const tabBar = h("div", { class: "tabs" }, tabs.map((t) =>
    h("a", { href: "#", class: t === tab ? "on" : null, dataset: { tab: t },
      onclick: (e) => { e.preventDefault(); setParams({ tab: t === "events" ? null : t }); } }, t)));
  listCard.appendChild(tabBar);
  const listHost = h("div", { id: "list" }, h("p", { class: "muted" }, "Loading…"));
  listCard.appendChild(listHost);
  body.appendChild(listCard);

  // Fetch everything at once.
  const pending = [
    api("facets", { ...filters, size: 100 }).then((f) => renderFacets(facetBox, f, filters, setParams)).catch((e) => { facetBox.textContent = ""; showError(facetBox, e); }),
    // The timeline keeps its whole range under a date filter, with the chosen dates shaded.
    api("timeline", { ...filters, since: null, until: null, by: "day" }).then((t) => drawTl(t.items))
      .catch((e) => showError(tlHost, e)),
    api("network", { ...filters, by: netBy, top: netTop }).then((net) => drawNetwork(netHost, net, {
      onNode: (node) => setParams({ [netBy]: node.name }),
      onLabel: (node) => (netBy === "actor" ? go(["actor", node.name], node.country ? new URLSearchParams({ country: node.country }) : null)
        : setParams({ [netBy]: node.name })),
    })).catch((e) => showError(netHost, e)),
    Promise.all([loadWorld(), api("places", { ...filters, limit: 500 })]).then(([world, p]) => drawMap(mapHost, world, p.items, {
      selected: filters.place || null,
      onPlace: (pl) => setParams({ place: filters.place === pl.place ? null : pl.place }),
    })).catch((e) => showError(mapHost, e)),
    renderList(listHost, tab, filters, page, setParams).catch((e) => { listHost.textContent = ""; showError(listHost, e); }),
  ];
  await Promise.all(pending);
  main.dataset.ready = "explore";
}

function renderFacets(host, facets, filters, setParams) {
  host.textContent = "";
  const order = [["type", "Event type"], ["quad_class", "Quad class"], ["country", "Country"],
    ["actor", "Actor"], ["sector", "Sector"]];
  for (const [key, title] of order) {
    const values = facets[key] || [];
    const card = h("div", { class: "card facet", id: "facet-" + key }, h("h3", {}, title));
    if (!values.length) card.appendChild(h("p", { class: "muted" }, "none"));
    const ul = h("ul");
    if (values.length > 8) {
      const search = h("input", { type: "search", class: "facet-search", placeholder: `find a ${title.toLowerCase()}…`,
        "aria-label": `find a ${title.toLowerCase()}` });
      search.addEventListener("input", () => {
        const q = search.value.trim().toLowerCase();
        for (const li of ul.children) li.hidden = !!q && !li.textContent.toLowerCase().includes(q);
      });
      card.appendChild(search);
    }
    for (const v of values) {
      const on = String(filters[key] || "") === String(v.value);
      const label = key === "quad_class" ? `${v.value} ${QUAD[v.value] || ""}` : v.label || v.value;
      ul.appendChild(h("li", { class: on ? "on" : null },
        h("a", { href: "#", dataset: { facet: key, value: v.value }, title: on ? "remove this filter" : "filter by this",
          onclick: (e) => { e.preventDefault(); setParams({ [key]: on ? null : v.value }); } }, label),
        h("span", { class: "n" }, v.count)));
    }
    card.appendChild(ul);
    host.appendChild(card);
  }
}

const LISTS = {
  events: {
    cols: ["date", "type", "quad", "source", "target", "where", "mentions", "evidence"],
    row: (e) => [e.date || "", link(["event", e.id], e.type), quadBadge(e.quad_class), who(ref(e, "source")), who(ref(e, "target")),
      e.place_name ? `${e.place_name}${e.place_country ? " (" + e.place_country + ")" : ""}` : "",
      e.num_mentions ?? "", h("span", { class: "sent" }, e.sentence || "")],
    num: ["mentions"],
  },
  actors: {
    cols: ["actor", "country", "sector", "as source", "as target", "quotes", "articles"],
    row: (a) => [link(["actor", String(a.id)], a.name), a.country || "", a.sector || "",
      a.as_source ?? "", a.as_target ?? "", a.quotes ?? "", a.articles ?? ""],
    num: ["as source", "as target", "quotes", "articles"],
  },
  quotes: {
    cols: ["date", "speaker", "kind", "quote", "article"],
    row: (q) => [q.date || "", who({ name: q.speaker, country: q.country }), q.kind || "", h("span", { class: "sent" }, q.text || ""),
      q.article_id ? link(["article", q.article_id], q.title || q.article_id) : ""],
    num: [],
  },
  articles: {
    cols: ["published", "title", "publisher", "events", "quotes"],
    row: (a) => [a.published || "", link(["article", a.id], a.title || a.id), a.publisher || "",
      a.events ?? "", a.quotes ?? ""],
    num: ["events", "quotes"],
  },
};

// Which explore filters each list understands, and under which API parameter name.
const LIST_PARAMS = {
  events: Object.fromEntries(FILTERS.map((k) => [k, k])),
  actors: { actor: "name", country: "country", sector: "sector" },
  quotes: { actor: "speaker", country: "country", words: "words", since: "since", until: "until" },
  articles: { words: "words", since: "since", until: "until" },
};

async function renderList(host, tab, filters, page, setParams) {
  const spec = LISTS[tab] || LISTS.events;
  const params = {};
  const ignored = [];
  for (const [k, v] of Object.entries(filters)) {
    if (LIST_PARAMS[tab][k]) params[LIST_PARAMS[tab][k]] = v; else ignored.push(FILTER_LABELS[k]);
  }
  const data = await api(tab, { ...params, limit: PAGE, offset: page * PAGE });
  host.textContent = "";
  host.appendChild(h("div", { class: "downloads" }, "download:",
    h("a", { href: apiUrl(tab, { ...params, format: "csv", limit: 10000 }), download: `${tab}.csv` }, "CSV"),
    h("a", { href: apiUrl(tab, { ...params, format: "jsonl", limit: 10000 }), download: `${tab}.jsonl` }, "JSON Lines"),
    h("a", { href: apiUrl(tab, { ...params, limit: 1000 }), target: "_blank" }, "JSON")));
  const first = data.offset + 1, last = data.offset + data.items.length;
  const of = data.total !== undefined ? ` of ${data.total}` : data.next_offset ? "+" : "";
  host.appendChild(h("p", { class: "muted", id: "count" }, data.items.length ? `${tab} ${first}–${last}${of}` : `no ${tab} match`,
    ignored.length ? ` (this list does not filter by ${ignored.join(", ")})` : ""));
  const table = h("table", { id: tab + "-table" },
    h("thead", {}, h("tr", {}, spec.cols.map((c) => h("th", { class: spec.num.includes(c) ? "num" : null }, c)))));
  const tb = h("tbody");
  for (const item of data.items) {
    tb.appendChild(h("tr", {}, spec.row(item).map((v, i) => h("td", {
      class: spec.num.includes(spec.cols[i]) ? "num" : null, dataset: { col: spec.cols[i] } }, v))));
  }
  table.appendChild(tb);
  host.appendChild(table);
  host.appendChild(h("div", { class: "pager" },
    page > 0 ? h("a", { href: "#", onclick: (e) => { e.preventDefault(); setParams({ page: page - 1 }); } }, "‹ previous") : null,
    h("span", {}, `page ${page + 1}`),
    data.next_offset ? h("a", { href: "#", onclick: (e) => { e.preventDefault(); setParams({ page: page + 1 }); } }, "next ›") : null));
}

// ---------------------------------------------------------------- event page
async function viewEvent(id) {
  const data = await api("events/" + encodeURIComponent(id));
  const e = data.event;
  main.textContent = "";
  main.appendChild(h("p", {}, link([], "‹ explore")));
  main.appendChild(h("h1", {}, `${e.type}: `, who(ref(e, "source")), " → ", who(ref(e, "target"))));
  main.appendChild(h("div", { class: "card" }, h("dl", { class: "kv", id: "event-facts" },
    h("dt", {}, "event id"), h("dd", {}, e.id),
    h("dt", {}, "date"), h("dd", {}, e.date || "unknown"),
    h("dt", {}, "quad class"), h("dd", {}, quadBadge(e.quad_class), " ", QUAD[e.quad_class] || ""),
    h("dt", {}, "CAMEO"), h("dd", {}, e.cameo || ""),
    h("dt", {}, "Goldstein"), h("dd", {}, fmt(e.goldstein)),
    h("dt", {}, "mode"), h("dd", {}, e.mode || "—"),
    h("dt", {}, "place"), h("dd", {}, e.place_name ? `${e.place_name} ${e.place_country || ""}` : e.place_country || "—"),
    h("dt", {}, "mentions"), h("dd", {}, `${e.num_mentions} in ${e.num_articles} article(s) from ${e.num_sources} source(s)`),
    h("dt", {}, "seen"), h("dd", {}, `${e.first_seen || "?"} to ${e.last_seen || "?"}`),
    h("dt", {}, "average tone"), h("dd", {}, fmt(e.avg_tone, 2)))));
  main.appendChild(h("div", { class: "downloads" }, "download mentions:",
    h("a", { href: apiUrl(`events/${e.id}/mentions`, { format: "csv", limit: 10000 }), download: `event-${e.id}-mentions.csv` }, "CSV"),
    h("a", { href: apiUrl(`events/${e.id}/mentions`, { format: "jsonl", limit: 10000 }), download: `event-${e.id}-mentions.jsonl` }, "JSON Lines")));
  main.appendChild(h("h2", {}, `Mentions across articles (${data.mentions.length})`));
  const ul = h("ul", { class: "plain card", id: "mentions" });
  for (const m of data.mentions) {
    const sent = m.sentence || "";
    const trig = m.trigger || "";
    const at = trig ? sent.indexOf(trig) : -1;
    const quote = at >= 0 ? h("blockquote", {}, sent.slice(0, at), h("mark", {}, trig), sent.slice(at + trig.length))
      : h("blockquote", {}, sent);
    ul.appendChild(h("li", {}, link(["article", m.article_id], m.title || m.article_id, { event: m.idx }),
      h("span", { class: "muted" }, ` ${m.published || ""} · ${m.publisher || ""}`),
      m.reported_by_name ? h("span", { class: "muted" }, ` · reported by ${m.reported_by_name}`) : null,
      quote));
  }
  main.appendChild(ul);
  main.dataset.ready = "event";
}

// ---------------------------------------------------------------- article page
async function viewArticle(id, params) {
  const rec = await api("articles/" + encodeURIComponent(id));
  main.textContent = "";
  const anns = annotations(rec);
  main.appendChild(h("p", {}, link([], "‹ explore")));
  main.appendChild(h("h1", {}, rec.title || rec.id));
  main.appendChild(h("p", { class: "muted" }, [rec.published, rec.publisher, rec.credit].filter(Boolean).join(" · "),
    /^https?:\/\//i.test(rec.url || "") ? h("span", {}, " · ", h("a", { href: rec.url, rel: "noopener noreferrer", target: "_blank" }, "original")) : null));
  const counts = {};
  for (const a of anns) counts[a.kind] = (counts[a.kind] || 0) + 1;
  main.appendChild(h("div", { class: "legend" }, ["actor", "quote", "event", "place", "time"].map((k) =>
    h("span", {}, h("i", { class: "k-" + k }), `${k}s (${counts[k] || 0})`)), h("span", {}, "hover for a summary, click for the detail")));
  const textBox = h("div", { class: "article-text", id: "article-text" });
  renderHighlighted(textBox, rec.text, anns);
  for (const span of textBox.querySelectorAll(".ann")) {
    span.dataset.tip = span.dataset.anns.split(",").map((i) => summary(anns[+i])).join("\n");
  }
  const detail = h("div", { class: "card detail", id: "detail" }, h("p", { class: "muted" }, "Click a highlighted stretch of text to see what dyad read there."));
  textBox.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && ev.target.closest(".ann")) ev.target.closest(".ann").click();
  });
  textBox.addEventListener("click", (ev) => {
    const t = ev.target.closest(".ann");
    if (!t) return;
    for (const a of textBox.querySelectorAll(".ann.active")) a.classList.remove("active");
    t.classList.add("active");
    showDetail(detail, t.dataset.anns.split(",").map((i) => anns[+i]), rec);
  });
  wireTooltips(textBox);
  main.appendChild(h("div", { class: "layout", style: "grid-template-columns: 1fr 340px" },
    h("div", { class: "card" }, textBox), detail));

  // Lists below the text.
  const evIds = rec.event_ids || [];
  const events = h("table", { id: "article-events" }, h("thead", {}, h("tr", {}, ["type", "source", "target", "date", "evidence"].map((c) => h("th", {}, c)))),
    h("tbody", {}, (rec.events || []).map((e, i) => h("tr", {}, h("td", {}, evIds[i] ? link(["event", evIds[i]], e.type) : e.type,
      e.negated ? " (negated)" : "", e.hypothetical ? " (hypothetical)" : ""),
    h("td", {}, who(e.source)), h("td", {}, who(e.target)), h("td", {}, e.date || ""), h("td", { class: "sent" }, e.sentence || "")))));
  const quotes = h("ul", { class: "plain", id: "article-quotes" }, (rec.quotes || []).map((q) => h("li", {}, who(q.speaker), h("span", { class: "muted" }, ` ${q.kind}${q.cue ? ", " + q.cue : ""}`), h("blockquote", {}, q.text))));
  const actors = h("table", { id: "article-actors" }, h("thead", {}, h("tr", {}, ["actor", "country", "sector", "title", "mentions"].map((c) => h("th", {}, c)))),
    h("tbody", {}, (rec.actors || []).map((a) => h("tr", {}, h("td", {}, actorLink(a.name, a.country)), h("td", {}, a.country || ""),
      h("td", {}, a.sector || ""), h("td", {}, a.title || ""), h("td", { class: "num" }, (a.mentions || []).length)))));
  main.appendChild(h("div", { class: "grid2" },
    h("div", { class: "card" }, h("h2", {}, `Events (${(rec.events || []).length})`), events),
    h("div", { class: "card" }, h("h2", {}, `Quotes (${(rec.quotes || []).length})`), quotes)));
  main.appendChild(h("div", { class: "grid2" },
    h("div", { class: "card" }, h("h2", {}, `Actors (${(rec.actors || []).length})`), actors),
    h("div", { class: "card" }, h("h2", {}, "Places and times"),
      h("ul", { class: "plain", id: "article-places" }, groupPlaces(rec.places || []).map(([p, n]) => h("li", {}, `${p.name} `,
        h("span", { class: "muted" }, [p.country, p.feature, n > 1 ? `${n} mentions` : null].filter(Boolean).join(" · ")))),
        (rec.times || []).map((t) => h("li", {}, `${t.text} `, h("span", { class: "muted" }, `= ${t.value || "?"}`)))))));
  const focus = params.get("event");
  if (focus !== null) {
    const i = anns.findIndex((a) => a.kind === "event" && String(a.index) === focus);
    if (i >= 0) {
      const t = [...textBox.querySelectorAll(".ann")].find((s) => s.dataset.anns.split(",").includes(String(i)));
      if (t) { t.classList.add("active"); t.scrollIntoView({ block: "center" }); showDetail(detail, [anns[i]], rec); }
    }
  }
  main.dataset.ready = "article";
}

// Places named several times, once each with how often: [[place, count]].
function groupPlaces(places) {
  const seen = new Map();
  for (const p of places) {
    const key = `${p.name}|${p.country || ""}`;
    if (seen.has(key)) seen.get(key)[1] += 1; else seen.set(key, [p, 1]);
  }
  return [...seen.values()];
}

function showDetail(host, list, rec) {
  host.textContent = "";
  for (const a of list) {
    const it = a.item;
    const dl = h("dl");
    const row = (k, v) => { if (v !== null && v !== undefined && v !== "") dl.append(h("dt", {}, k), h("dd", {}, v)); };
    if (a.kind === "actor") {
      row("name", actorLink(it.name, it.country)); row("country", it.country); row("sector", it.sector);
      row("title", it.title); row("kind", it.kind); row("aliases", (it.aliases || []).join(", "));
      row("mentions", (it.mentions || []).length); row("provenance", it.provenance);
    } else if (a.kind === "quote") {
      row("speaker", who(it.speaker)); row("kind", it.kind); row("cue", it.cue); row("date", it.date); row("text", it.text);
    } else if (a.kind === "event") {
      row("type", it.type); row("source", who(it.source)); row("target", who(it.target)); row("CAMEO", it.cameo);
      row("quad class", it.quad_class ? `${it.quad_class} ${QUAD[it.quad_class]}` : null); row("Goldstein", fmt(it.goldstein));
      row("date", it.date ? `${it.date} (${it.date_source || "?"})` : null); row("place", it.place && it.place.name);
      row("negated", it.negated ? "yes" : null); row("hypothetical", it.hypothetical ? "yes" : null);
      row("reported by", it.reported_by ? who(it.reported_by) : null); row("trigger", it.trigger); row("coded by", it.coder ? it.coder + (it.rule ? " / " + it.rule : "") : it.lexicon_id);
      const ids = rec.event_ids || [];
      if (ids[a.index]) row("all mentions", link(["event", ids[a.index]], "event page"));
    } else if (a.kind === "place") {
      row("name", it.name); row("country", it.country); row("feature", it.feature);
      row("lat, lon", it.lat !== null && it.lat !== undefined ? `${fmt(it.lat, 3)}, ${fmt(it.lon, 3)}` : null);
      row("GeoNames", it.geonames_id);
    } else if (a.kind === "time") {
      row("text", it.text); row("value", it.value); row("granularity", it.granularity); row("kind", it.kind);
    }
    host.appendChild(h("div", { class: "item", dataset: { kind: a.kind } }, h("h3", {}, a.kind), dl));
  }
}

// ---------------------------------------------------------------- actor page
async function viewActor(key, params) {
  const step = params.get("step") === "week" ? "week" : "day";
  const data = await api("actors/" + encodeURIComponent(key), { country: params.get("country"), by: step });
  const a = data.actor;
  main.textContent = "";
  main.appendChild(h("p", {}, link([], "‹ explore")));
  main.appendChild(h("h1", {}, a.name, h("span", { class: "muted" }, ` ${a.country || ""} ${a.sector || ""}`)));
  const r = data.roles || {};
  main.appendChild(h("div", { class: "card" }, h("dl", { class: "kv" },
    h("dt", {}, "aliases"), h("dd", { id: "aliases" }, (a.aliases || []).join(", ") || "—"),
    h("dt", {}, "titles"), h("dd", {}, (a.titles || []).join(", ") || "—"),
    h("dt", {}, "kind"), h("dd", {}, a.kind || "—"),
    h("dt", {}, "roles"), h("dd", { id: "roles" }, `source of ${r.source} event(s) · target of ${r.target} · speaker of ${r.speaker} quote(s)`),
    h("dt", {}, "named"), h("dd", {}, `${r.mentions} time(s) in ${r.articles} article(s)`),
    h("dt", {}, "explore"), h("dd", {}, link([], "this actor's events, network and timeline", { actor: a.name })))));
  const types = data.roles_by_type || [];
  if (types.length) {
    main.appendChild(h("div", { class: "card" }, h("h2", {}, "What it does, and what is done to it"),
      h("table", { id: "actor-roles" }, h("thead", {}, h("tr", {}, ["event type", "as source", "as target"].map((c, i) => h("th", { class: i ? "num" : null }, c)))),
        h("tbody", {}, types.map((t) => h("tr", {},
          h("td", {}, link([], t.type, { actor: a.name, type: t.type })),
          h("td", { class: "num" }, t.as_source), h("td", { class: "num" }, t.as_target)))))));
  }
  const tl = h("div", { id: "actor-timeline" });
  main.appendChild(h("div", { class: "card" }, h("h2", {}, `Events over time (per ${step})`), tl));
  drawTimeline(tl, data.timeline || [], { step, height: 150 });
  const evs = h("table", { id: "actor-events" }, h("thead", {}, h("tr", {}, ["date", "type", "quad", "source", "target", "evidence"].map((c) => h("th", {}, c)))),
    h("tbody", {}, (data.events || []).map((e) => h("tr", {}, h("td", {}, e.date || ""), h("td", {}, link(["event", e.id], e.type)),
      h("td", {}, quadBadge(e.quad_class)), h("td", {}, who(ref(e, "source"))), h("td", {}, who(ref(e, "target"))),
      h("td", { class: "sent" }, e.sentence || "")))));
  const qs = h("ul", { class: "plain", id: "actor-quotes" }, (data.quotes || []).map((q) => h("li", {},
    h("span", { class: "muted" }, `${q.date || ""} · ${q.kind || ""} · `),
    q.article_id ? link(["article", q.article_id], q.title || "article") : null, h("blockquote", {}, q.text))));
  main.appendChild(h("div", { class: "grid2" },
    h("div", { class: "card" }, h("h2", {}, `Events (${(data.events || []).length})`), evs),
    h("div", { class: "card" }, h("h2", {}, `Quotes (${(data.quotes || []).length})`), qs)));
  main.dataset.ready = "actor";
}

// ---------------------------------------------------------------- API reference (from the OpenAPI description)
async function viewApi() {
  const res = await fetch("/api/openapi.json");
  const spec = await res.json();
  main.textContent = "";
  main.appendChild(h("p", {}, link([], "‹ explore")));
  main.appendChild(h("h1", {}, "HTTP API"));
  main.appendChild(h("p", { class: "muted" }, spec.info.description || "",
    " The machine-readable description: ", h("a", { href: "/api/openapi.json" }, "/api/openapi.json"), "."));
  for (const [path, ops] of Object.entries(spec.paths)) {
    const op = ops.get;
    if (!op) continue;
    const params = op.parameters || [];
    main.appendChild(h("div", { class: "card" },
      h("h2", {}, h("code", {}, "GET " + path)), h("p", {}, op.summary || ""),
      params.length ? h("table", {}, h("thead", {}, h("tr", {}, ["parameter", "in", "type", "about"].map((c) => h("th", {}, c)))),
        h("tbody", {}, params.map((p) => h("tr", {}, h("td", {}, h("code", {}, p.name)), h("td", {}, p.in),
          h("td", {}, schemaText(p.schema || {})), h("td", {}, p.description || ""))))) : null));
  }
  main.dataset.ready = "api";
}

function schemaText(sc) {
  const alt = sc.anyOf ? sc.anyOf.filter((x) => x.type !== "null") : [sc];
  return alt.map((x) => x.enum ? x.enum.join(" | ") : (x.type || "") + (x.format ? ` (${x.format})` : "") +
    (x.maximum !== undefined ? ` ≤ ${x.maximum}` : "") + (x.minimum !== undefined ? ` ≥ ${x.minimum}` : "") +
    (x.pattern ? ` /${x.pattern}/` : "") + (x.maxLength ? ` ≤ ${x.maxLength} chars` : "")).join(" or ") +
    (sc.default !== undefined && sc.default !== null ? ` = ${sc.default}` : "");
}

// ---------------------------------------------------------------- router
async function render() {
  const { parts, params } = route();
  delete main.dataset.ready;
  tooltip.hidden = true;
  try {
    if (parts[0] === "event" && parts[1]) await viewEvent(parts[1]);
    else if (parts[0] === "article" && parts[1]) await viewArticle(parts[1], params);
    else if (parts[0] === "actor" && parts[1]) await viewActor(parts[1], params);
    else if (parts[0] === "api") await viewApi();
    else await viewExplore(params);
  } catch (err) {
    main.textContent = "";
    main.appendChild(h("p", {}, link([], "‹ explore")));
    showError(main, err);
    main.dataset.ready = "error";
  }
  window.scrollTo(0, 0);
}

window.addEventListener("hashchange", render);
render();
