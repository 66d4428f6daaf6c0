// Copying text, with a fallback where the Clipboard API is unavailable (plain-HTTP origins).

export async function copyText(text, done = "Copied") {
  const status = document.getElementById("chat-status");
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  status.textContent = done;
}
