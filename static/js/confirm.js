/* Ask before a destructive action: a submit button (or its form) with data-confirm="question"
   submits only when the person answers OK. Without JavaScript the form submits as before;
   the server-side flow stays safe on its own (a removal from a draft is not saved until
   «Lagre», the other removals and decisions are recorded in the audit trail). */
document.addEventListener("submit", function (event) {
  var source = event.submitter && event.submitter.dataset.confirm ? event.submitter : event.target;
  var question = source.dataset ? source.dataset.confirm : null;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
