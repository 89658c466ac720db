// 複製鏈接: put the thread's title and address on the clipboard. Without scripts the address
// stays visible in a read-only box instead.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".copy-link")) {
    const fallback = button.parentElement.querySelector(".copy-link-fallback");
    button.hidden = false;
    if (fallback) fallback.hidden = true;
    button.addEventListener("click", async () => {
      const text = `${button.dataset.copyTitle}\n${button.dataset.copyUrl}`;
      const label = button.textContent;
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = button.dataset.copiedLabel;
      } catch {
        if (fallback) fallback.hidden = false;
      }
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
});

// 查看 behind a CDN: the page came from the CDN's cache, so the browser reports the view
// (rendered only when LUNTAN_VIEW_BEACON is on; see docs/production.md).
document.addEventListener("DOMContentLoaded", () => {
  const thread = document.querySelector("[data-view-beacon]");
  if (thread && navigator.sendBeacon) navigator.sendBeacon(thread.dataset.viewBeacon);
});

// 高亮 with a #rrggbb colour: set through the DOM, since the page's CSP allows no style
// attribute. The server only ever renders a validated #rrggbb here.
document.addEventListener("DOMContentLoaded", () => {
  for (const title of document.querySelectorAll("[data-highlight]")) {
    if (/^#[0-9a-fA-F]{6}$/.test(title.dataset.highlight)) title.style.color = title.dataset.highlight;
  }
});
