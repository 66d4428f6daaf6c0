// The conversation: questions, streamed answers with linked markers, sources, refusals.
// The history is kept in this browser (localStorage) until "New conversation".

import { listDocuments, search, streamChat } from "./api.js";
import { copyText } from "./clipboard.js";
import { exportButtons } from "./references.js";
import { pageLabel } from "./viewer.js";

const STORE = "citeqa.conversation";
const MARKER = /\[(\d+)\]/g;
const $ = (id) => document.getElementById(id);

let turns = [];
let busy = false;

function save() {
  localStorage.setItem(STORE, JSON.stringify(turns));
}

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// The answer text with each [n] a link to its citation's viewer address.
function linked(text, citations) {
  const byMarker = new Map(citations.map((c) => [c.marker, c]));
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    const citation = byMarker.get(Number(match[1]));
    if (!citation) continue;
    parts.push(text.slice(last, match.index));
    parts.push(element("a", {
      className: "marker",
      href: citation.url,
      textContent: match[0],
      title: `${citation.title}: “${citation.quote}”`,
    }));
    parts[parts.length - 1].dataset.marker = match[1];
    parts[parts.length - 1].setAttribute("aria-label", `Source ${match[1]}: ${citation.title}`);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

export function markdown(turn) {
  const lines = [turn.answer];
  if (turn.citations.length) {
    lines.push("", "**Sources**", "");
    for (const c of [...turn.citations].sort((a, b) => a.marker - b.marker)) {
      const quote = c.quote.split(/\s+/).join(" ").replaceAll('"', "'");
      const title = c.title.replaceAll("[", "(").replaceAll("]", ")");
      lines.push(`${c.marker}. [${title}](${c.url}): "${quote}"`);
    }
  }
  return lines.join("\n");
}

function sourceList(citations) {
  const list = element("ol", { className: "sources" });
  for (const c of [...citations].sort((a, b) => a.marker - b.marker)) {
    const page = pageLabel(c.pages || []);
    const name = page ? `${c.title}, ${page}` : c.title;
    const link = element("a", { href: c.url, className: "source-link", textContent: name });
    link.dataset.marker = String(c.marker);
    const item = element("li", {}, link, element("q", { textContent: c.quote }));
    item.value = c.marker;
    list.append(item);
  }
  return list;
}

function passageList(passages) {
  const box = element("div", { className: "closest" });
  box.append(element("p", { className: "closest-note", textContent: "Closest passages — these do not answer the question:" }));
  const list = element("ul");
  for (const p of passages) {
    const url = `/documents/${encodeURIComponent(p.doc_id)}?start=${p.start}&end=${p.end}`;
    const link = element("a", { href: url, className: "source-link", textContent: p.title || p.doc_id });
    list.append(element("li", {}, link, element("q", { textContent: p.text })));
  }
  box.append(list);
  return box;
}

function renderTurn(turn, index) {
  const item = element("li", { className: "turn" });
  item.dataset.index = String(index);
  item.append(element("p", { className: "question" }, element("span", { className: "who", textContent: "You" }), turn.question));
  if (turn.standalone && turn.standalone !== turn.question) {
    item.append(element("p", { className: "standalone", textContent: `Searched for: ${turn.standalone}` }));
  }
  const answer = element("div", { className: "answer" });
  answer.setAttribute("aria-busy", String(Boolean(turn.pending)));
  if (turn.error) {
    answer.classList.add("failed");
    answer.setAttribute("role", "alert");
    answer.append(`The answer failed: ${turn.error}`);
  } else if (turn.refused) {
    answer.classList.add("refused");
    answer.append(element("strong", { textContent: "No answer in the literature. " }), turn.answer);
  } else {
    answer.append(...linked(turn.answer, turn.citations));
  }
  item.append(answer);
  if (!turn.pending && !turn.error && !turn.refused && turn.citations.length) {
    item.append(sourceList(turn.citations));
    const copy = element("button", { type: "button", className: "copy", textContent: "Copy answer as Markdown" });
    copy.addEventListener("click", () => copyText(markdown(turn), "Answer copied as Markdown"));
    const cited = () => [...new Set(turn.citations.map((c) => c.doc_id))];
    const failed = (message) => {
      $("chat-status").textContent = message;
    };
    item.append(element("div", { className: "actions" }, copy, exportButtons("the cited documents", cited, failed)));
  }
  if (turn.refused && turn.passages && turn.passages.length) item.append(passageList(turn.passages));
  if (turn.timings) {
    item.dataset.ttfbMs = String(turn.timings.ttfb);
    item.dataset.totalMs = String(turn.timings.total);
  }
  return item;
}

function render() {
  const list = $("conversation");
  list.replaceChildren(...turns.map(renderTurn));
  $("new-conversation").disabled = turns.length === 0 || busy;
}

function messagesFor(question) {
  const messages = [];
  for (const turn of turns) {
    if (turn.error || turn.pending) continue;
    messages.push({ role: "user", content: turn.question }, { role: "assistant", content: turn.answer });
  }
  messages.push({ role: "user", content: question });
  return messages;
}

async function closestPassages(query) {
  try {
    const [hits, docs] = await Promise.all([search(query, 3), listDocuments()]);
    const titles = new Map(docs.map((d) => [d.doc_id, d.title]));
    return hits.map((h) => ({ ...h, title: titles.get(h.doc_id) || h.doc_id }));
  } catch {
    return [];
  }
}

export async function ask(question) {
  if (busy || !question.trim()) return;
  busy = true;
  $("ask").disabled = true;
  const status = $("chat-status");
  status.textContent = "Searching the literature…";
  const messages = messagesFor(question);
  const turn = { question, answer: "", citations: [], refused: false, pending: true };
  turns.push(turn);
  render();
  const node = () => $("conversation").lastElementChild;
  const started = performance.now();
  let opened = started;
  try {
    const last = await streamChat(messages, {
      onOpen: () => {
        opened = performance.now();
      },
      onText: (piece) => {
        turn.answer += piece;
        node().querySelector(".answer").textContent = turn.answer;
      },
    });
    turn.citations = last.citations || [];
    turn.refused = Boolean(last.refused);
    turn.standalone = last.standalone_question;
    if (turn.refused) turn.passages = await closestPassages(turn.standalone || question);
    status.textContent = turn.refused ? "The literature does not answer this question." : "Answered.";
  } catch (error) {
    turn.error = error.message;
    status.textContent = `The answer failed: ${error.message}`;
  }
  turn.pending = false;
  turn.timings = { ttfb: Math.round(opened - started), total: Math.round(performance.now() - started) };
  busy = false;
  $("ask").disabled = false;
  save();
  render();
  node().scrollIntoView({ block: "nearest" });
}

export function newConversation() {
  turns = [];
  localStorage.removeItem(STORE);
  render();
  $("chat-status").textContent = "New conversation.";
  $("question").focus();
}

export function restore() {
  try {
    turns = JSON.parse(localStorage.getItem(STORE) || "[]").filter((t) => !t.pending);
  } catch {
    turns = [];
  }
  render();
}
