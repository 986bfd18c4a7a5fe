/*
 * The theme's search box, made to fit the site's index.
 *
 * Queries are put in Unicode NFC, the form the index is written in
 * (generator/site/search.py). A keyboard or a paste may give decomposed text
 * (NFD: "a" + combining marks), which would match nothing; each edit of the
 * box is normalized before the theme reads it, and so is a query given in the
 * address (?q=...), which the theme has already put in the box when this
 * script runs.
 *
 * The theme reads the box on keyup only, and an edit may come without one (a
 * paste from a menu, some phone keyboards composing Vietnamese): each edit is
 * also announced as a keyup. The theme ignores a value it has already
 * searched for.
 *
 * The search dialog (role="dialog" in the theme) gets the name of its box,
 * "Tìm kiếm", so that screen readers announce what opened.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-md-component=search-query]");
  if (!box) {
    return;
  }

  function normalize() {
    var value = box.value.normalize("NFC");
    if (value !== box.value) {
      var fromEnd = box.value.length - box.selectionEnd;
      box.value = value;
      box.setSelectionRange(value.length - fromEnd, value.length - fromEnd);
    }
  }

  box.addEventListener("input", function () {
    normalize();
    box.dispatchEvent(new KeyboardEvent("keyup"));
  });
  normalize();

  var dialog = box.closest("[role=dialog]");
  if (dialog && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", box.getAttribute("aria-label") || box.placeholder);
  }
})();
