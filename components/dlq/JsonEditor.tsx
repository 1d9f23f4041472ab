'use client';

import { json } from '@codemirror/lang-json';
import { oneDark } from '@codemirror/theme-one-dark';
import CodeMirror from '@uiw/react-codemirror';
import { useMediaQuery } from '../data/useMediaQuery';

const EXTENSIONS = [json()];

interface JsonEditorProps {
  value: string;
  onChange: (value: string) => void;
  label: string;
}

/** CodeMirror 6 with JSON highlighting, in the page's light or dark scheme. */
export default function JsonEditor({ value, onChange, label }: JsonEditorProps) {
  const dark = useMediaQuery('(prefers-color-scheme: dark)');
  return (
    <CodeMirror
      className="json-editor"
      data-testid="replay-editor"
      value={value}
      onChange={onChange}
      extensions={EXTENSIONS}
      theme={dark ? oneDark : 'light'}
      height="100%"
      aria-label={label}
      basicSetup={{ foldGutter: true, highlightActiveLine: true, autocompletion: false }}
    />
  );
}
