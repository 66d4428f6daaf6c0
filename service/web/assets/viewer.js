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
  const mark = document.createElement("mark");
  mark.id = "quote";
  mark.textContent = text.slice(start, end);
  body.replaceChildren(text.slice(0, start), mark, text.slice(end));
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
