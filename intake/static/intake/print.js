// The print button of a printable form (an external file: the Content-Security-Policy refuses inline handlers).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
