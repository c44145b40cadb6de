/**
 * Slides from the exported notebooks: one reveal.js deck per notebook, one
 * slide per section (`##` heading; the title and the introduction before
 * the first section are the first slide), with the section's text, its
 * typeset math and its outputs (charts, tables, numbers) — no code. reveal.js
 * comes from npm (a dev-only package in `tools/dev_import_map.json`) and is
 * copied beside the decks, so they work offline, opened from a file.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { parseHTML } from "linkedom";

/** The reveal.js files the decks load, relative to the package's folder. */
export const REVEAL_FILES: readonly string[] = [
  "dist/reveal.js",
  "dist/reveal.css",
  "dist/theme/white.css",
];

/** Folder of the reveal.js package in Deno's npm cache (downloaded on first use). */
export async function revealDir(): Promise<string> {
  // reveal.js exports its stylesheets; resolving one gives the package's folder.
  const url = import.meta.resolve("reveal.js/reveal.css");
  let path = url.startsWith("file:") ? new URL(url).pathname : "";
  if (!path || !(await Deno.stat(path).catch(() => null))) {
    await import("reveal.js").catch(() => {}); // makes Deno fetch the package
    path = new URL(import.meta.resolve("reveal.js/reveal.css")).pathname;
  }
  return dirname(dirname(path));
}

/**
 * Copy reveal.js's script and styles into `dir` (`reveal.js`, `reveal.css`, `white.css`).
 *
 * @param dir Target folder.
 */
export async function copyReveal(dir: string): Promise<void> {
  const from = await revealDir();
  await Deno.mkdir(dir, { recursive: true });
  for (const f of REVEAL_FILES) await Deno.copyFile(join(from, f), join(dir, basename(f)));
}

/** One slide: its heading level (1 for the title slide) and its content as HTML. */
export interface Slide {
  /** 1 for the title slide, 2 for a section. */
  readonly level: 1 | 2;
  /** The slide's heading text. */
  readonly title: string;
  /** The slide's HTML. */
  readonly html: string;
}

type El = {
  tagName: string;
  outerHTML: string;
  textContent: string | null;
  children: ArrayLike<El>;
  classList: { contains(c: string): boolean };
  querySelector(s: string): El | null;
  querySelectorAll(s: string): ArrayLike<El>;
  getAttribute(n: string): string | null;
  setAttribute(n: string, v: string): void;
  remove(): void;
};

/**
 * Cut an exported notebook page into slides: a new slide at the title (`h1`)
 * and at every section heading (`h2`); markdown as rendered, outputs as
 * shown, code inputs left out. Relative links are rewritten for a deck one
 * folder below the page (`slides/`).
 *
 * @param page An exported notebook page (`out/notebooks/NN-*.html`).
 * @param pageName The page's file name, for links to its own anchors.
 * @returns The slides, in order.
 */
export function pageSlides(page: string, pageName: string): Slide[] {
  const { document } = parseHTML(page) as unknown as { document: El };
  const slides: { level: 1 | 2; title: string; parts: string[] }[] = [];
  const add = (html: string) => {
    if (slides.length === 0) slides.push({ level: 1, title: "", parts: [] });
    slides.at(-1)!.parts.push(html);
  };
  for (const a of Array.from(document.querySelectorAll("a.anchor-link"))) a.remove();
  for (const a of Array.from(document.querySelectorAll("a[href]"))) {
    const href = a.getAttribute("href")!;
    if (href.startsWith("#")) a.setAttribute("href", `../${pageName}${href}`);
    else if (!/^[a-z][a-z0-9+.-]*:|^\//i.test(href)) a.setAttribute("href", `../${href}`);
  }
  for (const img of Array.from(document.querySelectorAll("img[src]"))) {
    const src = img.getAttribute("src")!;
    if (!/^[a-z][a-z0-9+.-]*:|^\//i.test(src)) img.setAttribute("src", `../${src}`);
  }
  const cells = Array.from(document.querySelectorAll("main > .jp-Cell, body > .jp-Cell"));
  for (const cell of cells) {
    if (cell.classList.contains("jp-MarkdownCell")) {
      const md = cell.querySelector(".jp-RenderedMarkdown");
      for (const child of Array.from(md?.children ?? [])) {
        const tag = child.tagName.toLowerCase();
        if (tag === "h1" || tag === "h2") {
          slides.push({ level: tag === "h1" ? 1 : 2, title: child.textContent ?? "", parts: [] });
        }
        add(child.outerHTML);
      }
    } else if (cell.classList.contains("jp-CodeCell")) {
      for (const out of Array.from(cell.querySelectorAll(".jp-OutputArea-output"))) {
        add(`<div class="output">${out.outerHTML}</div>`);
      }
    }
  }
  return slides.map((s) => ({ level: s.level, title: s.title.trim(), html: s.parts.join("\n") }));
}

/** The slides' size in CSS pixels (reveal.js scales them to the window). */
export const SLIDE_WIDTH = 1280, SLIDE_HEIGHT = 800;

/** The most characters of prose (paragraphs, lists, quotes) one slide holds. */
export const SLIDE_PROSE = 600;

/**
 * The script that splits a section into vertical sub-slides before reveal.js
 * starts, when it is taller than a slide or holds more than
 * {@linkcode SLIDE_PROSE} characters of prose: a paragraph longer than that
 * is first cut at sentence ends into paragraphs of about equal length; the
 * section's blocks are laid out in a hidden box of the slide's width with the
 * deck's styles and packed in order into pages no taller than the slide and
 * with no more prose than that. A chart (an output) stays on the page of the
 * paragraph just before it (which introduces it) and of the one just after
 * it (its conclusion) whenever those fit on one page together; a page of
 * a line or three of text alone takes blocks from the page before it, or
 * joins it. The
 * heading is repeated on each page with "(2/3)", and the blocks are moved
 * (not copied, so a player keeps its buttons) into nested sections. A single
 * block taller than a page is zoomed to fit. Runs after the page's images
 * and the theme's fonts have loaded, so that the heights it measures are the
 * slide's.
 */
export const FIT_SLIDES = `
const SLIDE_PROSE = ${SLIDE_PROSE};

/** Characters of prose in a block: paragraphs, lists and quotes, no math, no outputs. */
function proseOf(block) {
  if (block.nodeType === 3) return block.data.replace(/\\s+/g, " ").length;
  if (block.nodeType !== 1) return 0;
  if (block.matches(".output, mjx-container, table, pre, h1, h2, h3, h4, svg")) return 0;
  let n = 0;
  for (const child of block.childNodes) n += proseOf(child);
  return n;
}

/**
 * A paragraph cut at sentence ends into "count" parts of about equal length (by default as
 * many as a slide's prose needs); fewer when it has fewer sentences.
 */
function splitParagraph(p, count) {
  const total = proseOf(p);
  const parts = count ?? Math.ceil(total / (SLIDE_PROSE * 0.85));
  if (parts < 2) return [p];
  const target = total / parts;
  const out = [];
  let current = p.cloneNode(false), length = 0, done = 0;
  const flush = () => {
    if (current.childNodes.length) out.push(current);
    current = p.cloneNode(false);
    length = 0;
  };
  const closing = "[\\u0022'\\u2019\\u201d)\\\\]\\u300d\\u300f]*";
  const sentence = new RegExp("[^]*?(?:[.!?]" + closing + "(?=\\\\s|$)|[\\u3002\\uff01\\uff1f]" +
    closing + ")\\\\s*|[^]+$", "g");
  for (const node of Array.from(p.childNodes)) {
    const pieces = node.nodeType === 3 ? (node.data.match(sentence) ?? []) : [node];
    for (const piece of pieces) {
      const isText = typeof piece === "string";
      current.append(isText ? document.createTextNode(piece) : piece);
      const n = isText ? piece.replace(/\\s+/g, " ").length : proseOf(piece);
      length += n;
      done += n;
      const ends = isText && /(?:[.!?]|[\u3002\uff01\uff1f])\\S*\\s*$/.test(piece) &&
        !/\\b(?:e\\.g|i\\.e|cf|vs)\\.\\s*$/i.test(piece);
      if (ends && length >= target && total - done > target * 0.3) flush();
    }
  }
  flush();
  return out;
}

/** A list longer than a slide's prose cut between its items into lists of about equal length. */
function splitList(list) {
  const items = Array.from(list.children);
  const total = proseOf(list);
  const target = total / Math.ceil(total / (SLIDE_PROSE * 0.85));
  const out = [];
  let current = null, length = 0, number = Number(list.getAttribute("start") || 1);
  for (const item of items) {
    if (!current || (length >= target * 0.8 && length + proseOf(item) > target * 1.1)) {
      current = list.cloneNode(false);
      if (list.tagName === "OL") current.setAttribute("start", String(number));
      out.push(current);
      length = 0;
    }
    current.append(item);
    length += proseOf(item);
    number++;
  }
  return out;
}

async function fitSlides(slides, width, height) {
  const probe = document.createElement("div");
  probe.className = "reveal";
  probe.style.cssText = "position:absolute;left:-100000px;top:0;visibility:hidden;width:" + width + "px";
  probe.innerHTML = '<div class="slides" style="position:static;width:' + width +
    'px;height:auto;transform:none;inset:auto"><section style="display:block;position:static;' +
    'height:auto;overflow:visible;width:' + width + 'px"></section></div>';
  document.body.appendChild(probe);
  const box = probe.querySelector("section");
  const layOut = (blocks) => box.replaceChildren(...blocks.map((b) => b.cloneNode(true)));
  // Lay every slide out once, so that the theme's fonts load before anything is measured.
  layOut(Array.from(slides.children).flatMap((section) => Array.from(section.children)));
  void box.offsetHeight;
  await document.fonts.ready;
  // A few pixels to spare for rounding between the hidden box and the slide.
  const room = height - 8;
  const prose = (blocks) => blocks.reduce((n, b) => n + proseOf(b), 0);
  const fits = (blocks) => (layOut(blocks), box.scrollHeight <= room);
  const isOutput = (b) => !!b?.classList.contains("output");
  const isText = (b) => /^(P|UL|OL|BLOCKQUOTE)$/.test(b?.tagName ?? "");
  // A chart and the paragraph that introduces it, or the one that concludes it; a paragraph
  // that ends in a colon, or a subheading, and what it introduces.
  const glued = (a, b) =>
    (isText(a) && isOutput(b)) || (isOutput(a) && isText(b)) ||
    (a?.tagName === "P" && /:\\s*$/.test(a.textContent) && !!b) ||
    (/^H[3-6]$/.test(a?.tagName ?? "") && !!b);
  // A chart, picture, table, player or display equation: what a page may show alone.
  const rich = (b) => !!b && b.matches("table") ||
    !!b.querySelector("table, img, .emlab-player, mjx-container[display='true'], .output svg");
  // A page of a line or four of text (a paragraph, a one-line output) and nothing else.
  const thin = (blocks) => !blocks.some(rich) && (layOut(blocks), box.scrollHeight < 150);
  // Thinner still (two lines or so): what a page that gives blocks away must not become.
  const tiny = (blocks) => !blocks.some(rich) && (layOut(blocks), box.scrollHeight < 110);
  // A page whose last block alone is too tall: zoom that block to fit.
  const shrinkLast = (blocks) => {
    if (fits(blocks)) return;
    const over = box.scrollHeight - room;
    const own = box.lastElementChild.getBoundingClientRect().height;
    if (own > over) blocks.at(-1).style.zoom = String(Math.max(0.4, (own - over - 4) / own));
  };
  for (const section of Array.from(slides.children)) {
    for (const p of Array.from(section.querySelectorAll(":scope > p"))) {
      if (proseOf(p) > SLIDE_PROSE) p.replaceWith(...splitParagraph(p));
    }
    for (const list of Array.from(section.querySelectorAll(":scope > ul, :scope > ol"))) {
      if (proseOf(list) > SLIDE_PROSE) list.replaceWith(...splitList(list));
    }
    const blocks = Array.from(section.children);
    if (prose(blocks) <= SLIDE_PROSE && fits(blocks)) continue;
    const heading = /^H[12]$/.test(blocks[0]?.tagName ?? "") ? blocks.shift() : null;
    const head = heading ? [heading] : [];
    const fitsPage = (page) => prose(page) <= SLIDE_PROSE && fits([...head, ...page]);
    const pages = [];
    for (const block of blocks) {
      const page = pages.at(-1);
      if (page && fitsPage([...page, block])) {
        page.push(block);
        continue;
      }
      // A new page; the blocks glued to this one (its chart's introduction) come along,
      // unless that leaves nothing behind or makes the new page too full.
      let cut = page ? page.length : 0;
      while (cut > 0 && glued(page[cut - 1], cut < page.length ? page[cut] : block)) cut--;
      if (page && cut > 0 && cut < page.length && fitsPage([...page.slice(cut), block])) {
        pages.push([...page.splice(cut), block]);
      } else pages.push([block]);
    }
    // A page of a line or two takes blocks from the end of the page before it, if that page
    // keeps more than a line or two and no chart loses its paragraph.
    // The first page that thin goes onto the next one, if they fit together, or takes the fewest
    // blocks from the next one's start that make it more than thin (no chart losing its paragraph).
    if (pages.length > 1 && thin(pages[0]) && fitsPage([...pages[0], ...pages[1]])) {
      pages[1].unshift(...pages.shift());
    } else if (pages.length > 1 && thin(pages[0])) {
      const next = pages[1];
      let best = null;
      for (let take = 1; take < next.length; take++) {
        if (!fitsPage([...pages[0], ...next.slice(0, take)])) break;
        // (A paragraph between two charts may go with either.)
        const between = isOutput(next[take - 1]) && isOutput(next[take + 1]);
        if ((glued(next[take - 1], next[take]) && !between) || thin(next.slice(take))) continue;
        best = take;
        if (!thin([...pages[0], ...next.slice(0, take)])) break;
      }
      if (best !== null) pages[0].push(...next.splice(0, best));
    }
    // A chart whose introduction or conclusion did not fit beside it: zoomed down (to 70 % at
    // least) until the paragraph, or the half of it next to the chart, does.
    const zoomToFit = (page, chart) => {
      const own = Number(chart.style.zoom || 1);
      for (let step = 19; step >= 14; step--) {
        chart.style.zoom = String(Math.min(own, step / 20));
        if (fitsPage(page)) return true;
      }
      chart.style.zoom = own === 1 ? "" : String(own);
      return false;
    };
    const thinPass = () => {
      for (let i = 1; i < pages.length; i++) {
        if (!thin(pages[i])) continue;
        const before = pages[i - 1];
        // The fewest blocks from its end that make this page more than thin.
        let best = null;
        for (let take = 1; take < before.length; take++) {
          const moved = before.slice(before.length - take);
          const kept = before.slice(0, before.length - take);
          if (!fitsPage([...moved, ...pages[i]])) break;
          if (tiny(kept) || glued(kept.at(-1), moved[0])) continue;
          best = take;
          if (!thin([...moved, ...pages[i]])) break;
        }
        if (best !== null) pages[i].unshift(...before.splice(before.length - best));
        // Still thin: a long paragraph at the end of the page before gives its second half.
        const last = before.at(-1);
        if (thin(pages[i]) && last?.tagName === "P" && proseOf(last) > 240) {
          const halves = splitParagraph(last.cloneNode(true), 2);
          if (
            halves.length === 2 && fitsPage([halves[1], ...pages[i]]) &&
            !tiny([...before.slice(0, -1), halves[0]])
          ) {
            last.replaceWith(...halves);
            before.splice(-1, 1, halves[0]);
            pages[i].unshift(halves[1]);
          }
        }
        // Still alone: back onto the page before it, or onto the next one, if the two fit (with
        // up to a tenth more prose than a page takes).
        const roomy = (page) => prose(page) <= SLIDE_PROSE * 1.08 && fits([...head, ...page]);
        if (thin(pages[i]) && roomy([...pages[i - 1], ...pages[i]])) {
          pages[i - 1].push(...pages[i]);
          pages.splice(i--, 1);
        } else if (thin(pages[i]) && i + 1 < pages.length && roomy([...pages[i], ...pages[i + 1]])) {
          pages[i + 1].unshift(...pages[i]);
          pages.splice(i--, 1);
        } else if (thin(pages[i])) {
          // Else onto the page before it, with that page's last chart zoomed down to make room.
          const chart = pages[i - 1].findLast((b) => isOutput(b) && rich(b));
          if (chart && zoomToFit([...pages[i - 1], ...pages[i]], chart)) {
            pages[i - 1].push(...pages[i]);
            pages.splice(i--, 1);
          }
        }
      }
    };
    thinPass();
    const halve = (p) => (p.tagName === "P" && proseOf(p) > 240 ? splitParagraph(p.cloneNode(true), 2) : []);
    for (let i = 1; i < pages.length; i++) {
      const before = pages[i - 1], page = pages[i];
      const last = before.at(-1), first = page[0];
      if (isOutput(last) && rich(last) && isText(first) && !isOutput(page[1])) {
        // The conclusion comes back to its chart, or its first half does.
        if (zoomToFit([...before, first], last)) {
          before.push(page.shift());
          if (page.length === 0) pages.splice(i--, 1);
          continue;
        }
        const halves = halve(first);
        if (halves.length === 2 && zoomToFit([...before, halves[0]], last)) {
          first.replaceWith(...halves);
          before.push(halves[0]);
          page.splice(0, 1, halves[1]);
        }
      } else if (isOutput(first) && rich(first) && isText(last) && !isOutput(before.at(-2))) {
        // The introduction goes on to its chart, or its second half does.
        if (zoomToFit([last, ...page], first)) {
          page.unshift(before.pop());
          if (before.length === 0) pages.splice(--i, 1);
          continue;
        }
        const halves = halve(last);
        if (halves.length === 2 && zoomToFit([halves[1], ...page], first)) {
          last.replaceWith(...halves);
          before.splice(-1, 1, halves[0]);
          page.unshift(halves[1]);
        }
      }
    }
    // Pages the zoom left thin: the same again.
    thinPass();
    if (pages.length === 1) {
      section.replaceChildren(...head, ...pages[0]);
      shrinkLast([...head, ...pages[0]]);
      continue;
    }
    const pristine = heading?.cloneNode(true);
    const outer = document.createElement("section");
    for (const name of section.getAttributeNames()) {
      outer.setAttribute(name, section.getAttribute(name));
    }
    pages.forEach((page, i) => {
      const sub = document.createElement("section");
      if (heading) {
        const h = i === 0 ? heading : pristine.cloneNode(true);
        if (i > 0) h.removeAttribute("id");
        const mark = document.createElement("span");
        mark.className = "page-of";
        mark.textContent = " (" + (i + 1) + "/" + pages.length + ")";
        h.appendChild(mark);
        sub.appendChild(h);
      }
      sub.append(...page);
      outer.appendChild(sub);
      shrinkLast(Array.from(sub.children));
    });
    section.replaceWith(outer);
  }
  probe.remove();
}

/**
 * A player that grows as it is used (EM by hand's responsibilities strip
 * appears after an E-step) is zoomed down, in steps of 5 % to at least 40 %,
 * until its slide no longer overflows: whatever it shows stays on the slide.
 */
function keepPlayersOnSlides(slides) {
  const shrink = (player) => {
    const section = player.closest("section");
    if (!section) return;
    let zoom = Number(player.style.zoom || 1);
    while (section.scrollHeight > section.clientHeight + 1 && zoom > 0.4) {
      zoom = Math.max(0.4, zoom * 0.95);
      player.style.zoom = String(zoom);
    }
  };
  const observer = new ResizeObserver((entries) => entries.forEach((e) => shrink(e.target)));
  slides.querySelectorAll(".emlab-player").forEach((player) => observer.observe(player));
}
`;

const STYLE = `
  .reveal { --r-main-font-size: 24px; --r-heading1-size: 2em; --r-heading2-size: 1.5em;
    --r-heading3-size: 1.15em; --r-block-margin: 14px; }
  .reveal .slides { text-align: left; }
  .reveal .slides > section, .reveal .slides > section > section { height: 100%; overflow-y: auto;
    padding: 0 8px; box-sizing: border-box; }
  .reveal .slides > section.stack { padding: 0; overflow: visible; }
  .reveal h1, .reveal h2, .reveal h3 { text-transform: none; }
  .reveal table { font-size: 0.8em; margin: 0.4em 0; }
  .reveal table th, .reveal table td { padding: 0.15em 0.6em; }
  .reveal pre { box-shadow: none; font-size: 0.62em; width: auto; margin: 0.3em 0; }
  .reveal pre code { max-height: none; }
  .reveal .output { margin: 0.4em 0; }
  /* A text output's long line wraps on the slide instead of running past its edge. */
  .reveal .output pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  .reveal .output svg { width: 860px; max-width: 100%; height: auto; }
  .reveal .output img { max-width: 100%; margin: 0; }
  .reveal mjx-container[display="true"] { margin: 0.5em 0; }
  .reveal mjx-container svg { max-width: none; }
  .reveal mjx-container[display="true"] { max-width: 100%; overflow: visible; }
  .reveal mjx-container[display="true"] > svg { max-width: 100%; height: auto; }
  .reveal p, .reveal li { line-height: 1.4; }
  .reveal .page-of { font-size: 0.6em; color: #666; font-weight: normal; }
`;

/**
 * A reveal.js deck from slides.
 *
 * @param title The deck's title.
 * @param slides The slides ({@linkcode pageSlides}).
 * @param mathStyle MathJax's stylesheet from the page (its `MJX-SVG-styles`).
 * @param reveal Folder of reveal.js's files, relative to the deck.
 * @returns A whole HTML page.
 */
export function deckHtml(
  title: string,
  slides: readonly Slide[],
  mathStyle: string,
  reveal = "reveal",
): string {
  const sections = slides.map((s) =>
    `<section data-level="${s.level}" data-title="${escapeAttr(s.title)}">\n${s.html}\n</section>`
  ).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(title)} — slides</title>
<link rel="stylesheet" href="${reveal}/reveal.css">
<link rel="stylesheet" href="${reveal}/white.css">
<style id="MJX-SVG-styles">${mathStyle}</style>
<style>${STYLE}</style>
</head>
<body>
<div class="reveal"><div class="slides">
${sections}
</div></div>
<script src="${reveal}/reveal.js"></script>
<script>
${FIT_SLIDES}
addEventListener("load", async () => {
  await fitSlides(document.querySelector(".reveal .slides"), ${SLIDE_WIDTH}, ${SLIDE_HEIGHT});
  keepPlayersOnSlides(document.querySelector(".reveal .slides"));
  Reveal.initialize({ width: ${SLIDE_WIDTH}, height: ${SLIDE_HEIGHT}, margin: 0.03, center: false,
    hash: true, controls: true, progress: true, slideNumber: "c/t", transition: "none",
    navigationMode: "linear",
    // A focused player takes the arrow keys for itself: the deck does not move with them.
    keyboardCondition: (event) => !(event.target instanceof Element &&
      event.target.closest(".emlab-player")) });
});
</script>
</body>
</html>
`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, "&quot;");
}

/**
 * Write the deck of one exported notebook page into `slidesDir`, under the
 * page's name.
 *
 * @param pagePath The exported page (`out/notebooks/NN-*.html`).
 * @param slidesDir The decks' folder (`out/notebooks/slides`); reveal.js is expected in its `reveal/`.
 * @returns The deck's path and its number of slides.
 */
export async function exportSlides(
  pagePath: string,
  slidesDir: string,
): Promise<{ path: string; slides: number }> {
  const page = await Deno.readTextFile(pagePath);
  const name = basename(pagePath);
  const slides = pageSlides(page, name);
  const mathStyle = /<style id="MJX-SVG-styles">([\s\S]*?)<\/style>/.exec(page)?.[1] ?? "";
  const title = slides[0]?.title || name.replace(/\.html$/, "");
  await Deno.mkdir(slidesDir, { recursive: true });
  const path = join(slidesDir, name);
  await Deno.writeTextFile(path, deckHtml(title, slides, mathStyle));
  return { path, slides: slides.length };
}
