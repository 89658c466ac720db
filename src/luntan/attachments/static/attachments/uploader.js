/* Uploads from the post form: the file button, drag and drop onto the editor, and images
   pasted from the clipboard, several at once, each with its progress. Every upload becomes an
   id in the form's hidden "attachments" field and a line with an 插入 button that puts its
   [attach] code at the cursor. Without JavaScript the plain file input posts with the form. */
(function () {
  "use strict";

  function setup(form) {
    var panel = form.querySelector(".uploader");
    var input = form.querySelector("input.attach-input");
    var ids = form.querySelector("[name=attachments]");
    var textarea = form.querySelector("textarea.editor");
    if (!panel || !input || !ids || !textarea || !window.FormData) return;
    panel.hidden = false;
    var list = panel.querySelector(".upload-list");

    function insert(code) {
      if (window.luntanEditor) window.luntanEditor.insertText(textarea, code);
      else textarea.value += code;
    }

    function addId(id) {
      var known = ids.value ? ids.value.split(",") : [];
      known.push(String(id));
      ids.value = known.join(",");
    }

    function line(name) {
      var item = document.createElement("li");
      var label = document.createElement("span");
      label.className = "name";
      label.textContent = name;
      var progress = document.createElement("progress");
      progress.max = 100;
      progress.value = 0;
      item.append(label, " ", progress);
      list.append(item);
      return item;
    }

    function finished(item, file) {
      item.textContent = "";
      item.dataset.bbcode = file.bbcode;
      if (file.thumbnail) {
        var img = document.createElement("img");
        img.src = file.thumbnail;
        img.alt = "";
        item.append(img);
      }
      var label = document.createElement("span");
      label.className = "name";
      label.textContent = file.name;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "insert";
      button.textContent = panel.dataset.insertLabel;
      var price = document.createElement("input");
      price.type = "number";
      price.min = "0";
      price.value = "0";
      price.className = "attach-price-input";
      price.dataset.url = file.url + "price/";
      price.setAttribute("aria-label", panel.dataset.priceLabel);
      var priceLabel = document.createElement("label");
      priceLabel.append(panel.dataset.priceLabel + " ", price);
      item.append(label, " ", button, " ", priceLabel);
    }

    function savePrice(input) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("price", input.value || "0");
      fetch(input.dataset.url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          input.setCustomValidity(answer.error || "");
          if (answer.error) input.reportValidity();
        });
    }

    function failed(item, message) {
      var error = document.createElement("p");
      error.className = "field-error";
      error.setAttribute("role", "alert");
      error.textContent = message || panel.dataset.failedLabel;
      var bar = item.querySelector("progress");
      if (bar) bar.remove();
      item.append(error);
    }

    function send(file) {
      var item = line(file.name || "image.png");
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("board", form.dataset.board);
      data.append("file", file, file.name || "image.png");
      var request = new XMLHttpRequest();
      request.open("POST", form.dataset.uploadUrl);
      request.upload.addEventListener("progress", function (event) {
        var bar = item.querySelector("progress");
        if (bar && event.lengthComputable) bar.value = Math.round(100 * event.loaded / event.total);
      });
      request.addEventListener("load", function () {
        var answer = {};
        try { answer = JSON.parse(request.responseText); } catch (e) { answer = {}; }
        if (answer.files && answer.files.length) {
          addId(answer.files[0].id);
          finished(item, answer.files[0]);
        } else {
          failed(item, (answer.errors && answer.errors[0] && answer.errors[0].error) || answer.error);
        }
      });
      request.addEventListener("error", function () { failed(item); });
      request.send(data);
    }

    function sendAll(files) {
      Array.prototype.forEach.call(files, send);
    }

    input.addEventListener("change", function () {
      sendAll(input.files);
      input.value = "";  // sent already: the form must not post them again
    });
    textarea.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
        event.preventDefault();
      }
    });
    textarea.addEventListener("drop", function (event) {
      if (event.dataTransfer && event.dataTransfer.files.length) {
        event.preventDefault();
        sendAll(event.dataTransfer.files);
      }
    });
    textarea.addEventListener("paste", function (event) {
      var files = event.clipboardData ? event.clipboardData.files : [];
      if (files && files.length) {
        event.preventDefault();
        sendAll(files);
      }
    });
    list.addEventListener("change", function (event) {
      if (event.target.matches("input.attach-price-input")) savePrice(event.target);
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button.insert");
      if (button) insert(button.closest("li").dataset.bbcode);
    });
    var attachButton = form.querySelector(".editor-toolbar .attach-button");
    if (attachButton) attachButton.addEventListener("click", function () { input.click(); });
  }

  document.querySelectorAll("form.post-form[data-upload-url]").forEach(setup);
})();
