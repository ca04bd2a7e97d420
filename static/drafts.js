/* Keeps what a writing form holds as a draft when the page is left other than by one of the
   form's buttons (a link, the back button, another tab, closing it): the form is sent in
   the background, as its "Garder en brouillon" button would send it, but answered with
   nothing. Without JavaScript the form's own buttons keep the draft; this only adds the
   rest. */
(function () {
  "use strict";
  if (!navigator.sendBeacon || !window.FormData) {
    return;
  }
  var buttons = document.querySelectorAll('form button[name="quitter"][value="brouillon"]');
  Array.prototype.forEach.call(buttons, function (button) {
    var form = button.form;
    var changed = false;
    var sent = false;
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("change", function () { changed = true; });
    form.addEventListener("submit", function () { sent = true; });
    function keep() {
      if (sent || !changed) {
        return;
      }
      var data = new FormData(form);
      data.set("quitter", "fond");
      if (navigator.sendBeacon(form.action, data)) {
        changed = false;
      }
    }
    window.addEventListener("pagehide", keep);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        keep();
      }
    });
  });
}());
