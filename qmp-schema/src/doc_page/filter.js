// The filter box: what is typed narrows the entries and the contents to those whose wire
// or Rust name holds it, ignoring case. An empty box shows everything.
(function () {
  "use strict";
  var box = document.getElementById("filter");
  var count = document.getElementById("filter-count");
  if (!box || !count) {
    return;
  }
  // Entries and contents lines alike; their names are lowered once, not per keystroke.
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-names]"));
  var names = items.map(function (item) {
    return item.getAttribute("data-names").toLowerCase().split(" ");
  });
  var entries = items.filter(function (item) {
    return item.tagName === "SECTION";
  }).length;
  // A part of the page or of the contents whose every item is hidden loses its heading.
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]"));

  function apply() {
    var query = box.value.trim().toLowerCase();
    var shown = 0;
    items.forEach(function (item, index) {
      var match = query === "" || names[index].some(function (name) {
        return name.indexOf(query) !== -1;
      });
      item.hidden = !match;
      if (match && item.tagName === "SECTION") {
        shown += 1;
      }
    });
    groups.forEach(function (group) {
      group.hidden = group.querySelector("[data-names]:not([hidden])") === null;
    });
    count.textContent = query === ""
      ? entries + " entries"
      : shown + " of " + entries + " entries";
  }

  // A link to an entry the filter hides (a "used by" link, a typed-in address) clears
  // the filter, so that the link lands.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id === "" ? null : document.getElementById(id);
    if (target !== null && target.closest("[hidden]") !== null) {
      box.value = "";
      apply();
      target.scrollIntoView();
    }
  }

  box.addEventListener("input", apply);
  window.addEventListener("hashchange", reveal);
  box.parentElement.hidden = false;
  // A browser may restore the box's text on reload: the entries follow it.
  apply();
  reveal();
})();
