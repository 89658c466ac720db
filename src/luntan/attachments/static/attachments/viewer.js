/* Attached images open full size in a viewer over the page (Esc, a click or the × closes it);
   without JavaScript the link simply opens the image. */
(function () {
  "use strict";
  var overlay = null;

  function close() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function open(href, alt) {
    close();
    overlay = document.createElement("div");
    overlay.className = "image-viewer";
    overlay.setAttribute("role", "dialog");
    var img = document.createElement("img");
    img.src = href;
    img.alt = alt || "";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "close";
    button.textContent = "×";
    button.setAttribute("aria-label", document.documentElement.lang === "zh-hans" ? "关闭" : "關閉");
    overlay.append(img, button);
    overlay.addEventListener("click", close);
    document.body.append(overlay);
    button.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".post-body a.attach-image");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var img = link.querySelector("img");
    open(link.href, img ? img.alt : "");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });
})();
