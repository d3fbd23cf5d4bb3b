// Checks web pages in headless Chromium, for the tests of charte's public
// pages (tests/cli/support/web.rs runs it; tests/web/README.md says how).
//
//   node tests/web/check.mjs PLAN.json
//
// PLAN.json: { "node_modules": folder holding puppeteer-core and axe-core,
//              "chromium": the browser program, "urls": [...],
//              "widths": [360, 1280], "screenshots": folder or null,
//              "html": folder where each page's HTML, as served, is saved }
//
// For each URL and width the page is loaded, axe-core runs the WCAG 2.1 A
// and AA rules, every element reaching past the right edge of the viewport
// (outside a box that scrolls or clips it) is listed, and a full-page
// screenshot is taken. The internal links of the pages (same origin: links,
// stylesheets, images, scripts) are then requested once each (one level, no
// further) and in-page anchors looked up. The result is one JSON document on
// stdout; the test decides what fails.

import { createRequire } from "node:module";
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const require = createRequire(join(plan.node_modules, "noop.js"));
const puppeteer = require("puppeteer-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// A file name for a URL: its path, folders joined with `-`; `index` for `/`.
function slug(url) {
  const u = new URL(url);
  const last = u.protocol === "file:" ? u.pathname.split("/").pop() : u.pathname;
  let name = (last + u.search)
    .replace(/\.html?$/, "")
    .replace(/[^A-Za-z0-9_.]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return name || "index";
}

/// What runs in the page: elements reaching past the viewport's right edge
/// (only the outermost of a nest), unless a box that scrolls or clips holds
/// them; and whether the document itself scrolls sideways.
function overflowInPage() {
  const vw = document.documentElement.clientWidth;
  const name = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      let part = e.localName;
      if (e.id) {
        parts.unshift(`${part}#${e.id}`);
        break;
      }
      if (e.classList.length) part += "." + [...e.classList].join(".");
      const same = e.parentElement
        ? [...e.parentElement.children].filter((c) => c.localName === e.localName)
        : [];
      if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
      parts.unshift(part);
    }
    return parts.join(" > ");
  };
  const listed = new Set();
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= vw + 0.5 && r.width <= vw + 0.5) continue;
    let held = false;
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      if (listed.has(a) || getComputedStyle(a).overflowX !== "visible") {
        held = true;
        break;
      }
    }
    if (held) continue;
    listed.add(el);
    out.push({ target: name(el), right: Math.round(r.right), width: Math.round(r.width) });
  }
  return {
    viewport: vw,
    scroll_width: document.documentElement.scrollWidth,
    elements: out,
  };
}

/// The page's same-origin references and its in-page anchors.
function referencesInPage() {
  const refs = [];
  for (const el of document.querySelectorAll("a[href], area[href], link[href]")) refs.push(el.href);
  for (const el of document.querySelectorAll("img[src], script[src], source[src], iframe[src]")) refs.push(el.src);
  const here = location.href.split("#")[0];
  const same = refs.filter((r) => {
    try {
      const u = new URL(r);
      return u.protocol === location.protocol && u.host === location.host;
    } catch {
      return false;
    }
  });
  const missing = [];
  for (const r of same) {
    const [base, frag] = r.split("#");
    if (base !== here || !frag) continue;
    const id = decodeURIComponent(frag);
    if (!document.getElementById(id) && !document.getElementsByName(id).length) missing.push(r);
  }
  return { links: [...new Set(same.map((r) => r.split("#")[0]))], missing_anchors: [...new Set(missing)] };
}

async function status(url) {
  if (url.startsWith("file:")) return existsSync(fileURLToPath(url)) ? 200 : 404;
  try {
    const res = await fetch(url, { redirect: "follow" });
    await res.arrayBuffer();
    return res.status;
  } catch (e) {
    return `unreachable: ${e.message}`;
  }
}

const browser = await puppeteer.launch({
  executablePath: plan.chromium,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--hide-scrollbars",
    "--disable-dev-shm-usage",
    // The pages are on loopback or on disk.
    "--no-proxy-server",
  ],
});
const report = { pages: [], links: [] };
try {
  mkdirSync(plan.html, { recursive: true });
  if (plan.screenshots) mkdirSync(plan.screenshots, { recursive: true });
  const page = await browser.newPage();
  await page.setBypassCSP(true);
  // Every width sees the page as served: a cached copy revalidated would
  // come back as a 304 without its content type, and go unchecked.
  await page.setCacheEnabled(false);
  const errors = [];
  page.on("pageerror", (e) => errors.push(`script error: ${e.message}`));
  page.on("requestfailed", (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) errors.push(`${r.url()}: HTTP ${r.status()}`);
  });
  const links = new Map();
  for (const url of plan.urls) {
    const name = slug(url);
    const entry = { url, name, widths: [] };
    report.pages.push(entry);
    for (const width of plan.widths) {
      errors.length = 0;
      await page.setViewport({ width, height: 800 });
      const res = await page.goto(url, { waitUntil: "load", timeout: 30000 });
      const at = { width, errors: [] };
      entry.widths.push(at);
      entry.status = res ? res.status() : null;
      entry.content_type = res ? res.headers()["content-type"] || "" : "";
      const html = url.startsWith("file:") ? /\.html?$/.test(url) : /html/.test(entry.content_type);
      if (!html) {
        if (plan.screenshots) {
          at.screenshot = join(plan.screenshots, `${name}-${width}.png`);
          await page.screenshot({ path: at.screenshot, fullPage: true });
        }
        at.errors.push(...errors);
        continue;
      }
      if (!entry.html) {
        entry.html = join(plan.html, `${name}.html`);
        writeFileSync(entry.html, await res.buffer());
      }
      await page.evaluate(axeSource);
      const axe = await page.evaluate(
        (tags) => axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
        WCAG,
      );
      at.violations = axe.violations.map((v) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(" ")),
      }));
      at.overflow = await page.evaluate(overflowInPage);
      if (plan.screenshots) {
        at.screenshot = join(plan.screenshots, `${name}-${width}.png`);
        await page.screenshot({ path: at.screenshot, fullPage: true });
      }
      const refs = await page.evaluate(referencesInPage);
      at.missing_anchors = refs.missing_anchors;
      for (const l of refs.links) if (!links.has(l)) links.set(l, url);
      at.errors.push(...errors);
    }
  }
  for (const [url, from] of links) report.links.push({ url, from, status: await status(url) });
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report, null, 1) + "\n");
