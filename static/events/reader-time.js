// Shows an event's start in the reader's own time zone next to the event's local time.
// Without JavaScript the element keeps its UTC text.
(function () {
  "use strict";
  var readerZone;
  try {
    readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  document.querySelectorAll("time.reader-time[datetime]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when.getTime())) {
      return;
    }
    if (el.dataset.eventTz === readerZone) {
      el.parentElement.hidden = true;
      return;
    }
    var text = new Intl.DateTimeFormat(undefined, {
      weekday: "short", day: "numeric", month: "short",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    }).format(when);
    el.textContent = text + " your time";
  });
})();
