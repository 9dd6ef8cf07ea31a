// quotetrail: a little progressive enhancement. Every page works without this file.
(function () {
  "use strict";

  // "/" focuses the search box (as on most sites); Escape leaves it.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var box = document.querySelector("form.search input[type=search]");
      if (box) {
        event.preventDefault();
        box.focus();
        box.select();
      }
    } else if (event.key === "Escape" && typing) {
      target.blur();
    }
  });

  // Article page: Enter on a highlighted quote jumps to its entry in the quote list, so a
  // keyboard user can go from the text to the speaker's page.
  document.addEventListener("keydown", function (event) {
    var mark = event.target;
    if (event.key !== "Enter" || !mark.classList || !mark.classList.contains("q")) {
      return;
    }
    var index = mark.id.slice(1);
    var entry = document.querySelector('.quote-list a[href="#q' + index + '"]');
    if (entry) {
      event.preventDefault();
      entry.focus();
    }
  });
})();
