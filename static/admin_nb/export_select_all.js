// «Velg alle» on the admin's export page: ticks or clears every column's checkbox.
// (django-import-export wires this with an inline handler, which the CSP blocks.)
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector("#select-all-toggle");
  if (!toggle) return;
  toggle.addEventListener("change", () => {
    document
      .querySelectorAll('.selectable-field-export-row input[type="checkbox"]:not(#select-all-toggle)')
      .forEach((checkbox) => {
        checkbox.checked = toggle.checked;
      });
  });
});
