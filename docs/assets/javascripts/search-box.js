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
 * Vietnamese writes the tone of a final "oa", "oe", "uy" in two places
 * ("hoá" / "hóa", "Uỷ" / "Ủy"); plan text and the index use the traditional
 * one (generator.textutil.unify_tones), and so does the query, by the same rule.
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

  var PAIRS = {};
  [["o", "ae"], ["u", "y"]].forEach(function (pair) {
    ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"].forEach(function (mark) {
      [pair[0], pair[0].toUpperCase()].forEach(function (first) {
        pair[1].split("").forEach(function (second) {
          [second, second.toUpperCase()].forEach(function (s) {
            PAIRS[first + (s + mark).normalize("NFC")] = (first + mark).normalize("NFC") + s;
          });
        });
      });
    });
  });
  // the pair must end its syllable ("hoàn", "khuỷu" stay) and "qu" is a consonant ("quý" stays)
  var OLD_TONE = new RegExp("(?<![qQ])(?:" + Object.keys(PAIRS).join("|") + ")(?![\\p{L}\\p{M}\\p{N}_])", "gu");

  function unifyTones(text) {
    return text.replace(OLD_TONE, function (pair) { return PAIRS[pair]; });
  }

  function normalize() {
    var value = unifyTones(box.value.normalize("NFC"));
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
