/*
 * Says on the page when search has its final results for a query.
 *
 * The search worker (workers/search-shards.js) answers a query at once from
 * the first tier of the index, then again when the second tier has added the
 * plans' clauses; when nothing more will come for a query it sends SETTLED
 * with the query and the number of results. This script, loaded in the head
 * before the theme creates its worker (as a polyfill in mkdocs.yml, after the
 * iframe-worker shim in the offline bundle), listens to every worker the page
 * makes and writes that message on the root element:
 *
 *   data-search-settled  the query whose results are final
 *   data-search-count    how many results the list holds for it
 *
 * Tests wait on these instead of on elapsed time; the theme ignores message
 * types it does not know.
 */
(function () {
  "use strict";

  var SETTLED = 9;
  var Base = window.Worker;
  if (!Base) {
    return;
  }

  function Watched(url, options) {
    var worker = new Base(url, options);
    worker.addEventListener("message", function (event) {
      var message = event.data;
      if (message && message.type === SETTLED) {
        var root = document.documentElement;
        root.setAttribute("data-search-count", String(message.data.count));
        root.setAttribute("data-search-settled", message.data.query);
      }
    });
    return worker;
  }
  Watched.prototype = Base.prototype;
  window.Worker = Watched;
})();
