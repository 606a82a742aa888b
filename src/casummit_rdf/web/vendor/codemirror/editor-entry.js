// casummit SPARQL editor: CodeMirror 6 with the legacy SPARQL mode, mounted in a shadow root
// so that its styles are constructable stylesheets (allowed under style-src 'self').
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { autocompletion, completionKeymap, closeBrackets } from "@codemirror/autocomplete";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";

/** Completions: declared-prefix lines for known prefixes, and prefixed names' prefixes. */
function prefixCompletions(prefixes) {
  return (context) => {
    const word = context.matchBefore(/[A-Za-z][\w-]*:?/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const line = context.state.doc.lineAt(context.pos);
    const atLineStart = /^\s*(PREFIX\s+)?$/i.test(line.text.slice(0, word.from - line.from));
    const options = Object.entries(prefixes).map(([name, iri]) => (atLineStart
      ? { label: name + ":", detail: iri, apply: (/^\s*PREFIX\s+$/i.test(line.text.slice(0, word.from - line.from)) ? "" : "PREFIX ") + `${name}: <${iri}>`, type: "namespace" }
      : { label: name + ":", detail: iri, type: "namespace" }));
    return { from: word.from, options, validFor: /^[\w-]*:?$/ };
  };
}

/**
 * Create an editor in `host` (a shadow root is attached to it).
 * options: {prefixes: {name: iri}, onRun: () => void, label: string}
 */
function create(host, doc, options = {}) {
  const shadow = host.shadowRoot || host.attachShadow({ mode: "open" });
  const parent = document.createElement("div");
  shadow.replaceChildren(parent);
  const run = options.onRun || (() => {});
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(), bracketMatching(), closeBrackets(),
        StreamLanguage.define(sparql), syntaxHighlighting(defaultHighlightStyle),
        autocompletion({ override: [prefixCompletions(options.prefixes || {})] }),
        keymap.of([{ key: "Mod-Enter", run: () => { run(); return true; } },
          ...completionKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ "aria-label": options.label || "SPARQL query" }),
        // Typing over a selection is done by the editor itself: left to the browser's own
        // contenteditable, Chrome first writes an inline-styled node, which the CSP refuses.
        EditorView.domEventHandlers({
          beforeinput(event, view) {
            if (event.inputType !== "insertText" || !event.data || view.state.selection.ranges.every((r) => r.empty)) return false;
            event.preventDefault();
            view.dispatch(view.state.replaceSelection(event.data), { scrollIntoView: true, userEvent: "input.type" });
            return true;
          },
        }),
        EditorView.theme({
          "&": { border: "1px solid #d9dee5", borderRadius: "4px", background: "#fff", fontSize: "14px" },
          ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", minHeight: "12em", maxHeight: "32em" },
          "&.cm-focused": { outline: "2px solid #0b6e99" },
        }),
        EditorView.updateListener.of((update) => { if (update.docChanged && options.onChange) options.onChange(); }),
      ],
    }),
  });
  return {
    view,
    get: () => view.state.doc.toString(),
    set: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    insertAtStart: (text) => view.dispatch({ changes: { from: 0, insert: text } }),
    focus: () => view.focus(),
  };
}

window.casummitEditor = { create };
