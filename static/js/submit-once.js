/* A create form sent once: a form carrying a one-time token (a hidden field named "once",
   core.forms.SubmitOnceForm) or marked data-submit-once ignores a second submit and greys
   its submit buttons while the first is on its way. Only a complement: the server creates
   once per token without any of this. The buttons are disabled after the submit event, so
   the pressed button's own name and value are still sent; coming back to the page (the
   browser's back button) enables them again. */
(function () {
  function guarded(form) {
    return form.matches("form[data-submit-once]") || form.querySelector('input[name="once"]') !== null;
  }
  function buttons(form) {
    return form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !guarded(form)) {
      return;
    }
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    window.setTimeout(function () {
      buttons(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
    }, 0);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      delete form.dataset.submitting;
      buttons(form).forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });
})();
