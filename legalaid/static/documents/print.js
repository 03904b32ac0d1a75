// The print button of a document's print view (an external file: the Content-Security-Policy refuses inline handlers).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
