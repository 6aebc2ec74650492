// «Select all» on the admin's export page (django-import-export). The package wires
// it with an inline onchange attribute, which the Content-Security-Policy blocks.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (!toggle) {
    return;
  }
  toggle.addEventListener("change", () => {
    const boxes = document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]');
    boxes.forEach((box) => {
      box.checked = toggle.checked;
    });
  });
});
