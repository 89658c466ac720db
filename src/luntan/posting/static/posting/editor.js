/* The post editor's toolbar and preview. Without JavaScript the form is a plain textarea;
   the toolbar (rendered hidden by the server, labels already in the reader's script) only
   inserts BBCode, and the preview asks the server to render, so it shows exactly what will
   be stored. */
(function () {
  "use strict";

  function wrap(textarea, open, close) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var value = textarea.value, selected = value.slice(start, end);
    textarea.value = value.slice(0, start) + open + selected + close + value.slice(end);
    textarea.focus();
    var caret = start + open.length;
    textarea.setSelectionRange(caret, caret + selected.length);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function insertText(textarea, text) {
    wrap(textarea, text, "");
    var caret = textarea.selectionEnd;
    textarea.setSelectionRange(caret, caret);
  }

  function postForm(url, form, fields) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    Object.keys(fields).forEach(function (key) { data.append(key, fields[key]); });
    return fetch(url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.json(); });
  }

  function setup(form) {
    var textarea = form.querySelector("textarea.editor");
    var toolbar = form.querySelector(".editor-toolbar");
    if (!textarea || !toolbar) return;
    toolbar.hidden = false;

    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !toolbar.contains(button)) return;
      if (button.dataset.open !== undefined) {
        wrap(textarea, button.dataset.open, button.dataset.close || "");
      } else if (button.dataset.prompt) {
        var url = window.prompt(button.dataset.prompt, "https://");
        if (!url || url === "https://") return;
        var tag = button.dataset.tag;
        var selected = textarea.value.slice(textarea.selectionStart, textarea.selectionEnd);
        if (tag === "url" && selected) wrap(textarea, "[url=" + url + "]", "[/url]");
        else insertText(textarea, "[" + tag + "]" + url + "[/" + tag + "]");
      }
    });

    toolbar.querySelectorAll("select[data-tag]").forEach(function (select) {
      select.addEventListener("change", function () {
        if (!select.value) return;
        var tag = select.dataset.tag;
        wrap(textarea, "[" + tag + "=" + select.value + "]", "[/" + tag + "]");
        select.value = "";
      });
    });

    var preview = form.querySelector(".editor-preview");
    var previewButton = toolbar.querySelector(".preview-button");
    if (preview && previewButton) {
      previewButton.addEventListener("click", function () {
        if (!preview.hidden) {
          preview.hidden = true;
          textarea.hidden = false;
          previewButton.textContent = toolbar.dataset.previewLabel;
          return;
        }
        var ids = form.querySelector("[name=attachments]");
        postForm(toolbar.dataset.previewUrl, form, {
          body: textarea.value,
          attachments: ids ? ids.value : "",
          post: toolbar.dataset.post || ""
        }).then(function (answer) {
          // Server-rendered and sanitised: the same HTML the post will store.
          preview.innerHTML = answer.html || "";
          preview.hidden = false;
          textarea.hidden = true;
          previewButton.textContent = toolbar.dataset.editLabel;
        });
      });
    }
  }

  window.luntanEditor = { insertText: insertText };
  document.querySelectorAll("form.post-form").forEach(setup);
})();
