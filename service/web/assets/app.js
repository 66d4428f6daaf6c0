// Wires the page: views, routes (/documents/{doc_id}?start=&end= opens the viewer), theme.

import { ask, newConversation, restore } from "./chat.js";
import { refresh, setUp } from "./documents.js";
import { closeViewer, openViewer } from "./viewer.js";

const $ = (id) => document.getElementById(id);
const THEME = "citeqa.theme";
const THEMES = ["system", "light", "dark"];

function showView(name) {
  const documents = name === "documents";
  $("chat-view").hidden = documents;
  $("documents-view").hidden = !documents;
  $("show-chat").setAttribute("aria-pressed", String(!documents));
  $("show-documents").setAttribute("aria-pressed", String(documents));
  if (documents) refresh();
}

function route() {
  const match = location.pathname.match(/^\/documents\/([^/]+)$/);
  if (!match) {
    closeViewer();
    return;
  }
  const params = new URLSearchParams(location.search);
  const number = (name) => (params.has(name) ? Number(params.get(name)) : undefined);
  openViewer(decodeURIComponent(match[1]), number("start"), number("end"));
}

function navigate(url) {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin) return false;
  history.pushState({}, "", target.pathname + target.search);
  route();
  return true;
}

function applyTheme(theme) {
  if (theme === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  $("theme").setAttribute("aria-label", `Theme: ${theme === "system" ? "follow the system" : theme}; change`);
}

function setUpTheme() {
  let theme = localStorage.getItem(THEME) || "system";
  applyTheme(theme);
  $("theme").addEventListener("click", () => {
    theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
    localStorage.setItem(THEME, theme);
    applyTheme(theme);
  });
}

function setUpChat() {
  const question = $("question");
  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = question.value.trim();
    if (!text) return;
    question.value = "";
    ask(text).then(() => question.focus());
  });
  question.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("ask-form").requestSubmit();
    }
  });
  $("new-conversation").addEventListener("click", newConversation);
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a.marker, a.source-link");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  if (navigate(link.href)) event.preventDefault();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !$("viewer").hidden) $("viewer-close").click();
});
window.addEventListener("popstate", route);

setUpTheme();
setUpChat();
setUp();
restore();
$("show-chat").addEventListener("click", () => showView("chat"));
$("show-documents").addEventListener("click", () => showView("documents"));
$("viewer-close").addEventListener("click", () => {
  history.pushState({}, "", "/");
  route();
});
$("home").addEventListener("click", (event) => {
  event.preventDefault();
  navigate("/");
  showView("chat");
});
route();
document.documentElement.dataset.ready = "true";
