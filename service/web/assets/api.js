// The HTTP API, from the same origin. The API key lives in sessionStorage only.

const KEY = "citeqa.apiKey";

export function apiKey() {
  return sessionStorage.getItem(KEY) || "";
}

export function setApiKey(value) {
  if (value) sessionStorage.setItem(KEY, value);
  else sessionStorage.removeItem(KEY);
}

function headers(extra = {}) {
  const key = apiKey();
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

export class ApiError extends Error {
  constructor(status, kind, message) {
    super(message);
    this.status = status;
    this.kind = kind;
  }
}

async function failure(response) {
  try {
    const body = await response.json();
    return new ApiError(response.status, body.error.type, body.error.message);
  } catch {
    return new ApiError(response.status, "error", `the service answered ${response.status}`);
  }
}

async function getJson(path, init = {}) {
  const response = await fetch(path, { ...init, headers: headers(init.headers) });
  if (!response.ok) throw await failure(response);
  return response.json();
}

export const listDocuments = () => getJson("/v1/documents");
export const getDocument = (docId) => getJson(`/v1/documents/${encodeURIComponent(docId)}`);
export const deleteDocument = (docId) =>
  getJson(`/v1/documents/${encodeURIComponent(docId)}`, { method: "DELETE" });
// The references of documents (all stored ones when docIds is empty) as a Blob of BibTeX or RIS.
export async function fetchReferences(format, docIds = []) {
  const params = new URLSearchParams({ format });
  for (const docId of docIds) params.append("doc_id", docId);
  const response = await fetch(`/v1/references?${params}`, { headers: headers() });
  if (!response.ok) throw await failure(response);
  return response.blob();
}
export const search = (query, k) =>
  getJson("/v1/search", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, k }),
  });

// Streams a chat completion: calls onOpen when the response starts, onText for each piece of
// content, and resolves with the last event's fields (citations, refused, standalone_question).
export async function streamChat(messages, { onOpen, onText, signal }) {
  const response = await fetch("/v1/chat/completions", {
    method: "POST",
    headers: headers({ "content-type": "application/json" }),
    body: JSON.stringify({ model: "citeqa", messages, stream: true }),
    signal,
  });
  if (!response.ok) throw await failure(response);
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let last = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of block.split("\n")) {
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (data === "[DONE]") return last;
        const event = JSON.parse(data);
        if (event.error) throw new ApiError(0, event.error.type, event.error.message);
        const delta = event.choices[0].delta;
        if (delta.content) onText(delta.content);
        if (event.choices[0].finish_reason) last = event;
      }
    }
  }
  throw new ApiError(0, "incomplete", "the answer stream ended early");
}

// Uploads a file with progress (fetch cannot report upload progress).
export function upload(file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/v1/documents");
    const key = apiKey();
    if (key) request.setRequestHeader("Authorization", `Bearer ${key}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.upload.onload = () => onProgress(1);
    request.onerror = () => reject(new ApiError(0, "network", "the upload could not reach the service"));
    request.onload = () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) resolve(body);
      else if (body && body.error) reject(new ApiError(request.status, body.error.type, body.error.message));
      else reject(new ApiError(request.status, "error", `the service answered ${request.status}`));
    };
    const form = new FormData();
    form.append("file", file);
    request.send(form);
  });
}
