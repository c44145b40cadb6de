// The handouts' one script (copied to out/notebooks/site/site.js by `deno task export`):
// search across an edition's pages with MiniSearch (loaded before it as site/minisearch.js), the
// index arriving as a script (search_index.js sets globalThis.EMLAB_SEARCH), so it works opened
// from file:// where fetch() of a local file is refused; and the contents list opened on wide
// screens. No network, no module loader.
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

  function start() {
    openContents();
    setUpSearch();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
