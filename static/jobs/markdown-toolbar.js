// A small Markdown toolbar above each <textarea data-markdown-toolbar>.
// It only inserts Markdown syntax around the selection; the server renders and
// sanitises, and "Save and preview" shows the result exactly as readers see it.
(function () {
  "use strict";

  var ACTIONS = [
    { label: "Bold", text: "B", wrap: ["**", "**"], placeholder: "bold text" },
    { label: "Italic", text: "I", wrap: ["*", "*"], placeholder: "italic text" },
    { label: "Heading", text: "H", line: "## ", placeholder: "Heading" },
    { label: "Bulleted list", text: "• List", line: "- ", placeholder: "item" },
    { label: "Numbered list", text: "1. List", line: "1. ", placeholder: "item" },
    { label: "Link", text: "Link", wrap: ["[", "](https://)"], placeholder: "link text" },
    { label: "Code", text: "</>", wrap: ["`", "`"], placeholder: "code" }
  ];

  function apply(textarea, action) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var value = textarea.value;
    var selected = value.slice(start, end) || action.placeholder;
    var before = value.slice(0, start);
    var insert;
    if (action.line) {
      var atLineStart = before === "" || before.slice(-1) === "\n";
      insert = (atLineStart ? "" : "\n") + selected.split("\n").map(function (line) {
        return action.line + line;
      }).join("\n");
    } else {
      insert = action.wrap[0] + selected + action.wrap[1];
    }
    textarea.value = before + insert + value.slice(end);
    textarea.focus();
    var caret = before.length + insert.length;
    textarea.setSelectionRange(caret, caret);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function build(textarea) {
    var bar = document.createElement("div");
    bar.className = "markdown-toolbar btn-group btn-group-sm flex-wrap mb-1";
    bar.setAttribute("role", "toolbar");
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    bar.setAttribute("aria-label", "Formatting for " + (label ? label.textContent.replace("*", "").trim() : "text"));
    bar.setAttribute("aria-controls", textarea.id);
    ACTIONS.forEach(function (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-secondary";
      button.textContent = action.text;
      button.title = action.label;
      button.setAttribute("aria-label", action.label);
      button.addEventListener("click", function () { apply(textarea, action); });
      bar.appendChild(button);
    });
    textarea.parentNode.insertBefore(bar, textarea);
  }

  document.querySelectorAll("textarea[data-markdown-toolbar]").forEach(build);
})();
