// The demo site's own cookie banner: it switches the widget's page-view tracking on or off
// (the widget is embedded with data-tracking="ask"). A real site wires its consent manager
// to ProspectWidget.setTrackingConsent the same way.
(function () {
  var KEY = "orbitly-analytics";
  function apply(choice) {
    if (window.ProspectWidget) window.ProspectWidget.setTrackingConsent(choice === "yes");
  }
  function banner() {
    var choice = localStorage.getItem(KEY);
    if (choice) { apply(choice); return; }
    var box = document.getElementById("consent");
    box.hidden = false;
    box.querySelector(".yes").addEventListener("click", function () {
      localStorage.setItem(KEY, "yes"); box.hidden = true; apply("yes");
    });
    box.querySelector(".no").addEventListener("click", function () {
      localStorage.setItem(KEY, "no"); box.hidden = true; apply("no");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", banner);
  else banner();
})();
