// Reference export: BibTeX and RIS buttons that download documents' references from
// /v1/references (with the API key when one is typed, so a read key applies too).

import { fetchReferences } from "./api.js";

const FORMATS = [
  { format: "bibtex", name: "BibTeX", suffix: "bib" },
  { format: "ris", name: "RIS", suffix: "ris" },
];

// Saves a Blob under a file name, through a temporary <a download>.
function saveAs(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// A labelled group of buttons, one per format, that download the references of docIds()
// (every stored document when it returns an empty list); onError gets a failure's message.
export function exportButtons(what, docIds, onError) {
  const group = document.createElement("div");
  group.className = "export";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", `Download ${what} as references`);
  group.append(Object.assign(document.createElement("span"), { textContent: "Cite:", className: "export-label" }));
  for (const { format, name, suffix } of FORMATS) {
    const button = Object.assign(document.createElement("button"), { type: "button", textContent: name });
    button.dataset.format = format;
    button.setAttribute("aria-label", `Download ${what} as ${name}`);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        saveAs(await fetchReferences(format, docIds()), `citeqa-references.${suffix}`);
      } catch (error) {
        onError(`The references could not be downloaded: ${error.message}`);
      }
      button.disabled = false;
    });
    group.append(button);
  }
  return group;
}
