// Intake forms: offer an already registered person while the ID number is typed, and
// never send the same form twice by a double click.
(function () {
  "use strict";
  document.querySelectorAll("form.needs-once").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });

  document.querySelectorAll("form[data-lookup-url] .person-section").forEach(function (section) {
    var form = section.closest("form");
    var prefix = section.dataset.prefix;
    var input = section.querySelector("input[name='" + prefix + "-id_number']");
    var offer = section.querySelector(".person-offer");
    if (!input || !offer) { return; }
    input.addEventListener("change", function () {
      var number = input.value.trim();
      if (number.length < 6) { return; }
      fetch(form.dataset.lookupUrl + "?id_number=" + encodeURIComponent(number), {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : {found: false}; })
        .then(function (data) {
          if (!data.found) { offer.classList.add("d-none"); offer.querySelector(".offer-pk").value = ""; return; }
          // Only "registered" and the masked number: the server links the person by the full
          // number typed here when the box is ticked, never by an id sent to the browser.
          offer.querySelector(".offer-text").textContent = data.message;
          offer.querySelector(".offer-pk").value = "";
          offer.classList.remove("d-none");
        })
        .catch(function () { /* the server checks again on submit */ });
    });
  });
})();
