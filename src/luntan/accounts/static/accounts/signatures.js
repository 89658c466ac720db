/* 隐藏签名: a reader's choice, kept in their browser, so the cached page stays the same for
   everyone and the choice holds on every thread. */
(function () {
  "use strict";
  var KEY = "luntan-hide-signatures";
  var root = document.documentElement;
  var button = document.querySelector(".signature-toggle");

  function apply(hidden) {
    root.classList.toggle("hide-signatures", hidden);
    if (button) button.textContent = hidden ? button.dataset.showLabel : button.dataset.hideLabel;
  }

  var stored = false;
  try { stored = window.localStorage.getItem(KEY) === "1"; } catch (e) { stored = false; }
  apply(stored);
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var hidden = !root.classList.contains("hide-signatures");
    try { window.localStorage.setItem(KEY, hidden ? "1" : "0"); } catch (e) { /* private mode */ }
    apply(hidden);
  });
})();
