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

// BBCode colours, fonts and sizes, and thread highlights, arrive as data- attributes: the
// Content-Security-Policy refuses style="" attributes, not styles set through the CSSOM (which
// also ignores any value that is not CSS).
document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll("[data-color]")) el.style.color = el.dataset.color;
  for (const el of document.querySelectorAll("[data-bgcolor]")) {
    el.style.backgroundColor = el.dataset.bgcolor;
  }
  for (const el of document.querySelectorAll("[data-font]")) el.style.fontFamily = el.dataset.font;
  for (const el of document.querySelectorAll("[data-size]")) {
    el.style.fontSize = `${el.dataset.size}px`;
  }
});

// A form the page asks to send at once (the social login's POST, after a same-site click).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-autosubmit]");
  if (form) form.submit();
});
// 高亮 with a #rrggbb colour: set through the DOM, since the page's CSP allows no style
// attribute. The server only ever renders a validated #rrggbb here.
document.addEventListener("DOMContentLoaded", () => {
  for (const title of document.querySelectorAll("[data-highlight]")) {
    if (/^#[0-9a-fA-F]{6}$/.test(title.dataset.highlight)) title.style.color = title.dataset.highlight;
  }
});
