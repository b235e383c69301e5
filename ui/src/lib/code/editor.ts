import { closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { python } from '@codemirror/lang-python';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorState, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, highlightActiveLine, keymap, lineNumbers, placeholder as placeholderText, type DecorationSet } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { styleNonce } from './csp-nonce';

export type CodeLanguage = 'javascript' | 'python' | 'json' | 'text';

/** Syntax colours from the app's CSS variables, so the light and dark themes both apply. */
const colours = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword, tags.controlKeyword, tags.definitionKeyword], color: 'var(--code-keyword)' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--code-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [tags.propertyName, tags.definition(tags.variableName), tags.function(tags.variableName)], color: 'var(--code-name)' },
]);

const look = EditorView.theme({
  '&': { color: 'var(--text)', backgroundColor: 'var(--surface)', border: '1px solid var(--border)', borderRadius: '6px', fontSize: '0.929rem' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'var(--mono, monospace)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--hover)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent-soft) 45%, transparent)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--accent-soft)', outline: '1px solid var(--accent)' },
  '.cm-problem-line': { backgroundColor: 'color-mix(in srgb, var(--danger) 14%, transparent)' },
  '.cm-problem-at': { borderBottom: '2px wavy var(--danger)' },
  '.cm-panels': { backgroundColor: 'var(--hover)', color: 'var(--text)' },
});

/** Where the text breaks (an offset), marked in the editor: its line and the place itself. */
const setProblem = StateEffect.define<number | null>();
const problemMarks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setProblem)) continue;
      const at = effect.value;
      if (at === null) {
        next = Decoration.none;
        continue;
      }
      const doc = transaction.state.doc;
      const offset = Math.max(0, Math.min(at, doc.length));
      const line = doc.lineAt(offset);
      const end = Math.min(offset + 1, line.to);
      const ranges = [Decoration.line({ class: 'cm-problem-line' }).range(line.from)];
      if (end > offset) ranges.push(Decoration.mark({ class: 'cm-problem-at' }).range(offset, end));
      next = Decoration.set(ranges);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function language(kind: CodeLanguage): Extension {
  if (kind === 'javascript') return javascript();
  if (kind === 'python') return python();
  if (kind === 'json') return json();
  return [];
}

export interface EditorOptions {
  parent: HTMLElement;
  text: string;
  language: CodeLanguage;
  /** Attributes of the editable element: its id (for labels and tests), test id, accessible name. */
  attributes: Record<string, string>;
  placeholder?: string | undefined;
  onchange: (text: string) => void;
}

/**
 * A CodeMirror 6 editor: line numbers, syntax colours, bracket matching, search (Ctrl+F), undo,
 * and the app's theme. Its styles go into a `<style>` tag carrying Tauri's nonce, so the strict
 * CSP stays as it is.
 */
export function createEditor(options: EditorOptions): {
  view: EditorView;
  setText: (text: string) => void;
  markProblem: (offset: number | null) => void;
} {
  const nonce = styleNonce();
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        nonce ? EditorView.cspNonce.of(nonce) : [],
        lineNumbers(),
        history(),
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        highlightSelectionMatches(),
        search({ top: true }),
        syntaxHighlighting(colours),
        language(options.language),
        look,
        problemMarks,
        options.placeholder ? placeholderText(options.placeholder) : [],
        EditorView.contentAttributes.of({ spellcheck: 'false', ...options.attributes }),
        // Ctrl+Enter runs the Actor, everywhere on its page: the editor does not take it.
        keymap.of([...closeBracketsKeymap, ...defaultKeymap.filter((binding) => binding.key !== 'Mod-Enter'), ...historyKeymap, ...searchKeymap, indentWithTab]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onchange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    setText(text: string) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    markProblem(offset: number | null) {
      view.dispatch({ effects: setProblem.of(offset) });
    },
  };
}
