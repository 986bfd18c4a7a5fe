/*
 * Sortable tables, no dependencies: every <table data-sortable> gets a
 * button in each column header. A cell's data-sort value (if any) is the
 * sort key; cells marked data-sort-type="number" compare as numbers, the
 * rest as Vietnamese text. Clicking again reverses the order; the header
 * carries aria-sort so screen readers announce it.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });

  function key(cell) {
    if (!cell) {
      return { number: false, value: "" };
    }
    var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (cell.getAttribute("data-sort-type") === "number") {
      return { number: true, value: parseFloat(value) };
    }
    return { number: false, value: value };
  }

  function compare(a, b) {
    if (a.number && b.number) {
      return a.value - b.value;
    }
    return collator.compare(String(a.value), String(b.value));
  }

  function sortBy(table, column, header) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    var indexed = rows.map(function (row, index) {
      return { row: row, key: key(row.cells[column]), index: index };
    });
    indexed.sort(function (a, b) {
      var order = compare(a.key, b.key);
      return (ascending ? order : -order) || a.index - b.index;
    });
    indexed.forEach(function (item) { body.appendChild(item.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function setUp(table) {
    if (!table.tHead || !table.tBodies.length) {
      return;
    }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.title = "Sắp xếp theo cột này";
      while (header.firstChild) {
        button.appendChild(header.firstChild);
      }
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, column, header); });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
