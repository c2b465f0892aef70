// Open the details fold a link points at (matrix cells link to them), open every fold
// before printing so paper shows everything, and filter the proposals by the words typed.
(function () {
  "use strict";
  function openTarget() {
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (malformed) {  // a hand-edited link such as #%E0 opens nothing, and throws nothing
      return;
    }
    var target = id ? document.getElementById(id) : null;
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.scrollIntoView();
    }
  }
  // A proposal stays when its matrix row (title, id, verdicts) or its heading holds every
  // word typed; its row and its article are shown or hidden together.
  function setUpFilter() {
    var box = document.getElementById("filter");
    var field = document.getElementById("filter-text");
    var count = document.getElementById("filter-count");
    if (!box || !field || !count) {
      return;
    }
    var rows = Array.prototype.slice.call(
      document.querySelectorAll("table.matrix tbody tr[data-proposal]"));
    var articles = {};
    document.querySelectorAll("article[data-proposal]").forEach(function (article) {
      articles[article.getAttribute("data-proposal")] = article;
    });
    function apply() {
      var words = field.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var id = row.getAttribute("data-proposal");
        var article = articles[id];
        var heading = article ? article.querySelector("h3") : null;
        var text = (id + " " + row.textContent + " " +
                    (heading ? heading.textContent : "")).toLowerCase();
        var keep = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !keep;
        if (article) {
          article.hidden = !keep;
        }
        shown += keep ? 1 : 0;
      });
      count.textContent = words.length ? shown + " of " + rows.length + " proposals" : "";
    }
    field.addEventListener("input", apply);
    box.hidden = false;
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", function () {
    setUpFilter();
    openTarget();
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (fold) { fold.open = true; });
  });
})();
