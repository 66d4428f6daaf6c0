// The documents view: stored documents with chunk counts; upload and delete with the API key.

import { apiKey, deleteDocument, listDocuments, setApiKey, upload } from "./api.js";
import { exportButtons } from "./references.js";
import { forget } from "./viewer.js";

const $ = (id) => document.getElementById(id);

function say(text, failed = false) {
  const status = $("documents-status");
  status.textContent = text;
  status.classList.toggle("error", failed);
}

function row(doc) {
  const link = Object.assign(document.createElement("a"), {
    href: `/documents/${encodeURIComponent(doc.doc_id)}`,
    textContent: doc.title,
    className: "source-link",
  });
  const remove = Object.assign(document.createElement("button"), {
    type: "button",
    textContent: "Delete",
    className: "delete",
  });
  remove.setAttribute("aria-label", `Delete ${doc.title}`);
  remove.dataset.docId = doc.doc_id;
  remove.addEventListener("click", () => removeDocument(doc));
  const cells = [link, String(doc.year ?? ""), doc.source, String(doc.chunks), remove];
  const tr = document.createElement("tr");
  tr.dataset.docId = doc.doc_id;
  for (const [i, content] of cells.entries()) {
    const td = document.createElement("td");
    if (i === 3) td.className = "num";
    td.append(content);
    tr.append(td);
  }
  return tr;
}

export async function refresh() {
  try {
    const docs = await listDocuments();
    $("documents").tBodies[0].replaceChildren(...docs.map(row));
    say(`${docs.length} documents, ${docs.reduce((n, d) => n + d.chunks, 0)} chunks.`);
  } catch (error) {
    say(`The documents could not be listed: ${error.message}`, true);
  }
}

function needKey() {
  if (apiKey()) return false;
  say("Type the API key first: adding and deleting documents need it.", true);
  $("api-key").focus();
  return true;
}

async function removeDocument(doc) {
  if (needKey() || !window.confirm(`Delete “${doc.title}” from the index?`)) return;
  say(`Deleting ${doc.doc_id}…`);
  try {
    const result = await deleteDocument(doc.doc_id);
    forget(doc.doc_id);
    await refresh();
    say(`Deleted ${doc.doc_id} (${result.removed_chunks} chunks).`);
  } catch (error) {
    say(`Could not delete ${doc.doc_id}: ${error.message}`, true);
  }
}

async function submitUpload(event) {
  event.preventDefault();
  const file = $("upload-file").files[0];
  if (!file || needKey()) return;
  const progress = $("upload-progress");
  const button = $("upload");
  progress.hidden = false;
  progress.value = 0;
  button.disabled = true;
  say(`Uploading ${file.name}…`);
  try {
    const result = await upload(file, (share) => {
      progress.value = Math.round(share * 100);
      if (share >= 1) say(`Indexing ${file.name}…`);
    });
    forget(result.doc_id);
    await refresh();
    say(`Added ${result.doc_id} (${result.report.chunks} chunks).`);
    $("upload-form").reset();
  } catch (error) {
    say(`Could not add ${file.name}: ${error.message}`, true);
  }
  progress.hidden = true;
  button.disabled = false;
}

export function setUp() {
  const key = $("api-key");
  key.value = apiKey();
  key.addEventListener("input", () => setApiKey(key.value.trim()));
  $("upload-form").addEventListener("submit", submitUpload);
  $("documents").before(exportButtons("every document", () => [], (message) => say(message, true)));
}
