// The episode player: a click on a sentence of the transcript (or its time) plays the
// episode from that sentence, and the sentence being spoken is marked. Without this
// script the times are links to the MP3 at that moment (`#t=`) and the text reads the same.
(function () {
  "use strict";
  function setUp(section) {
    var audio = section.querySelector("audio");
    if (!audio) return;
    var lines = Array.prototype.slice.call(section.querySelectorAll("li[data-start]"));
    var starts = lines.map(function (line) { return parseFloat(line.getAttribute("data-start")); });
    var current = null;
    section.classList.add("is-playable");

    section.addEventListener("click", function (event) {
      var target = event.target.closest("[data-start]");
      if (!target || !section.contains(target)) return;
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return; // new tab
      event.preventDefault();
      audio.currentTime = parseFloat(target.getAttribute("data-start"));
      var playing = audio.play();
      if (playing && playing.catch) playing.catch(function () {}); // the reader may play it
    });

    audio.addEventListener("timeupdate", function () {
      var time = audio.currentTime;
      var index = -1;
      for (var i = 0; i < starts.length && starts[i] <= time + 0.05; i++) index = i;
      var line = index >= 0 ? lines[index] : null;
      if (line === current) return;
      if (current) current.removeAttribute("aria-current");
      if (line) line.setAttribute("aria-current", "time");
      current = line;
    });
  }
  var sections = document.querySelectorAll("[data-episode]");
  for (var i = 0; i < sections.length; i++) setUp(sections[i]);
})();
