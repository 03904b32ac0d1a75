/* Names for the controls Django admin's scripts build in the browser, which have none a screen reader
   can read (WCAG 1.3.1, 4.1.2; issue 16). Loaded on every admin page by templates/admin/base_site.html;
   the controls printed by the server are named in legalaid/admin_a11y.py.

   - select2's autocomplete (autocomplete_fields): its combobox is named by the selected value only, so
     an empty one has no name. It is named by the field's <label>, then its value.
   - The two-pane chooser (filter_horizontal, SelectFilter2.js): the search icon in each filter's label
     carries the label's words as aria-label on a plain span, where ARIA ignores it. As an image it
     keeps them.

   The widgets are built at different moments (select2 when the page is ready, the chooser on load, both
   again for each inline row added), so the page is watched: each change is named in the same task. */
"use strict";
{
    function labelFor(control) {
        const label = control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`);
        if (label && !label.id) {
            label.id = `${control.id}_label`;
        }
        return label;
    }

    function nameAutocompletes() {
        for (const select of document.querySelectorAll("select.admin-autocomplete.select2-hidden-accessible")) {
            const container = select.nextElementSibling;  // select2 puts its widget right after the select
            const selection = container && container.querySelector(".select2-selection");
            if (!selection || selection.dataset.named) {
                continue;
            }
            const rendered = selection.querySelector(".select2-selection__rendered");
            const label = labelFor(select);
            if (label) {
                selection.setAttribute("aria-labelledby", [label.id, rendered && rendered.id].filter(Boolean).join(" "));
                rendered && rendered.setAttribute("aria-labelledby", label.id);
            } else if (select.hasAttribute("aria-label")) {  // a field in a table row, named by its column
                selection.setAttribute("aria-label", select.getAttribute("aria-label"));
                rendered && rendered.setAttribute("aria-label", select.getAttribute("aria-label"));
            }
            selection.dataset.named = "1";
        }
    }

    function nameChooserIcons() {
        for (const icon of document.querySelectorAll(".selector-filter .search-label-icon[aria-label]:not([role])")) {
            icon.setAttribute("role", "img");
        }
    }

    function nameAll() {
        nameAutocompletes();
        nameChooserIcons();
    }

    // A deferred script: the document is parsed, the widgets are not built yet.
    nameAll();
    new MutationObserver(nameAll).observe(document.body, {childList: true, subtree: true});
}
