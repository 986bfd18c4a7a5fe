/*
 * "Trích dẫn mục III.2.4": copies the citation of a clause plus its address.
 *
 * Each button carries data-cite (the citation text, made at build time) and
 * data-anchor (the clause id), shows the clause's full number ("Trích dẫn
 * mục III.2.4", under a heading that shows only the clause's own "4.") and
 * is named after it ("Sao chép trích dẫn mục III.2.4"). The address is the page's canonical link, which
 * every page has (site_url in mkdocs.yml), so the copied link is the public
 * site's from a local server and from the offline bundle too; the address
 * the page was opened from serves only a page built without one.
 *
 * The outcome is said in a polite live region as well as on the button, so
 * that a screen reader announces "Đã sao chép …".
 */
(function () {
  "use strict";

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  status.setAttribute("data-search-exclude", "");
  document.body.appendChild(status);

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
    status.textContent = "Đã sao chép trích dẫn " + (button.getAttribute("aria-label") || "").replace(/^Sao chép trích dẫn /, "");
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
