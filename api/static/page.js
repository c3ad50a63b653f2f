// factgraph's fact-checker page. Reads the GraphQL API at /graphql (queries only, never a token) and
// renders an article with its claims highlighted. Article text is untrusted: every string goes into the
// page as a text node or an attribute value, never through innerHTML.
//
// Where we are lives in the URL fragment (#doc=<id>&claim=<id>), so links between claims are plain links,
// the back button works and a view can be shared.
"use strict";

(() => {
  const PAGE_SIZE = 100; // the API's maximum page
  const FILTER_DELAY_MS = 150;

  // ---- GraphQL -------------------------------------------------------------------------------------------

  async function graphql(query, variables) {
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    if (!response.ok) throw new Error(`the API answered HTTP ${response.status}`);
    const body = await response.json();
    if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join("; "));
    return body.data;
  }

  // Every page of a connection: `select(data)` finds the connection in a response.
  async function allPages(query, variables, select, onPage) {
    let after = null;
    for (;;) {
      const data = await graphql(query, { ...variables, first: PAGE_SIZE, after });
      const connection = select(data);
      if (!connection) throw new Error("the API answered without the list asked for");
      onPage(connection);
      if (!connection.pageInfo.hasNextPage) return;
      after = connection.pageInfo.endCursor;
    }
  }

  const RELIABILITY = `fragment ReliabilityFields on Reliability {
    value default deniedOrOutvoted override { reliability note setBy createdAt }
  }`;

  const DOCUMENTS_QUERY = `query Documents($first: Int!, $after: String) {
    documents(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id title publisher publishedAt } }
    }
  }`;

  // Everything the highlights need, one page of claims at a time; the text comes with the first page.
  const DOCUMENT_QUERY = `query Document($id: ID!, $first: Int!, $after: String, $withText: Boolean!) {
    node(id: $id) {
      ... on Document {
        id title publisher url publishedAt text @include(if: $withText)
        claims(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id confidence hedged span { start end } attribution { status source { name } } } }
        }
      }
    }
  }`;

  // Every publisher's reliability, listed small under the documents.
  const PUBLISHERS_QUERY = `query Publishers { publishers { name reliability { ...ReliabilityFields } } } ${RELIABILITY}`;

  // The filters are the API's: the page asks which claims match and shows those.
  const FILTER_QUERY = `query Filtered($id: ID!, $first: Int!, $after: String, $filter: ClaimFilter) {
    node(id: $id) {
      ... on Document {
        claims(first: $first, after: $after, filter: $filter) {
          pageInfo { hasNextPage endCursor }
          edges { node { id } }
        }
      }
    }
  }`;

  // ---- DOM helpers ---------------------------------------------------------------------------------------

  const $ = (id) => document.getElementById(id);

  // el("a", { className: "x", href: "#" }, "text", child): strings become text nodes, never markup.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "className") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function clear(node, ...children) {
    node.replaceChildren(...children.filter(Boolean));
  }

  function shorten(text, limit) {
    const points = Array.from(text); // by code point, so an emoji is never cut in half
    return points.length > limit ? points.slice(0, limit).join("") + "…" : text;
  }

  const number = (value, digits = 2) => (value === null || value === undefined ? "–" : Number(value).toFixed(digits));

  // A figure a reader can redo a sum with: four decimals at most, two at least (0.6 -> 0.60, 0.456 -> 0.456).
  const exact = (value) => (value === null || value === undefined ? "–" : Number(value).toFixed(4).replace(/0{1,2}$/, ""));

  // A moment from the API (ISO 8601, UTC) as the reader's minute, in UTC so every reader sees the same.
  const when = (iso) => new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC";

  // ---- State and routing ---------------------------------------------------------------------------------

  const state = {
    documents: new Map(), // id -> {id, title, publisher, publishedAt}
    current: null, // {id, title, publisher, url, publishedAt, text, claims: Map id -> claim}
    pieces: new Map(), // claim id -> its <mark> elements in reading order (more than one when spans cross)
    selected: null,
    loading: null, // a token for the latest document asked for: a slower earlier answer is dropped
    filterRun: 0,
    panelRun: 0,
  };

  function parseLocation() {
    const params = new URLSearchParams(location.hash.slice(1));
    return { doc: params.get("doc"), claim: params.get("claim") };
  }

  function claimHref(documentId, claimId) {
    const params = new URLSearchParams({ doc: documentId });
    if (claimId) params.set("claim", claimId);
    return "#" + params.toString();
  }

  async function route() {
    const { doc, claim } = parseLocation();
    const documentId = doc || (state.documents.size ? state.documents.keys().next().value : null);
    if (!documentId) return;
    if (!state.current || state.current.id !== documentId) {
      if (!(await showDocument(documentId))) return;
      if (parseLocation().doc !== doc) return; // the reader moved on while this one loaded
    }
    if (claim) selectClaim(claim, { scroll: true });
    else deselect();
  }

  function setBusy(busy) {
    $("main").setAttribute("aria-busy", busy ? "true" : "false");
  }

  // ---- Documents -----------------------------------------------------------------------------------------

  function documentMeta(doc) {
    return [doc.publisher, doc.publishedAt].filter(Boolean).join(" · ");
  }

  async function loadDocuments() {
    const list = $("documents");
    try {
      await allPages(DOCUMENTS_QUERY, {}, (data) => data.documents, (connection) => {
        const items = document.createDocumentFragment();
        for (const { node } of connection.edges) {
          state.documents.set(node.id, node);
          items.append(el("li", {},
            el("a", { href: claimHref(node.id), dataset: { documentId: node.id } },
              el("span", { className: "title" }, node.title || "Untitled document"),
              el("span", { className: "meta" }, documentMeta(node)))));
        }
        list.append(items);
      });
      $("documents-status").textContent = state.documents.size
        ? `${state.documents.size} document${state.documents.size === 1 ? "" : "s"}`
        : "No documents yet: ingest some (factgraph ingest FILE, or factgraph seed).";
      if (!state.documents.size) {
        clear($("article"), el("p", { className: "hint" }, "Nothing to show yet."));
        setBusy(false);
      }
    } catch (error) {
      $("documents-status").textContent = `Could not load the documents: ${error.message}`;
      setBusy(false);
    }
  }

  function reliabilityText(reliability) {
    const changed = reliability.value !== reliability.default ? ` (default ${exact(reliability.default)})` : "";
    return `${exact(reliability.value)}${changed}`;
  }

  async function loadPublishers() {
    const list = $("publishers");
    try {
      const { publishers } = await graphql(PUBLISHERS_QUERY, {});
      clear(list, ...publishers.map((publisher) => el("li", { dataset: { publisher: publisher.name } },
        el("span", { className: "name" }, publisher.name), " ",
        el("span", { className: "reliability", title: "reliability, 0..1" }, reliabilityText(publisher.reliability)),
        publisher.reliability.override ? el("span", { className: "note" }, publisher.reliability.override.note) : null)));
    } catch (error) {
      clear(list, el("li", { className: "hint" }, `Could not load the publishers: ${error.message}`));
    }
  }

  function markCurrentDocument(id) {
    for (const link of $("documents").querySelectorAll("a")) {
      link.setAttribute("aria-current", link.dataset.documentId === id ? "true" : "false");
    }
  }

  // The document with all its claims: pages of 100, the text with the first page only.
  async function fetchDocument(id) {
    let doc = null;
    let after = null;
    for (;;) {
      const data = await graphql(DOCUMENT_QUERY, { id, first: PAGE_SIZE, after, withText: doc === null });
      const node = data.node;
      if (!node || !node.claims) throw new Error(`there is no document with the id ${id}`);
      if (doc === null) doc = { ...node, claims: new Map() };
      for (const { node: claim } of node.claims.edges) doc.claims.set(claim.id, claim);
      if (!node.claims.pageInfo.hasNextPage) return doc;
      after = node.claims.pageInfo.endCursor;
    }
  }

  async function showDocument(id) {
    setBusy(true);
    markCurrentDocument(id);
    const started = performance.now();
    const token = {};
    state.loading = token;
    let doc;
    try {
      doc = await fetchDocument(id);
    } catch (error) {
      if (state.loading !== token) return false;
      state.current = null;
      state.pieces = new Map();
      clear($("article"), el("p", { className: "hint" }, `Could not load the document: ${error.message}`));
      setBusy(false);
      return false;
    }
    if (state.loading !== token) return false; // another document was chosen meanwhile
    state.current = doc;
    state.selected = null;
    renderDocument(doc);
    $("article").dataset.loadMs = String(Math.round(performance.now() - started));
    await applyFilter();
    return true;
  }

  // ---- Highlights ----------------------------------------------------------------------------------------

  // Spans count Unicode code points; JavaScript strings count UTF-16 units. offsets[i] is where code
  // point i starts in UTF-16 units (offsets[length] is the string's length).
  function utf16Offsets(text) {
    const offsets = [0];
    let unit = 0;
    for (const point of text) {
      unit += point.length;
      offsets.push(unit);
    }
    return offsets;
  }

  function makePiece(claim, first) {
    const status = claim.attribution.status;
    const source = claim.attribution.source ? ` · ${claim.attribution.source.name}` : "";
    return el("mark", {
      className: `claim status-${status}`,
      tabindex: first ? "0" : null,
      title: `${status}${source} · confidence ${number(claim.confidence)}`,
      dataset: { claimId: claim.id, status },
    });
  }

  // One pass over the span boundaries builds the article as a DOM fragment. Nested spans nest; a span that
  // crosses the end of another is split into pieces, so any overlap renders, and the pieces of a claim
  // always read, in order, exactly its span.
  function highlight(text, claims) {
    const offsets = utf16Offsets(text);
    const points = offsets.length - 1;
    const starts = new Map();
    const boundaries = new Set([0, text.length]);
    const unplaced = [];
    for (const claim of claims) {
      const { start, end } = claim.span;
      if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= points)) {
        unplaced.push(claim);
        continue;
      }
      const span = { claim, start: offsets[start], end: offsets[end] };
      if (!starts.has(span.start)) starts.set(span.start, []);
      starts.get(span.start).push(span);
      boundaries.add(span.start).add(span.end);
    }
    const positions = [...boundaries].sort((a, b) => a - b);
    const root = document.createDocumentFragment();
    const pieces = new Map();
    const stack = []; // open {span, node}, outermost first
    const parent = () => (stack.length ? stack[stack.length - 1].node : root);
    const open = (span) => {
      const list = pieces.get(span.claim.id) || [];
      const node = makePiece(span.claim, list.length === 0);
      list.push(node);
      pieces.set(span.claim.id, list);
      parent().append(node);
      stack.push({ span, node });
    };
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i];
      const closing = stack.findIndex((open_) => open_.span.end === position);
      if (closing >= 0) {
        for (const { span } of stack.splice(closing)) if (span.end !== position) open(span);
      }
      const opening = starts.get(position) || [];
      opening.sort((a, b) => b.end - a.end); // the longer span outside
      for (const span of opening) open(span);
      const next = positions[i + 1];
      if (next !== undefined && next > position) parent().append(document.createTextNode(text.slice(position, next)));
    }
    return { fragment: root, pieces, unplaced };
  }

  function renderDocument(doc) {
    const started = performance.now();
    const claims = [...doc.claims.values()];
    const { fragment, pieces, unplaced } = highlight(doc.text, claims);
    state.pieces = pieces;
    // Only web links: a javascript: URL in an article's metadata must not become a link.
    const original = doc.url && /^https?:\/\//i.test(doc.url)
      ? [" · ", el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank" }, "original")] : [];
    const text = el("div", { className: "text", id: "article-text" });
    text.append(fragment);
    clear($("article"),
      el("h2", { className: "headline" }, doc.title || "Untitled document"),
      el("p", { className: "byline" }, documentMeta(doc), original,
        ` · ${claims.length} claim${claims.length === 1 ? "" : "s"}`),
      unplaced.length ? el("p", { className: "hint" }, `${unplaced.length} claim(s) have a span outside the text and are not shown.`) : null,
      text);
    const counts = {};
    for (const claim of claims) counts[claim.attribution.status] = (counts[claim.attribution.status] || 0) + 1;
    for (const output of document.querySelectorAll("[data-count-for]")) {
      output.textContent = `(${counts[output.dataset.countFor] || 0})`;
    }
    $("article").dataset.renderMs = String(Math.round(performance.now() - started));
    showPanelHint();
  }

  // ---- Filters -------------------------------------------------------------------------------------------

  // The filter bar as the API's ClaimFilter, or null when it lets every claim through. `statuses` is kept
  // apart: no status chosen shows nothing, which ClaimFilter cannot say.
  function currentFilter() {
    const boxes = [...document.querySelectorAll('input[name="status"]')];
    const statuses = boxes.filter((box) => box.checked).map((box) => box.value);
    const filter = {};
    if (statuses.length !== boxes.length) filter.status = statuses;
    const minConfidence = Number($("min-confidence").value);
    if (minConfidence > 0) filter.minConfidence = minConfidence;
    const minSourceReliability = Number($("min-source-reliability").value);
    if (minSourceReliability > 0) filter.minSourceReliability = minSourceReliability;
    if ($("corroborated").checked) filter.corroborated = true;
    if ($("contradicted").checked) filter.contradicted = true;
    const text = $("search").value.trim();
    if (text) filter.text = text;
    return { statuses, filter: Object.keys(filter).length ? filter : null };
  }

  function showSliderValues() {
    $("min-confidence-value").textContent = number($("min-confidence").value);
    $("min-source-reliability-value").textContent = number($("min-source-reliability").value);
  }

  async function applyFilter() {
    const doc = state.current;
    if (!doc) return;
    const run = ++state.filterRun;
    setBusy(true);
    const { statuses, filter } = currentFilter();
    showSliderValues();
    let visible;
    try {
      if (statuses.length === 0) visible = new Set(); // "any of" nothing
      else if (!filter) visible = new Set(doc.claims.keys());
      else {
        visible = new Set();
        await allPages(FILTER_QUERY, { id: doc.id, filter }, (data) => data.node && data.node.claims, (connection) => {
          for (const { node } of connection.edges) visible.add(node.id);
        });
      }
    } catch (error) {
      if (run === state.filterRun) {
        $("filter-summary").textContent = `Could not apply the filter: ${error.message}`;
        setBusy(false);
      }
      return;
    }
    if (run !== state.filterRun || doc !== state.current) return; // a newer filter or document won
    for (const [id, nodes] of state.pieces) {
      const off = !visible.has(id);
      for (const node of nodes) node.classList.toggle("off", off);
    }
    $("filter-summary").textContent = `Showing ${visible.size} of ${doc.claims.size} claims.`;
    setBusy(false);
  }

  let filterTimer = null;
  function filterSoon() {
    setBusy(true);
    showSliderValues();
    clearTimeout(filterTimer);
    filterTimer = setTimeout(applyFilter, FILTER_DELAY_MS);
  }

  // ---- Selection and the side panel ----------------------------------------------------------------------

  function deselect() {
    for (const node of state.pieces.get(state.selected) || []) node.classList.remove("selected");
    state.selected = null;
    showPanelHint();
  }

  function showPanelHint() {
    state.panelRun++;
    clear($("panel-body"), el("p", { className: "hint" },
      "Click a highlighted claim to see its source, its responses and the facts it supports."));
  }

  function selectClaim(id, { scroll }) {
    for (const node of state.pieces.get(state.selected) || []) node.classList.remove("selected");
    state.selected = id;
    const nodes = state.pieces.get(id) || [];
    for (const node of nodes) node.classList.add("selected");
    if (scroll && nodes.length) nodes[0].scrollIntoView({ block: "center" });
    loadPanel(id);
  }

  // A claim anywhere, as a link that selects it in its document: its words, status and where it stands.
  function claimLink(claim) {
    const doc = claim.document;
    const here = state.current && doc.id === state.current.id;
    const where = here ? "this article" : [doc.title || "Untitled document", doc.publisher, doc.publishedAt].filter(Boolean).join(" · ");
    return el("a", { className: "claim-link", href: claimHref(doc.id, claim.id), dataset: { claimId: claim.id, documentId: doc.id } },
      el("span", { className: `status-badge claim status-${claim.attribution.status}` }, claim.attribution.status),
      " ", el("span", { className: "quote" }, `“${shorten(claim.text, 220)}”`),
      claim.attribution.source ? ` (${claim.attribution.source.name})` : "",
      el("span", { className: "where" }, where));
  }

  function claimList(claims, emptyText) {
    if (!claims.length) return emptyText ? el("p", { className: "empty" }, emptyText) : null;
    return el("ul", {}, claims.map((claim) => el("li", {}, claimLink(claim))));
  }

  function definitions(rows) {
    return el("dl", {}, rows.filter(([, value]) => value !== null && value !== undefined && value !== "")
      .map(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
  }

  function money(value) {
    return value ? `${value.amount.toLocaleString("en")} ${value.currency}` : null;
  }

  function evidence(title, claims, total) {
    if (!claims.length) return null;
    const more = total && total > claims.length ? ` (first ${claims.length} of ${total})` : "";
    return el("div", {}, el("strong", {}, title + more), claimList(claims));
  }

  // "inferred" beside what the extractor worked out rather than read: a coreference ("the company"), a
  // party or a role it deduced, a date resolved against the publication date. What the article says
  // outright carries no mark.
  function basisMark(basis, why) {
    return basis === "INFERRED" ? el("span", { className: "basis-inferred", title: why }, "inferred") : null;
  }

  // A claim as a short link (its document's publisher and its source), for lists of many.
  function shortClaimLink(claim) {
    const doc = claim.document;
    const here = state.current && doc.id === state.current.id;
    const label = [here ? "this article" : doc.publisher || doc.title || "Untitled document",
      claim.attribution.source ? claim.attribution.source.name : null].filter(Boolean).join(" · ");
    return el("a", { className: "claim-link short", href: claimHref(doc.id, claim.id), title: claim.text,
      dataset: { claimId: claim.id, documentId: doc.id } }, label);
  }

  function entityCard(entity) {
    const rows = [["kind", entity.__typename]];
    if (entity.aliases.length) rows.push(["also", entity.aliases.join(", ")]);
    const trail = [];
    if (entity.__typename === "Person") {
      for (const role of entity.roles) {
        const at = role.organization ? ` at ${role.organization.name}` : "";
        rows.push(["role", [`${role.title}${at}${role.current ? "" : " (former)"} `,
          basisMark(role.basis, "the organisation is the one the story is about, not named beside the title")]]);
      }
      trail.push(evidence("Roles read from", entity.roles.map((r) => r.evidence).filter(Boolean)));
    }
    if (entity.__typename === "Vehicle") {
      if (entity.maker) rows.push(["maker", entity.maker.name]);
      for (const price of entity.prices) {
        const usd = price.usdAmount ? ` (about ${price.usdAmount.toLocaleString("en")} USD)` : "";
        rows.push(["price", `${money(price)}${usd}${price.variant ? ` · ${price.variant}` : ""}`]);
      }
      trail.push(evidence("Prices from", entity.prices.map((p) => p.claim)));
      trail.push(evidence("Evidence", entity.evidence));
    }
    if (entity.claims) trail.push(evidence("Claims naming it", entity.claims.nodes, entity.claims.totalCount));
    return el("div", { className: "fact", dataset: { entityId: entity.id } },
      el("h4", {}, entity.name), definitions(rows), trail);
  }

  // Where the claim names each entity, in reading order; a coreference is marked inferred.
  function mentionList(mentions) {
    if (!mentions.length) return null;
    return el("ul", { className: "mentions" }, mentions.map((mention) => el("li", {
      className: mention.basis === "INFERRED" ? "mention inferred" : "mention",
      dataset: { basis: mention.basis, entityId: mention.entity.id, start: mention.span.start, end: mention.span.end },
    }, el("span", { className: "words" }, `“${mention.span.text}”`), " → ", el("strong", {}, mention.entity.name),
    ` (${mention.entity.__typename}) `,
    basisMark(mention.basis, "a coreference: the article does not name it here, the extractor worked it out"))));
  }

  // One stake or value and the claims that give it. Several disagreeing figures sit side by side, best
  // supported first, as the API ranks them; none replaces another.
  function figures(title, list, format) {
    if (!list.length) return null;
    const disagree = list.length > 1;
    return el("div", { className: "figures", dataset: { figures: title } },
      el("strong", {}, disagree ? `${title}: ${list.length} values disagree (best supported first)` : title),
      el("ol", { className: disagree ? "side-by-side" : "single" }, list.map((figure) => el("li", {
        className: "figure", dataset: { amount: figure.amount },
      }, el("span", { className: "amount" }, format(figure)),
      el("span", { className: "support" },
        `${figure.origins} origin${figure.origins === 1 ? "" : "s"} · confidence ${exact(figure.confidence)}`),
      el("span", { className: "from" }, figure.claims.map(shortClaimLink))))));
  }

  // A step of a deal's history: when it happened at the text's precision (and whether that was worked out
  // from the publication date), when it was reported, and the claim that reports it.
  function historyItem(event) {
    const happened = event.date
      ? [el("time", { datetime: event.date }, event.date), ` (${event.precision.toLowerCase()}) `,
        basisMark(event.dateBasis, "resolved against the publication date (\"last month\")")]
      : el("span", { className: "undated" }, "undated, placed at its report");
    return el("li", { dataset: { status: event.status, date: event.date || "", dateBasis: event.dateBasis || "" } },
      el("strong", {}, event.status), " ", happened,
      event.reportedOn ? el("span", { className: "reported" }, ` · reported ${event.reportedOn}`) : null,
      el("span", { className: "from" }, shortClaimLink(event.claim)));
  }

  function dealCard(deal) {
    const participants = deal.participants.map((p, i) => [i ? ", " : "", p.company.name,
      p.basis === "INFERRED" ? " " : "", basisMark(p.basis, "no evidence names it, only \"it\" or \"the company\"")]);
    return el("div", { className: "fact", dataset: { dealId: deal.id } },
      el("h4", {}, `${deal.kind} · ${deal.status}`),
      definitions([
        ["parties", participants.length ? participants : null],
        ["confidence", exact(deal.confidence)],
      ]),
      figures("Stake", deal.stakes, (figure) => `${figure.amount}%`),
      figures("Value", deal.values, money),
      deal.history.length ? el("div", { className: "history" }, el("strong", {}, "History, in the order it happened"),
        el("ol", {}, deal.history.map(historyItem))) : null,
      evidence("Evidence", deal.evidence));
  }

  function summary(claim) {
    const { status, source, cue, rule } = claim.attribution;
    return el("div", {},
      el("blockquote", { id: "panel-claim-text" }, claim.text),
      definitions([
        ["status", el("span", { className: `status-badge claim status-${status}` }, status)],
        ["source", source ? `${source.name} (${source.kind})` : "none: the publisher's own reporting"],
        ["cue", cue ? `“${cue.text}”` : null],
        ["decided by", rule ? el("code", { className: "rule" }, rule) : null],
        ["confidence", exact(claim.confidence)],
        ["hedged", claim.hedged ? "yes" : "no"],
        ["span", `${claim.span.start}–${claim.span.end} (code points)`],
        ["extractor", claim.extractorVersion],
      ]));
  }

  // The confidence as the sum a reader can redo: each factor, what it does, the running value.
  function confidenceSum(claim) {
    const { value, formula, factors } = claim.confidenceExplanation;
    let total = 0;
    const rows = factors.map((factor) => {
      total = total * factor.multiply + factor.add;
      const step = [factor.multiply !== 1 ? `× ${exact(factor.multiply)}` : null,
        factor.add > 0 ? `+ ${exact(factor.add)}` : factor.add < 0 ? `− ${exact(-factor.add)}` : null];
      return el("tr", { dataset: { factor: factor.name } },
        el("td", {}, el("strong", {}, factor.name), el("span", { className: "detail" }, factor.detail)),
        el("td", { className: "step" }, step.filter(Boolean).join(" ") || "× 1"),
        el("td", { className: "total" }, exact(total)));
    });
    const clamped = total < 0.01 || total > 0.99;
    return el("div", {},
      el("table", { className: "sum" },
        el("tbody", {}, rows),
        el("tfoot", {}, el("tr", {},
          el("th", { scope: "row", colspan: "2" }, clamped ? "confidence, clamped to 0.01..0.99" : "confidence"),
          el("td", { className: "total", id: "confidence-value" }, exact(value))))),
      el("p", { className: "hint formula" }, formula));
  }

  // Statuses whose claims stand on the publisher's reliability whatever their source (the server says which).
  const PUBLISHER_VOUCHES = new Set(($("panel").dataset.publisherVouches || "").split(" ").filter(Boolean));

  function reliabilityCard(kind, name, reliability, vouches) {
    const override = reliability.override;
    return el("div", { className: "fact reliability", dataset: { reliabilityOf: kind } },
      el("h4", {}, `${kind === "source" ? "Source" : "Publisher"}: ${name}`,
        vouches ? el("span", { className: "vouches" }, "the claim stands on this") : null),
      definitions([
        ["reliability", exact(reliability.value)],
        ["default", exact(reliability.default)],
        ["record", reliability.deniedOrOutvoted
          ? `${reliability.deniedOrOutvoted} of its claims denied or outvoted: −10% each` : null],
      ]),
      override ? el("div", { className: "override" },
        el("strong", {}, "Set by a fact-checker: "),
        override.reliability === null ? "back to the default" : exact(override.reliability),
        el("span", { className: "who" }, ` · ${override.setBy} · ${when(override.createdAt)}`),
        el("p", { className: "note" }, override.note)) : null);
  }

  function reliabilities(claim, data) {
    const { status, source } = claim.attribution;
    const publisherVouches = !source || PUBLISHER_VOUCHES.has(status);
    const name = claim.document.publisher;
    const publisher = name ? data.publishers.find((p) => p.name === name) : null;
    return el("div", {},
      source ? reliabilityCard("source", `${source.name} (${source.kind})`, source.reliability, !publisherVouches) : null,
      publisher ? reliabilityCard("publisher", publisher.name, publisher.reliability, publisherVouches) : null,
      definitions([["origin", [el("code", { id: "panel-origin" }, claim.origin),
        el("span", { className: "hint" }, " claims of one origin never corroborate each other")]]]));
  }

  function reviewList(claim) {
    if (!claim.reviews.length) return el("p", { className: "empty" }, "No fact-checker has reviewed it.");
    return el("ol", { className: "reviews" }, claim.reviews.map((review) => el("li", { dataset: { reviewId: review.id } },
      el("span", { className: `rating rating-${review.ratingValue}` }, `${review.rating} (${review.ratingValue}/5)`),
      el("span", { className: "who" }, ` ${review.reviewer} · ${when(review.createdAt)}`),
      review.note ? el("p", { className: "note" }, review.note) : null)));
  }

  // The panel's sections, in order. Each names the Claim fields it needs (and any root fields), all sent as
  // one query, and renders them, or returns null to leave the section out. A new section is one more entry.
  const CLAIM_LINK = `fragment ClaimLink on Claim {
    id text attribution { status source { name } } document { id title publisher publishedAt }
  }`;
  const SECTIONS = [
    {
      key: "claim", title: null, render: summary,
      fields: "text confidence hedged extractorVersion span { start end } attribution { status source { name kind } cue { start end text } rule }",
    },
    {
      key: "confidence", title: "Confidence, step by step", render: confidenceSum,
      fields: "confidenceExplanation { value formula factors { name detail multiply add } }",
    },
    {
      key: "reliability", title: "Reliability", render: reliabilities,
      fields: "origin document { publisher } attribution { source { id reliability { ...ReliabilityFields } } }",
      root: "publishers { name reliability { ...ReliabilityFields } }",
    },
    {
      key: "reviews", title: "Fact-checkers' reviews", render: reviewList,
      fields: "reviews { id rating ratingValue reviewer note createdAt }",
    },
    {
      key: "responses", title: "Responses", fields: "responses { ...ClaimLink }",
      render: (claim) => claimList(claim.responses, "No party's response to it is reported."),
    },
    {
      key: "concerns", title: "In response to", fields: "concerns { ...ClaimLink }",
      render: (claim) => claimList(claim.concerns, null),
    },
    {
      key: "corroboratedBy", title: "Corroborated by", fields: "corroboratedBy { ...ClaimLink }",
      render: (claim) => claimList(claim.corroboratedBy, "No other document reports the same."),
    },
    {
      key: "contradictedBy", title: "Contradicted by", fields: "contradictedBy { ...ClaimLink }",
      render: (claim) => claimList(claim.contradictedBy, "Nothing contradicts it."),
    },
    {
      key: "deals", title: "Deals it supports",
      fields: `deals {
        id kind status confidence participants { company { id name } basis }
        stakes { amount currency origins confidence claims { ...ClaimLink } }
        values { amount currency origins confidence claims { ...ClaimLink } }
        history { status date precision dateBasis reportedOn datedBy { id } claim { ...ClaimLink } }
        evidence { ...ClaimLink }
      }`,
      render: (claim) => (claim.deals.length ? el("div", {}, claim.deals.map(dealCard)) : null),
    },
    {
      key: "entities", title: "Names",
      fields: `mentions { entity { __typename id name } span { start end text } basis }
      entities {
        __typename id name aliases
        ... on Company { claims(first: 5) { totalCount nodes { ...ClaimLink } } }
        ... on Person { roles { title current basis organization { name } evidence { ...ClaimLink } }
                        claims(first: 5) { totalCount nodes { ...ClaimLink } } }
        ... on Vehicle { maker { name } prices { amount currency usdAmount variant claim { ...ClaimLink } }
                         evidence { ...ClaimLink } }
      }`,
      render: (claim) => (claim.mentions.length || claim.entities.length
        ? el("div", {}, mentionList(claim.mentions), claim.entities.map(entityCard)) : null),
    },
  ];
  const CLAIM_QUERY = `query Claim($id: ID!) {
    node(id: $id) { ... on Claim { id ${SECTIONS.map((s) => s.fields).join("\n")} } }
    ${SECTIONS.map((s) => s.root || "").join("\n")}
  } ${CLAIM_LINK} ${RELIABILITY}`;

  async function loadPanel(id) {
    const run = ++state.panelRun;
    const body = $("panel-body");
    body.setAttribute("aria-busy", "true");
    let data;
    let claim;
    try {
      data = await graphql(CLAIM_QUERY, { id });
      claim = data.node;
      if (!claim || claim.text === undefined) throw new Error(`there is no claim with the id ${id}`);
    } catch (error) {
      if (run === state.panelRun) {
        clear(body, el("p", { className: "hint" }, `Could not load the claim: ${error.message}`));
        body.setAttribute("aria-busy", "false");
      }
      return;
    }
    if (run !== state.panelRun) return;
    const sections = document.createDocumentFragment();
    for (const section of SECTIONS) {
      const content = section.render(claim, data);
      if (!content) continue;
      sections.append(el("section", { dataset: { section: section.key } },
        section.title ? el("h3", {}, section.title) : null, content));
    }
    body.dataset.claimId = claim.id;
    clear(body, sections);
    body.setAttribute("aria-busy", "false");
  }

  // ---- Wiring --------------------------------------------------------------------------------------------

  function navigateToClaim(documentId, claimId) {
    const target = claimHref(documentId, claimId);
    if (location.hash === target) selectClaim(claimId, { scroll: false });
    else location.hash = target;
  }

  function start() {
    const article = $("article");
    article.addEventListener("click", (event) => {
      const piece = event.target.closest(".claim:not(.off), .claim.selected");
      if (piece && state.current) navigateToClaim(state.current.id, piece.dataset.claimId);
    });
    article.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      const piece = event.target.closest(".claim");
      if (!piece || !state.current) return;
      event.preventDefault();
      navigateToClaim(state.current.id, piece.dataset.claimId);
    });
    $("filters").addEventListener("submit", (event) => event.preventDefault());
    $("filters").addEventListener("input", filterSoon);
    $("filters").addEventListener("change", filterSoon);
    window.addEventListener("hashchange", route);
    loadPublishers();
    loadDocuments().then(route);
  }

  start();
})();
