import { createHash } from "node:crypto";
import { OFFLINE_PAGE_SCRIPT } from "./offline-html-script";

/*
 * The markup and style of the offline export page, around the payload the writer streams in. The page loads
 * nothing: its one style and one script are inline and allowed by their hashes, everything else is 'none' (no fetch,
 * no form posts, no frames, no base URL); the only image is an empty data: icon, so the browser does not ask the
 * network for a favicon.
 */

const STYLE = `
:root {
  color-scheme: light dark;
  --background: #f5f6f8; --text: #16181b; --muted: #50565e; --card: #ffffff; --border: #c9ced5;
  --accent: #1d4ed8; --accent-text: #ffffff; --error: #b42318;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  line-height: 1.45;
}
@media (prefers-color-scheme: dark) {
  :root {
    --background: #111316; --text: #e9ebee; --muted: #a9b0b8; --card: #1b1e23; --border: #3b4149;
    --accent: #8ab4ff; --accent-text: #0b1220; --error: #ff8f85;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--background); color: var(--text); }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0; }
p { margin: 0.25rem 0; }
.muted, .entry-where { color: var(--muted); }
label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
input, select, button { font: inherit; min-height: 2.75rem; border-radius: 0.375rem; }
input, select {
  width: 100%; padding: 0.5rem 0.75rem; color: var(--text); background: var(--card); border: 1px solid var(--border);
}
button {
  padding: 0.375rem 0.875rem; color: var(--accent-text); background: var(--accent); border: 1px solid var(--accent);
  cursor: pointer;
}
button:disabled { opacity: 0.6; cursor: progress; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.unlock { display: grid; gap: 0.75rem; max-width: 28rem; margin-top: 1.5rem; }
.error { color: var(--error); font-weight: 600; }
.toolbar { display: grid; grid-template-columns: 2fr 1fr auto; gap: 0.75rem; align-items: end; margin: 1rem 0; }
.results { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
.entry { background: var(--card); border: 1px solid var(--border); border-radius: 0.5rem; padding: 0.75rem 1rem; }
.entry-title { font-size: 1.125rem; margin: 0; overflow-wrap: anywhere; }
.fields { margin: 0.5rem 0 0; display: grid; gap: 0.375rem; }
.field { display: grid; grid-template-columns: 8rem 1fr; gap: 0.5rem; align-items: center; }
.field dt { color: var(--muted); overflow-wrap: anywhere; }
.field dd { margin: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.value {
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere;
  flex: 1 1 12rem;
}
.notes { font-family: inherit; }
.actions { display: flex; gap: 0.375rem; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); border: 0;
}
[hidden] { display: none !important; }
@media (max-width: 40rem) {
  .toolbar { grid-template-columns: 1fr; }
  .field { grid-template-columns: 1fr; gap: 0.125rem; }
}
`;

const hashOf = (source: string) => `'sha256-${createHash("sha256").update(source, "utf8").digest("base64")}'`;

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${hashOf(OFFLINE_PAGE_SCRIPT)}`,
  `style-src ${hashOf(STYLE)}`,
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** Everything before the payload: head, the unlock form and the (hidden) vault view. */
export const PAGE_START = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>Vaultline offline export</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Vaultline offline export</h1>
<p class="muted" id="vl-exported"></p>
<p class="muted">This file opens in this browser only: it is decrypted here and makes no network connection.</p>
<form class="unlock" id="vl-unlock" novalidate>
  <div>
    <label for="vl-passphrase">Export passphrase</label>
    <input id="vl-passphrase" type="password" autocomplete="off" spellcheck="false" aria-describedby="vl-unlock-message">
  </div>
  <div><button id="vl-unlock-button" type="submit">Unlock</button></div>
  <p id="vl-unlock-message" role="alert"></p>
</form>
<section id="vl-vault" hidden aria-labelledby="vl-vault-title">
  <h2 class="visually-hidden" id="vl-vault-title">Passwords</h2>
  <div class="toolbar">
    <div>
      <label for="vl-search">Search</label>
      <input id="vl-search" type="search" autocomplete="off" placeholder="Customer, description, username, URL…">
    </div>
    <div>
      <label for="vl-customer">Customer</label>
      <select id="vl-customer"><option value="">All customers</option></select>
    </div>
    <div><button id="vl-lock" type="button">Lock</button></div>
  </div>
  <p id="vl-result-status" role="status" aria-live="polite"></p>
  <p class="visually-hidden" id="vl-announcer" role="status" aria-live="polite"></p>
  <ul class="results" id="vl-results" aria-labelledby="vl-vault-title"></ul>
</section>
</main>
`;

/** Everything after the payload. */
export const PAGE_END = `<script type="module">${OFFLINE_PAGE_SCRIPT}</script>
</body>
</html>
`;
