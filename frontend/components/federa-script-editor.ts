/*
 * <federa-script-editor>: a Slurm batch script in CodeMirror 6 (io.federa.shell.ScriptEditor is its
 * Java side). Shell highlighting, line numbers, #SBATCH directives marked (those sbatch reads, and
 * those after the first command that it ignores), and the portal's own checks of the script shown on
 * the line they concern: `marks` = [{line, message, severity}] comes from the server, which owns
 * every rule. Keyboard: Tab indents; Esc then Tab (or Ctrl-M) leaves the editor.
 *
 * The value goes to the server as a `value-changed` event ~300 ms after typing stops and on blur.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { EditorState, StateEffect, StateField, type Extension, type Range } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  ViewPlugin,
  WidgetType,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  placeholder,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { shell } from '@codemirror/legacy-modes/mode/shell';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { tags } from '@lezer/highlight';

export type Severity = 'error' | 'warning' | 'info';
export interface Mark {
  line: number;
  message: string;
  severity: Severity;
}

const SBATCH = /^#SBATCH(?=\s|$)/;
const OPTION = /(-{1,2}[A-Za-z][\w-]*)(?:(=|\s+)("[^"]*"|'[^']*'|[^\s#]+))?/g;

/** Directive lines, as sbatch reads them: from the top to the first line that is not a comment. */
function sbatchDecorations(state: EditorState): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  let read = true;
  for (let n = 1; n <= state.doc.lines; n++) {
    const line = state.doc.line(n);
    const text = line.text;
    const trimmed = text.trim();
    if (n === 1 && text.startsWith('#!')) continue;
    if (trimmed !== '' && !trimmed.startsWith('#')) read = false;
    if (!SBATCH.test(text)) continue;
    ranges.push(
      Decoration.line({
        class: read ? 'cm-sbatch' : 'cm-sbatch cm-sbatch-ignored',
        attributes: read ? {} : { title: 'sbatch ignores #SBATCH lines after the first command' },
      }).range(line.from),
    );
    ranges.push(Decoration.mark({ class: 'cm-sbatch-keyword' }).range(line.from, line.from + 7));
    const rest = text.slice(7);
    const comment = rest.search(/\s#/);
    const options = comment < 0 ? rest : rest.slice(0, comment);
    for (const m of options.matchAll(OPTION)) {
      const start = line.from + 7 + (m.index ?? 0);
      ranges.push(Decoration.mark({ class: 'cm-sbatch-option' }).range(start, start + m[1].length));
      if (m[3]) {
        const valueStart = start + m[0].length - m[3].length;
        ranges.push(Decoration.mark({ class: 'cm-sbatch-value' }).range(valueStart, valueStart + m[3].length));
      }
    }
  }
  return Decoration.set(ranges, true);
}

const sbatchLines = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = sbatchDecorations(view.state);
    }
    update(u: ViewUpdate) {
      if (u.docChanged) this.decorations = sbatchDecorations(u.state);
    }
  },
  { decorations: (v) => v.decorations },
);

/** The message of a mark, written at the end of its line (visible without hovering). */
class MarkWidget extends WidgetType {
  constructor(readonly mark: Mark) {
    super();
  }
  eq(other: MarkWidget) {
    return other.mark.message === this.mark.message && other.mark.severity === this.mark.severity;
  }
  toDOM() {
    const span = document.createElement('span');
    span.className = `cm-federa-mark cm-federa-mark-${this.mark.severity}`;
    span.setAttribute('data-line', String(this.mark.line));
    span.setAttribute('data-severity', this.mark.severity);
    const icon = document.createElement('span');
    icon.className = 'cm-federa-mark-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = this.mark.severity === 'error' ? '✖' : this.mark.severity === 'warning' ? '▲' : 'ℹ';
    const word = document.createElement('span');
    word.className = 'cm-federa-mark-word';
    word.textContent = this.mark.severity === 'error' ? 'Problem: ' : this.mark.severity === 'warning' ? 'Warning: ' : 'Note: ';
    span.append(icon, word, this.mark.message);
    return span;
  }
  ignoreEvent() {
    return true;
  }
}

const setMarks = StateEffect.define<Mark[]>();

function markDecorations(state: EditorState, marks: Mark[]): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  const marked = new Set<number>();
  for (const m of marks) {
    if (m.line < 1 || m.line > state.doc.lines) continue;
    const line = state.doc.line(m.line);
    if (!marked.has(m.line)) {
      marked.add(m.line);
      const worst = marks.some((o) => o.line === m.line && o.severity === 'error')
        ? 'error'
        : marks.some((o) => o.line === m.line && o.severity === 'warning')
          ? 'warning'
          : 'info';
      ranges.push(
        Decoration.line({
          class: `cm-federa-marked cm-federa-marked-${worst}`,
          attributes: { 'data-mark-line': String(m.line) },
        }).range(line.from),
      );
    }
    ranges.push(Decoration.widget({ widget: new MarkWidget(m), side: 1 }).range(line.to));
  }
  return Decoration.set(ranges, true);
}

const marksField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    value = value.map(tr.changes);
    for (const e of tr.effects) if (e.is(setMarks)) value = markDecorations(tr.state, e.value);
    return value;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const highlight = HighlightStyle.define([
  { tag: tags.comment, color: 'var(--federa-code-comment)', fontStyle: 'italic' },
  { tag: tags.keyword, color: 'var(--federa-code-keyword)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--federa-code-string)' },
  { tag: [tags.variableName, tags.special(tags.variableName)], color: 'var(--federa-code-variable)' },
  { tag: [tags.number, tags.bool, tags.atom], color: 'var(--federa-code-number)' },
  { tag: [tags.operator, tags.bracket], color: 'var(--federa-code-operator)' },
  { tag: tags.meta, color: 'var(--federa-code-meta)' },
]);

@customElement('federa-script-editor')
export class FederaScriptEditor extends LitElement {
  @property() value = '';
  @property() label = '';
  @property({ attribute: 'helper-text' }) helperText = '';
  @property() placeholder = '';
  @property({ type: Array }) marks: Mark[] = [];

  private view?: EditorView;
  private pending?: number;
  private sent = '';

  static styles = css`
    :host {
      display: block;
      width: 100%;
    }
    label {
      display: block;
      font-size: var(--lumo-font-size-s);
      font-weight: 500;
      color: var(--lumo-secondary-text-color);
      margin-bottom: var(--lumo-space-xs);
    }
    .help {
      font-size: var(--lumo-font-size-xs);
      color: var(--lumo-secondary-text-color);
      margin-top: var(--lumo-space-xs);
    }
    .frame {
      border: 1px solid var(--federa-border-strong);
      border-radius: var(--lumo-border-radius-m);
      overflow: hidden;
      background: var(--federa-code-bg);
    }
    .frame:focus-within {
      outline: 2px solid var(--federa-focus);
      outline-offset: 1px;
    }
  `;

  render() {
    return html`
      <label id="label" part="label">${this.label}</label>
      <div class="frame" part="frame"></div>
      <div class="help" id="help" part="help">
        ${this.helperText ? html`${this.helperText} ` : ''}Tab indents; to leave the editor press Esc, then Tab
        (or Ctrl-M, then Tab). Problems the portal finds are written on their line; F8 moves to the next one.
      </div>
    `;
  }

  connectedCallback() {
    super.connectedCallback();
    // leaving the editor sends at once (focusout comes before the click on e.g. a Save button)
    this.addEventListener('focusout', this.send);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.removeEventListener('focusout', this.send);
  }

  protected firstUpdated() {
    const parent = this.renderRoot.querySelector('.frame') as HTMLElement;
    this.view = new EditorView({
      parent,
      root: this.renderRoot as ShadowRoot,
      state: EditorState.create({ doc: this.value ?? '', extensions: this.extensions() }),
    });
    this.sent = this.value ?? '';
    this.showMarks();
  }

  private extensions(): Extension[] {
    return [
      lineNumbers(),
      placeholder(this.placeholder ?? ''),
      highlightActiveLineGutter(),
      highlightActiveLine(),
      drawSelection(),
      EditorView.lineWrapping,
      history(),
      StreamLanguage.define(shell),
      syntaxHighlighting(highlight),
      sbatchLines,
      marksField,
      lintGutter(),
      keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap, indentWithTab]),
      EditorView.contentAttributes.of({
        'aria-labelledby': 'label',
        'aria-describedby': 'help',
        spellcheck: 'false',
        autocapitalize: 'off',
        autocorrect: 'off',
      }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) this.scheduleSend();
      }),
      EditorView.theme({
        '&': { fontSize: 'var(--lumo-font-size-s)', color: 'var(--federa-code-fg)', minHeight: '12em' },
        '.cm-scroller': { fontFamily: 'var(--federa-font-mono)', lineHeight: '1.5', maxHeight: '32em' },
        '.cm-content': { caretColor: 'var(--federa-code-fg)', minHeight: '12em' },
        '.cm-gutters': {
          backgroundColor: 'var(--federa-code-gutter-bg)',
          color: 'var(--federa-code-gutter-fg)',
          borderRight: '1px solid var(--federa-border)',
        },
        '.cm-activeLine': { backgroundColor: 'var(--federa-code-active-line)' },
        '.cm-activeLineGutter': { backgroundColor: 'var(--federa-code-active-line)' },
        '&.cm-focused': { outline: 'none' },
        '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': {
          backgroundColor: 'var(--federa-code-selection) !important',
        },
        '.cm-sbatch': { backgroundColor: 'var(--federa-code-sbatch-bg)' },
        // the shell mode calls these lines comments: the directive's own colours win inside them
        '.cm-sbatch .cm-sbatch-keyword, .cm-sbatch .cm-sbatch-keyword *': {
          color: 'var(--federa-code-sbatch)',
          fontWeight: '700',
          fontStyle: 'normal',
        },
        '.cm-sbatch .cm-sbatch-option, .cm-sbatch .cm-sbatch-option *': {
          color: 'var(--federa-code-keyword)',
          fontWeight: '600',
          fontStyle: 'normal',
        },
        '.cm-sbatch .cm-sbatch-value, .cm-sbatch .cm-sbatch-value *': {
          color: 'var(--federa-code-string)',
          fontStyle: 'normal',
        },
        '.cm-sbatch-ignored': { backgroundColor: 'transparent', textDecoration: 'line-through' },
        '.cm-federa-marked-error': { backgroundColor: 'var(--federa-problem-bg)' },
        '.cm-federa-marked-warning': { backgroundColor: 'var(--federa-warning-bg)' },
        '.cm-federa-mark': {
          marginLeft: '1.5em',
          padding: '0 0.4em',
          borderRadius: '3px',
          fontFamily: 'var(--lumo-font-family)',
          fontStyle: 'normal',
          whiteSpace: 'pre-wrap',
        },
        '.cm-federa-mark-error': { color: 'var(--federa-problem-fg)', borderLeft: '3px solid var(--federa-state-failed)' },
        '.cm-federa-mark-warning': { color: 'var(--federa-warning-fg)', borderLeft: '3px solid var(--federa-state-pending)' },
        '.cm-federa-mark-info': { color: 'var(--lumo-secondary-text-color)', borderLeft: '3px solid var(--federa-state-queued)' },
        '.cm-federa-mark-icon': { marginRight: '0.3em' },
        '.cm-federa-mark-word': { fontWeight: '600' },
        '.cm-placeholder': { color: 'var(--lumo-tertiary-text-color)' },
      }),
    ];
  }

  protected updated(changed: PropertyValues<this>) {
    const view = this.view;
    if (!view) return;
    if (changed.has('value')) {
      const value = this.value ?? '';
      if (value !== view.state.doc.toString()) {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
        this.sent = value;
        window.clearTimeout(this.pending);
      }
    }
    if (changed.has('marks')) this.showMarks();
  }

  private showMarks() {
    const view = this.view;
    if (!view) return;
    const marks = (this.marks ?? []).filter((m) => m.line >= 1 && m.line <= view.state.doc.lines);
    const diagnostics: Diagnostic[] = marks.map((m) => {
      const line = view.state.doc.line(m.line);
      return { from: line.from, to: line.to, severity: m.severity, message: m.message };
    });
    view.dispatch(setDiagnostics(view.state, diagnostics), { effects: setMarks.of(marks) });
  }

  private scheduleSend() {
    window.clearTimeout(this.pending);
    this.pending = window.setTimeout(() => this.send(), 300);
  }

  private send = () => {
    window.clearTimeout(this.pending);
    const view = this.view;
    if (!view) return;
    const value = view.state.doc.toString();
    if (value === this.sent) return;
    this.sent = value;
    this.value = value;
    this.dispatchEvent(new CustomEvent('value-changed', { detail: { value } }));
  };

  /** The editor's own text field, for focus() from the server (e.g. after an upload). */
  focus() {
    this.view?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'federa-script-editor': FederaScriptEditor;
  }
}
