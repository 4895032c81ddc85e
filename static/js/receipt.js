// The receipt page's Copy and Print buttons. Without script they stay hidden and the
// code is plain text on the page, to select, write down or print from the browser.
(function () {
  "use strict";

  function announce(text) {
    var status = document.querySelector(".receipt__copied");
    if (status) {
      status.textContent = text;
    }
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    var code = document.getElementById(button.getAttribute("data-copy"));
    selectText(code);
    if (!navigator.clipboard) {
      announce("Press Ctrl+C (or Cmd+C) to copy the selected code.");
      return;
    }
    navigator.clipboard.writeText(code.textContent.trim()).then(
      function () { announce("Copied."); },
      function () { announce("Press Ctrl+C (or Cmd+C) to copy the selected code."); }
    );
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
