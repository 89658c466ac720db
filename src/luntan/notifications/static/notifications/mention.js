// @ in the editor: typing @ and the start of a name offers matching members; a click (or
// Enter on the highlighted one) completes the name. Without scripts, names are typed in full.
(() => {
  const membersUrl = document.currentScript.dataset.membersUrl;
  const PARTIAL = /(?:^|[^\w@.])@([\w.+-]{1,150})$/u;

  function attach(textarea) {
    const list = document.createElement("ul");
    list.className = "mention-suggestions";
    list.hidden = true;
    textarea.insertAdjacentElement("afterend", list);
    let active = -1;
    let asked = "";

    function close() { list.hidden = true; list.replaceChildren(); active = -1; }

    function complete(name) {
      const caret = textarea.selectionStart;
      const before = textarea.value.slice(0, caret).replace(/@[\w.+-]*$/u, `@${name} `);
      textarea.value = before + textarea.value.slice(caret);
      textarea.setSelectionRange(before.length, before.length);
      textarea.focus();
      close();
    }

    function highlight(index) {
      const items = list.querySelectorAll("li");
      items.forEach((item, n) => item.classList.toggle("active", n === index));
      active = index;
    }

    textarea.addEventListener("input", async () => {
      const match = PARTIAL.exec(textarea.value.slice(0, textarea.selectionStart));
      if (!match) { close(); return; }
      asked = match[1];
      const response = await fetch(`${membersUrl}?q=${encodeURIComponent(asked)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) { close(); return; }
      const { names } = await response.json();
      if (match[1] !== asked) return; // a later keystroke asked again
      list.replaceChildren(...names.map((name) => {
        const item = document.createElement("li");
        item.textContent = `@${name}`;
        item.addEventListener("mousedown", (event) => { event.preventDefault(); complete(name); });
        return item;
      }));
      list.hidden = names.length === 0;
      active = -1;
    });

    textarea.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      const items = list.querySelectorAll("li");
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + items.length) % items.length);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        complete(items[active].textContent.slice(1));
      } else if (event.key === "Escape") {
        close();
      }
    });
    textarea.addEventListener("blur", close);
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const textarea of document.querySelectorAll("textarea[name=body]")) attach(textarea);
  });
})();
