// Timeline filters: without JavaScript the whole timeline shows; with it, readers narrow it down.
(function () {
  "use strict";
  var form = document.getElementById("tidslinje-filter");
  if (!form) return;
  var items = Array.prototype.slice.call(document.querySelectorAll("#tidslinje li[data-kind]"));
  var count = document.getElementById("tidslinje-antal");
  var fields = ["person", "organisation", "kind"];
  var params = new URLSearchParams(window.location.search);

  function has(list, value) {
    return !value || (" " + list + " ").indexOf(" " + value + " ") !== -1;
  }

  function apply() {
    var person = form.person.value, organisation = form.organisation.value, kind = form.kind.value;
    var shown = 0;
    items.forEach(function (li) {
      var ok = has(li.dataset.people, person) && has(li.dataset.organisations, organisation) &&
        (!kind || li.dataset.kind === kind);
      li.hidden = !ok;
      if (ok) shown += 1;
    });
    document.querySelectorAll("#tidslinje section").forEach(function (section) {
      section.hidden = !section.querySelector("li[data-kind]:not([hidden])");
    });
    // the words come from the theme's catalogue, through the page
    count.textContent = (count.dataset.words || "{shown} / {total}")
      .replace("{shown}", shown).replace("{total}", items.length);
    var query = new URLSearchParams();
    fields.forEach(function (name) { if (form[name].value) query.set(name, form[name].value); });
    var search = query.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  fields.forEach(function (name) {
    if (params.get(name)) form[name].value = params.get(name);
    form[name].addEventListener("change", apply);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();
