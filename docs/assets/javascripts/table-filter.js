/*
 * Filterable tables, no dependencies: every <table data-filterable> gets a
 * box above it ("Lọc bảng"); typing keeps the body rows whose text holds
 * every typed word, compared without diacritics and case ("ha noi" keeps
 * "Hà Nội"), and says how many rows are shown in a polite live region.
 */
(function () {
  "use strict";

  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-filterable]"), function (table, index) {
    var rows = Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
    var texts = rows.map(function (row) { return plain(row.textContent); });
    var box = document.createElement("div");
    box.className = "table-filter";
    var id = "loc-bang-" + (index + 1);
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Lọc bảng";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.placeholder = "số hiệu, cơ quan, địa phương…";
    var status = document.createElement("span");
    status.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    var wrapper = table.closest(".md-typeset__scrollwrap") || table;
    wrapper.parentNode.insertBefore(box, wrapper);

    input.addEventListener("input", function () {
      var words = plain(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, position) {
        var keep = words.every(function (word) { return texts[position].indexOf(word) !== -1; });
        row.hidden = !keep;
        shown += keep ? 1 : 0;
      });
      status.textContent = words.length ? "Hiện " + shown + "/" + rows.length + " dòng" : "";
      table.setAttribute("data-filtered", String(shown));
    });
  });
})();
