/* The avatar crop tool: the chosen picture with a square to drag and a slider to size it. It
   fills the form's crop fields (fractions of the picture); without JavaScript the server keeps
   the centre. */
(function () {
  "use strict";
  var form = document.querySelector("form.avatar-form");
  if (!form) return;
  var input = form.querySelector("input.avatar-input");
  var panel = form.querySelector(".avatar-crop");
  var area = panel.querySelector(".avatar-crop-area");
  var img = area.querySelector("img");
  var box = area.querySelector(".avatar-crop-box");
  var slider = panel.querySelector(".avatar-crop-size");
  var fields = {
    x: form.querySelector("[name=crop_x]"),
    y: form.querySelector("[name=crop_y]"),
    side: form.querySelector("[name=crop_side]")
  };
  var state = { x: 0, y: 0, side: 1 };  // left/top as fractions of width/height; side of the shorter

  function place() {
    var w = img.clientWidth, h = img.clientHeight, px = Math.min(w, h) * state.side;
    state.x = Math.min(Math.max(state.x, 0), Math.max(0, (w - px) / w));
    state.y = Math.min(Math.max(state.y, 0), Math.max(0, (h - px) / h));
    box.style.width = box.style.height = px + "px";
    box.style.left = state.x * w + "px";
    box.style.top = state.y * h + "px";
    fields.x.value = state.x.toFixed(4);
    fields.y.value = state.y.toFixed(4);
    fields.side.value = state.side.toFixed(4);
  }

  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) return;
    img.onload = function () {
      panel.hidden = false;
      var w = img.clientWidth, h = img.clientHeight, px = Math.min(w, h);
      state = { x: (w - px) / 2 / w, y: (h - px) / 2 / h, side: 1 };
      slider.value = 100;
      place();
    };
    img.src = URL.createObjectURL(file);
  });

  slider.addEventListener("input", function () {
    state.side = slider.value / 100;
    place();
  });

  var drag = null;
  box.addEventListener("pointerdown", function (event) {
    drag = { x: event.clientX, y: event.clientY, start: { x: state.x, y: state.y } };
    box.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  box.addEventListener("pointermove", function (event) {
    if (!drag) return;
    state.x = drag.start.x + (event.clientX - drag.x) / img.clientWidth;
    state.y = drag.start.y + (event.clientY - drag.y) / img.clientHeight;
    place();
  });
  box.addEventListener("pointerup", function () { drag = null; });
})();
