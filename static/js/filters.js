// Filter forms marked data-apply-on-change: a changed select applies at once,
// and empty fields are left out of the address. Without this script the form
// still works with its «Vis» button; the server redirects away empty fields.
(function () {
  "use strict";
  var FOCUS_KEY = "ia-filter-focus";

  function dropEmptyFields(form) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && !field.disabled && String(field.value).trim() === "") {
        field.disabled = true; // a disabled field is not submitted
      }
    });
  }

  function enhance(form) {
    Array.prototype.forEach.call(form.querySelectorAll(".filters__js-hint"), function (hint) {
      hint.hidden = false; // the form now applies changes itself, so say so
    });
    form.addEventListener("submit", function () {
      dropEmptyFields(form);
    });
    form.addEventListener("change", function (event) {
      if (event.target.tagName !== "SELECT") {
        return; // the search box applies on Enter, not while typing
      }
      try {
        sessionStorage.setItem(FOCUS_KEY, event.target.id);
      } catch (e) { /* storage may be off; focus then starts at the top */ }
      form.requestSubmit();
    });
  }

  function restoreFocus() {
    // After a change reloads the page, the keyboard continues where it was.
    var id;
    try {
      id = sessionStorage.getItem(FOCUS_KEY);
      sessionStorage.removeItem(FOCUS_KEY);
    } catch (e) {
      return;
    }
    var field = id && document.getElementById(id);
    if (field) {
      field.focus();
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-apply-on-change]"), enhance);
  restoreFocus();
})();
