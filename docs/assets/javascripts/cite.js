/*
 * "Sao chép trích dẫn": copies the citation of a clause plus its address.
 *
 * Each button carries data-cite (the citation text, made at build time) and
 * data-anchor (the clause id). The address is the page's canonical URL when
 * the site declares one, else the address the page was opened from, so the
 * copied link is right on the public site, on a local server and offline.
 */
(function () {
  "use strict";

  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical ? canonical.href : window.location.href;
    return base.split("#")[0];
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return fallbackCopy(text); }
      );
    }
    return Promise.resolve(fallbackCopy(text));
  }

  function confirm(button, copied, text) {
    var label = button.textContent;
    if (!copied) {
      window.prompt("Chép câu trích dẫn này:", text);
      return;
    }
    button.textContent = "Đã sao chép";
    button.classList.add("cite-copy--done");
    window.setTimeout(function () {
      button.textContent = label;
      button.classList.remove("cite-copy--done");
    }, 2000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.cite-copy");
    if (!button) {
      return;
    }
    var text = button.dataset.cite + " – " + pageAddress() + "#" + button.dataset.anchor;
    copy(text).then(function (copied) { confirm(button, copied, text); });
  });
})();
