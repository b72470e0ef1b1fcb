/*
 * The offline export page's script: a small vanilla module, embedded in the page and allowed by its hash in the
 * page's Content-Security-Policy. It reads the payload from the page, derives the key from the passphrase with
 * WebCrypto (PBKDF2-SHA-256), opens the chunks (AES-256-GCM, each bound to its index and to whether it is the last,
 * so a reordered or cut file fails), and shows the entries, searchable, with copy buttons. Every value goes into the
 * page as text (textContent), never as markup; URLs are shown, not linked, so the page never touches the network.
 *
 * Kept as a string (no backticks or template placeholders inside) because it runs in the browser as written:
 * the server's bundler must not transform it. tests/e2e/offline-export.spec.ts runs it in Chromium.
 */
export const OFFLINE_PAGE_SCRIPT = String.raw`
const RESULT_LIMIT = 100;
const NONCE_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const byId = (id) => document.getElementById(id);

const payload = JSON.parse(byId("vl-payload").textContent);
const unlockForm = byId("vl-unlock");
const passphraseInput = byId("vl-passphrase");
const unlockButton = byId("vl-unlock-button");
const unlockMessage = byId("vl-unlock-message");
const vault = byId("vl-vault");
const searchInput = byId("vl-search");
const customerSelect = byId("vl-customer");
const resultStatus = byId("vl-result-status");
const announcer = byId("vl-announcer");
const results = byId("vl-results");
let indexed = [];

byId("vl-exported").textContent = "Exported " + new Date(payload.header.exportedAt).toLocaleString() + ".";

class UnopenedChunk extends Error {
  constructor(index) {
    super("chunk " + index + " did not open");
    this.index = index;
  }
}

function bytesFromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function deriveKey(passphrase) {
  const kdf = payload.header.kdf;
  const material = await crypto.subtle.importKey(
    "raw", encoder.encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: kdf.hash, salt: bytesFromBase64(kdf.salt), iterations: kdf.iterations },
    material, { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
}

async function openEntries(key) {
  const chunks = payload.chunks;
  const entries = [];
  for (let index = 0; index < chunks.length; index++) {
    const box = bytesFromBase64(chunks[index]);
    const last = index === chunks.length - 1;
    const additionalData = encoder.encode("vaultline-offline-export/v1/" + index + "/" + (last ? "last" : "more"));
    let plaintext;
    try {
      plaintext = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: box.subarray(0, NONCE_BYTES), additionalData },
        key, box.subarray(NONCE_BYTES));
    } catch {
      throw new UnopenedChunk(index);
    }
    for (const entry of JSON.parse(decoder.decode(plaintext))) entries.push(entry);
  }
  return entries;
}

function showUnlockMessage(text, isError) {
  unlockMessage.textContent = text;
  unlockMessage.classList.toggle("error", isError);
}

unlockForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (passphraseInput.value === "") {
    showUnlockMessage("Type the passphrase this file was exported with.", true);
    passphraseInput.focus();
    return;
  }
  unlockButton.disabled = true;
  passphraseInput.setAttribute("aria-invalid", "false");
  showUnlockMessage("Unlocking…", false);
  try {
    const entries = await openEntries(await deriveKey(passphraseInput.value));
    passphraseInput.value = "";
    showVault(entries);
  } catch (error) {
    const wrongPassphrase = error instanceof UnopenedChunk && error.index === 0;
    showUnlockMessage(wrongPassphrase
      ? "Wrong passphrase: this file did not open with it. Check the passphrase and try again."
      : "This file is damaged or incomplete and cannot be opened.", true);
    passphraseInput.setAttribute("aria-invalid", "true");
    passphraseInput.focus();
    passphraseInput.select();
  } finally {
    unlockButton.disabled = false;
  }
});

function showVault(entries) {
  indexed = entries.map((entry) => ({
    entry,
    text: [entry.customer, entry.title, entry.contact, entry.device, entry.username]
      .concat(entry.urls, entry.tags).filter(Boolean).join("\n").toLowerCase(),
  }));
  const customers = Array.from(new Set(entries.map((entry) => entry.customer)))
    .sort((a, b) => a.localeCompare(b));
  for (const customer of customers) customerSelect.append(new Option(customer, customer));
  unlockForm.hidden = true;
  vault.hidden = false;
  render();
  searchInput.focus();
}

function render() {
  const words = searchInput.value.toLowerCase().split(/\s+/).filter(Boolean);
  const customer = customerSelect.value;
  const shown = [];
  let matching = 0;
  for (const item of indexed) {
    if (customer !== "" && item.entry.customer !== customer) continue;
    if (!words.every((word) => item.text.includes(word))) continue;
    matching++;
    if (shown.length < RESULT_LIMIT) shown.push(item.entry);
  }
  results.replaceChildren(...shown.map(entryCard));
  resultStatus.textContent = matching === 0
    ? "No passwords match."
    : matching > RESULT_LIMIT
      ? "Showing " + RESULT_LIMIT + " of " + matching + " matching passwords: narrow the search to see the others."
      : matching + (matching === 1 ? " password" : " passwords") + " of " + indexed.length + ".";
}

searchInput.addEventListener("input", render);
customerSelect.addEventListener("change", render);
byId("vl-lock").addEventListener("click", () => location.reload());

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function whereFiled(entry) {
  if (entry.contact) return entry.customer + " › Contact: " + entry.contact;
  if (entry.device) return entry.customer + " › Device: " + entry.device;
  return entry.customer;
}

function entryCard(entry) {
  const title = entry.title || "Untitled password";
  const card = element("li", "entry");
  card.append(element("h3", "entry-title", title), element("p", "entry-where", whereFiled(entry)));
  const fields = element("dl", "fields");
  const add = (label, value, options) => fields.append(fieldRow(title, label, value, options || {}));
  if (entry.username) add("Username", entry.username, { copy: true });
  if (entry.password) add("Password", entry.password, { copy: true, secret: true });
  if (entry.totp) add("TOTP seed", entry.totp, { copy: true, secret: true });
  for (const url of entry.urls) add("URL", url, { copy: true });
  for (const field of entry.customFields) add(field.name, field.value, { copy: true, secret: field.secret });
  if (entry.tags.length > 0) add("Tags", entry.tags.join(", "), {});
  if (entry.notes) add("Notes", entry.notes, { multiline: true });
  card.append(fields);
  return card;
}

/** A label inside a sentence: "Password" → "password", but "TOTP seed" and "PIN" keep their capitals. */
function inSentence(label) {
  return /^.[a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

function fieldRow(title, label, value, options) {
  const row = element("div", "field");
  const shown = element("span", options.multiline ? "value notes" : "value");
  const actions = element("span", "actions");
  row.append(element("dt", "", label), element("dd"));
  row.lastChild.append(shown, actions);
  const mask = () => { shown.textContent = "••••••••"; shown.setAttribute("aria-label", label + " hidden"); };
  if (options.secret) {
    mask();
    const toggle = element("button", "", "Show");
    toggle.type = "button";
    toggle.setAttribute("aria-pressed", "false");
    toggle.setAttribute("aria-label", "Show " + inSentence(label) + " of " + title);
    toggle.addEventListener("click", () => {
      const reveal = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", String(reveal));
      toggle.textContent = reveal ? "Hide" : "Show";
      if (reveal) {
        shown.textContent = value;
        shown.removeAttribute("aria-label");
      } else {
        mask();
      }
    });
    actions.append(toggle);
  } else {
    shown.textContent = value;
  }
  if (options.copy) {
    const copy = element("button", "", "Copy");
    copy.type = "button";
    copy.setAttribute("aria-label", "Copy " + inSentence(label) + " of " + title);
    copy.addEventListener("click", () => copyToClipboard(value, label));
    actions.append(copy);
  }
  return row;
}

async function copyToClipboard(value, label) {
  let message;
  try {
    await navigator.clipboard.writeText(value);
    message = label + " copied to the clipboard.";
  } catch {
    message = "The browser did not allow copying. Use Show and copy the " + inSentence(label) + " by hand.";
  }
  // Emptied first, so copying the same field twice is announced twice.
  announcer.textContent = "";
  setTimeout(() => { announcer.textContent = message; }, 100);
}
`;
