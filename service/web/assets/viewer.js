// The source viewer: a document with the quoted span highlighted and scrolled into view.

import { getDocument } from "./api.js";
import { copyText } from "./clipboard.js";

const CONTEXT_CHARS = 300;
const documents = new Map();
const $ = (id) => document.getElementById(id);

function load(docId) {
  if (!documents.has(docId)) {
    const pending = getDocument(docId);
    pending.catch(() => documents.delete(docId));
    documents.set(docId, pending);
  }
  return documents.get(docId);
}

function sectionAt(doc, offset) {
  return doc.sections.find((s) => s.start <= offset && offset < s.end);
}

// The pages [start, end) stands on; none for a document without pages.
function pagesOf(doc, start, end) {
  return (doc.pages || []).filter((p) => p.start < end && p.end > start);
}

// "p. 4", "pp. 4–5", or "" for no page numbers.
export function pageLabel(numbers) {
  if (!numbers.length) return "";
  const first = Math.min(...numbers);
  const last = Math.max(...numbers);
  return first === last ? `p. ${first}` : `pp. ${first}–${last}`;
}

// Shows text[from, to) in the body, the quote [start, end) marked where it falls inside.
function show(body, text, from, to, start, end) {
  const mark = document.createElement("mark");
  mark.id = "quote";
  const a = Math.min(Math.max(start, from), to);
  const b = Math.min(Math.max(end, from), to);
  mark.textContent = text.slice(a, b);
  body.replaceChildren(text.slice(from, a), mark, text.slice(b, to));
  return mark;
}

// The "p. 4" line and its button that shows that page's text alone or the whole document.
function offerPage(doc, start, end) {
  const line = $("viewer-pages");
  const pages = pagesOf(doc, start, end);
  line.hidden = !pages.length;
  if (!pages.length) return;
  const toggle = $("viewer-page-toggle");
  const from = pages[0].start;
  const to = pages[pages.length - 1].end;
  const label = pageLabel(pages.map((p) => p.number));
  $("viewer-page").textContent = `The quote stands on ${label}.`;
  let paged = false;
  const update = () => {
    toggle.textContent = paged ? "Show the whole document" : `Show ${label} only`;
    toggle.setAttribute("aria-pressed", String(paged));
  };
  toggle.onclick = () => {
    paged = !paged;
    const body = $("viewer-text");
    const mark = paged ? show(body, doc.text, from, to, start, end) : show(body, doc.text, 0, doc.text.length, start, end);
    update();
    mark.scrollIntoView({ block: "center" });
  };
  update();
}

function describe(doc) {
  const parts = [doc.year, doc.source, doc.authors.slice(0, 3).join(", ")].filter(Boolean);
  return parts.join(" · ");
}

function context(text, start, end) {
  const from = Math.max(0, start - CONTEXT_CHARS);
  const to = Math.min(text.length, end + CONTEXT_CHARS);
  return `${from > 0 ? "…" : ""}${text.slice(from, to).trim()}${to < text.length ? "…" : ""}`;
}

// Opens the viewer on a document; with a valid [start, end) the quote is highlighted.
export async function openViewer(docId, start, end) {
  const viewer = $("viewer");
  const status = $("viewer-meta");
  viewer.hidden = false;
  document.body.classList.add("viewing");
  $("viewer-title").textContent = docId;
  $("viewer-section").textContent = "";
  $("viewer-quote-box").hidden = true;
  $("viewer-pages").hidden = true;
  $("viewer-text").replaceChildren();
  status.textContent = "Loading the document…";
  let doc;
  try {
    doc = await load(docId);
  } catch (error) {
    status.textContent = `The document could not be opened: ${error.message}`;
    viewer.focus();
    return;
  }
  $("viewer-title").textContent = doc.title;
  status.textContent = describe(doc);
  const text = doc.text;
  const quoted = Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= text.length;
  const body = $("viewer-text");
  if (!quoted) {
    body.textContent = text;
    body.scrollTop = 0;
    viewer.focus();
    return;
  }
  const mark = show(body, text, 0, text.length, start, end);
  offerPage(doc, start, end);
  const section = sectionAt(doc, start);
  $("viewer-section").textContent = section && section.title ? `Section: ${section.title}` : "";
  $("viewer-quote").textContent = mark.textContent;
  $("viewer-quote-box").hidden = false;
  $("copy-quote").onclick = () => copyText(mark.textContent, "Quote copied");
  $("copy-context").onclick = () => copyText(`${context(text, start, end)}\n— ${doc.title}`, "Quote and context copied");
  viewer.focus({ preventScroll: true });
  mark.scrollIntoView({ block: "center" });
}

export function closeViewer() {
  $("viewer").hidden = true;
  document.body.classList.remove("viewing");
}

export function forget(docId) {
  documents.delete(docId);
}
