/* Forms: the error summary takes the focus when a page comes back with errors, and its links move
   the focus into the field they name (following a #fragment alone only scrolls in most browsers).
   An external file so that the Content-Security-Policy needs no inline script. */
(function () {
  "use strict";
  function focusField(id) {
    var target = document.getElementById(id);
    if (!target) { return false; }
    if (!target.matches("input, select, textarea, button, a[href], [tabindex]")) {
      target.setAttribute("tabindex", "-1"); /* a form-wide error box */
    }
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    return true;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-focus-target]");
      if (link && focusField(link.getAttribute("data-focus-target"))) {
        event.preventDefault();
      }
    });
  });
})();
