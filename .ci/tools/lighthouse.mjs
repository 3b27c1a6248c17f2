// Lighthouse's phone profile (simulated slow 4G, a mid-range phone's CPU) on the pages given as
// arguments: "label|url|cookie". Prints largest contentful paint and the accessibility score
// for each, and exits 1 when a page misses LCP <= 1.2 s or accessibility 100.
// Used by .ci/bench; Chromium is Debian's (/usr/bin/chromium, or CHROME_PATH).
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const LCP_BUDGET_MS = 1200;
const pages = process.argv.slice(2).map((a) => {
  const [label, url, cookie] = a.split("|");
  return { label, url, cookie };
});

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
let missed = 0;
try {
  console.log(`${"page (Lighthouse, phone)".padEnd(34)} ${"LCP ms".padStart(7)} ${"FCP ms".padStart(7)} ${"a11y".padStart(5)} ${"perf".padStart(5)}`);
  for (const p of pages) {
    const flags = {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
      extraHeaders: p.cookie ? { Cookie: p.cookie } : undefined,
    };
    const { lhr } = await lighthouse(p.url, flags);
    if (lhr.runtimeError) {
      console.log(`${p.label.padEnd(34)} failed: ${lhr.runtimeError.message}`);
      missed++;
      continue;
    }
    const lcp = lhr.audits["largest-contentful-paint"].numericValue;
    const fcp = lhr.audits["first-contentful-paint"].numericValue;
    const a11y = Math.round(lhr.categories.accessibility.score * 100);
    const perf = Math.round(lhr.categories.performance.score * 100);
    console.log(`${p.label.padEnd(34)} ${lcp.toFixed(0).padStart(7)} ${fcp.toFixed(0).padStart(7)} ${String(a11y).padStart(5)} ${String(perf).padStart(5)}`);
    if (lhr.finalDisplayedUrl.replace(/\/$/, "") !== p.url.replace(/\/$/, "")) {
      console.log(`  BUDGET MISSED: ${p.label} ended at ${lhr.finalDisplayedUrl}, not the page asked for`);
      missed++;
    }
    if (lcp > LCP_BUDGET_MS) {
      console.log(`  BUDGET MISSED: ${p.label}: LCP ${lcp.toFixed(0)} ms > ${LCP_BUDGET_MS} ms`);
      missed++;
    }
    if (a11y < 100) {
      const failing = Object.values(lhr.audits)
        .filter((a) => a.score === 0 && lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id))
        .map((a) => a.id);
      console.log(`  BUDGET MISSED: ${p.label}: accessibility ${a11y} (${failing.join(", ")})`);
      missed++;
    }
  }
} finally {
  await chrome.kill();
}
process.exit(missed ? 1 : 0);
