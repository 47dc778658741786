// Shows an event's start and end in the reader's own time zone next to the event's local
// time, in the format the page uses for it ("Wed 2 Dec 2026, 03:00–05:00 EST").
// Without JavaScript the element keeps the same span in UTC.
(function () {
  "use strict";
  var readerZone, format;
  try {
    readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // English parts, put in the page's order below; h23 so midnight is 00, not 24.
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: readerZone, weekday: "short", day: "numeric", month: "short", year: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"
    });
  } catch (e) {
    return;
  }
  function parts(when) {
    var found = {};
    format.formatToParts(when).forEach(function (part) { found[part.type] = part.value; });
    return found;
  }
  function day(p) { return p.weekday + " " + p.day + " " + p.month + " " + p.year; }
  function clock(p) { return p.hour + ":" + p.minute; }
  document.querySelectorAll("time.reader-time[datetime]").forEach(function (el) {
    var start = new Date(el.getAttribute("datetime"));
    var end = new Date(el.dataset.end);
    if (isNaN(start.getTime()) || isNaN(end.getTime())) {
      return;
    }
    if (el.dataset.eventTz === readerZone) {
      el.parentElement.hidden = true;
      return;
    }
    var s = parts(start), e = parts(end);
    var text = day(s) === day(e)
      ? day(s) + ", " + clock(s) + "\u2013" + clock(e)
      : day(s) + ", " + clock(s) + " \u2013 " + day(e) + ", " + clock(e);
    el.textContent = text + " " + s.timeZoneName + " your time";
  });
})();
