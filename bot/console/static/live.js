// The conversations going on now: poll the JSON every 5 seconds and redraw the rows.
// Prospects' words go in with textContent only: they are never markup.
(function () {
  "use strict";
  var table = document.getElementById("live");
  if (!table) return;
  var body = table.querySelector("tbody");
  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }
  function draw(rows) {
    var fresh = document.createDocumentFragment();
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      var who = document.createElement("a");
      who.href = "/console/leads/" + encodeURIComponent(r.lead_id);
      who.textContent = r.who;
      cell(tr, "").appendChild(who);
      cell(tr, r.channel);
      cell(tr, r.mode);
      cell(tr, String(r.score)).className = "num";
      cell(tr, r.handoff + (r.claimed_by ? " · " + r.claimed_by : ""));
      var last = cell(tr, " " + r.last_text);
      var author = document.createElement("span");
      author.className = "sub";
      author.textContent = r.last_author + ":";
      last.insertBefore(author, last.firstChild);
      cell(tr, r.last_at);
      fresh.appendChild(tr);
    });
    if (!rows.length) {
      var tr = document.createElement("tr");
      cell(tr, table.getAttribute("data-empty")).colSpan = 7;
      fresh.appendChild(tr);
    }
    body.replaceChildren(fresh);
    table.setAttribute("data-updated", String(Date.now()));
  }
  function poll() {
    fetch(table.getAttribute("data-source"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) draw(data.conversations); })
      .catch(function () { /* offline for a moment: the next poll tries again */ });
  }
  setInterval(poll, 5000);
})();
