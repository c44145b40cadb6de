// The handouts' one script (copied to out/notebooks/site/site.js by `deno task export`):
// search across an edition's pages with MiniSearch (loaded before it as site/minisearch.js), the
// index arriving as a script (search_index.js sets globalThis.EMLAB_SEARCH), so it works opened
// from file:// where fetch() of a local file is refused; the contents list opened on wide
// screens; and a fade at the edge of whatever scrolls sideways. No network, no module loader.
(function () {
  "use strict";
  const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;
  const RUNS =
    /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+/gu;

  /** Words of Latin text; overlapping pairs of characters of Japanese text (no spaces there). */
  function tokenize(text) {
    const out = [];
    for (const word of String(text).toLowerCase().split(/[\s\p{P}\p{S}]+/u)) {
      for (const run of word.match(RUNS) ?? []) {
        if (!CJK.test(run)) {
          out.push(run);
          continue;
        }
        if (run.length === 1) out.push(run);
        for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
      }
    }
    return out;
  }

  function snippet(text, terms) {
    const lower = text.toLowerCase();
    let at = -1;
    for (const t of terms) {
      at = lower.indexOf(t);
      if (at >= 0) break;
    }
    const start = Math.max(0, at - 40);
    return (start > 0 ? "…" : "") + text.slice(start, start + 140) +
      (start + 140 < text.length ? "…" : "");
  }

  function setUpSearch() {
    const data = globalThis.EMLAB_SEARCH;
    const input = document.getElementById("site-search-input");
    const list = document.getElementById("site-search-results");
    const status = document.getElementById("site-search-status");
    if (!data || !input || !list || typeof MiniSearch === "undefined") return;
    const search = new MiniSearch({
      fields: ["title", "section", "text"],
      storeFields: ["page", "anchor", "title", "section", "text"],
      tokenize,
      searchOptions: { boost: { title: 3, section: 2 }, prefix: true, combineWith: "AND" },
    });
    search.addAll(data.docs);
    const show = () => {
      const query = input.value.trim();
      list.replaceChildren();
      if (!query) {
        status.textContent = "";
        return;
      }
      const hits = search.search(query).slice(0, 12);
      status.textContent = hits.length
        ? data.labels.found.replace("{n}", String(hits.length))
        : data.labels.none;
      for (const hit of hits) {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = hit.page + (hit.anchor ? "#" + hit.anchor : "");
        const strong = document.createElement("strong");
        strong.textContent = hit.section ? `${hit.title} — ${hit.section}` : hit.title;
        const span = document.createElement("span");
        span.textContent = snippet(hit.text, tokenize(query));
        a.append(strong, span);
        li.append(a);
        list.append(li);
      }
    };
    input.addEventListener("input", show);
    const params = new URLSearchParams(location.search);
    if (params.get("q")) {
      input.value = params.get("q");
      show();
    }
  }

  function openContents() {
    const details = document.querySelector(".site-side details.site-pages");
    if (details && matchMedia("(min-width: 1100px)").matches) details.open = true;
  }

  /**
   * Whatever scrolls sideways (a chart, a table, a line of output or code on a phone) fades out
   * at the edge it hides more behind (classes site-more-right / site-more-left), so that a reader
   * sees there is more; the fade goes once the end is reached. Kept up to date when a box is
   * scrolled or changes size (an answer opened, the window turned), all boxes measured before
   * any class is set.
   */
  function hintSideways() {
    const scrollers = [];
    for (const el of document.querySelectorAll("main *")) {
      if (!(el instanceof HTMLElement)) continue; // the insides of charts and equations
      const x = getComputedStyle(el).overflowX;
      if (x === "auto" || x === "scroll") scrollers.push(el);
    }
    const update = (els) => {
      const states = els.map((el) => {
        // Inside a closed <details> (an answer not asked for yet) nothing shows.
        const shown = !el.closest("details:not([open])");
        const hidden = shown ? el.scrollWidth - el.clientWidth : 0, at = Math.abs(el.scrollLeft);
        return [el, hidden > 1 && at < hidden - 1, hidden > 1 && at > 1];
      });
      for (const [el, right, left] of states) {
        el.classList.toggle("site-more-right", right);
        el.classList.toggle("site-more-left", left);
      }
    };
    for (const el of scrollers) {
      el.addEventListener("scroll", () => update([el]), { passive: true });
    }
    update(scrollers);
    const all = () => update(scrollers);
    if (typeof ResizeObserver === "function") {
      const observer = new ResizeObserver((entries) => update(entries.map((e) => e.target)));
      for (const el of scrollers) observer.observe(el);
    } else {
      addEventListener("resize", all);
    }
    addEventListener("load", all);
    document.addEventListener("toggle", all, true); // an answer's <details> opened
  }

  function start() {
    openContents();
    setUpSearch();
    hintSideways();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
