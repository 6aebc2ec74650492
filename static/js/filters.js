// Filter forms marked data-apply-on-change: a changed select applies at once,
// and empty fields are left out of the address. Without this script the form
// still works with its «Vis» button; the server redirects away empty fields.
(function () {
  "use strict";
  var FOCUS_KEY = "ia-filter-focus";
  // Keys that step through a closed select's options: each step fires
  // «change», so a keyboard user's choice applies on Enter or on leaving the
  // field instead of reloading the page at every step.
  var STEP_KEYS = ["ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"];

  function dropEmptyFields(form) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && !field.disabled && String(field.value).trim() === "") {
        field.disabled = true; // a disabled field is not submitted
      }
    });
  }

  function apply(form, focusId) {
    try {
      sessionStorage.setItem(FOCUS_KEY, focusId || "");
    } catch (e) { /* storage may be off; focus then starts at the top */ }
    form.requestSubmit();
  }

  function enhance(form) {
    var stepping = null; // a select changed by keys, not yet applied
    Array.prototype.forEach.call(form.querySelectorAll(".filters__js-hint"), function (hint) {
      hint.hidden = false; // the form now applies changes itself, so say so
    });
    form.addEventListener("submit", function () {
      dropEmptyFields(form);
    });
    form.addEventListener("keydown", function (event) {
      if (event.target.tagName !== "SELECT") {
        return;
      }
      if (STEP_KEYS.indexOf(event.key) !== -1) {
        stepping = event.target;
      } else if (event.key === "Enter" && stepping === event.target) {
        event.preventDefault();
        apply(form, event.target.id);
      }
    });
    form.addEventListener("change", function (event) {
      if (event.target.tagName !== "SELECT" || stepping === event.target) {
        return; // the search box applies on Enter, not while typing
      }
      apply(form, event.target.id);
    });
    form.addEventListener("focusout", function (event) {
      if (stepping === event.target) {
        stepping = null;
        apply(form, event.relatedTarget && event.relatedTarget.id);
      }
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
